/// The counters kept per scope and time bucket. The raw value is the short name used as part of a Redis
/// hash field, so it must never change for a counter that has been written.
public enum KPICounter: String, Sendable, CaseIterable {
    case ticketsCreated = "c"
    case resolutions = "r"
    case ticketsReopened = "ro"
    case ticketsClosed = "cl"
    case firstResponseCount = "frn"
    case firstResponseSeconds = "frs"
    case firstResolutionCount = "r1n"
    case firstResolutionSeconds = "r1s"
    case fullResolutionCount = "rfn"
    case fullResolutionSeconds = "rfs"
    case firstContactResolutions = "fcr"
    case slaKnown = "sln"
    case slaMet = "slm"
    /// Net change in open tickets; its sum over all time before `t` is the backlog at `t`.
    case openDelta = "o"
    case replyCount = "rpn"
    case replySeconds = "rps"
    case csatResponses = "csn"
    case csatSatisfied = "csp"
    case npsResponses = "npn"
    case npsPromoters = "npp"
    case npsDetractors = "npd"
    case cesResponses = "cen"
    /// Sum of CES answers on the 7-point scale, in thousandths.
    case cesMilliPoints = "cem"
    case cesLowEffort = "cel"
    case handleSeconds = "hts"
    /// (ticket, agent) pairs with work, counted at the pair's first work report.
    case handledTickets = "htn"
    case botConversations = "bcn"
    case botContained = "bcc"
    case botEscalated = "bce"
    case handoffs = "hhn"
    case handoffSuccesses = "hhs"
    case automationReviewed = "avn"
    case automationCorrect = "avc"
    case qaReviews = "qan"
    /// Sum of QA review scores in hundredths of a percent.
    case qaScoreHundredths = "qas"
}

/// One change to one counter: `delta` added to `counter` of `scope` in the bucket of epoch minute `minute`.
public struct CounterDelta: Sendable, Hashable {
    public var scope: KPIScope
    public var minute: Int64
    public var counter: KPICounter
    public var delta: Int64
    /// For a duration's histogram: the `DurationHistogram` bin this change counts in (nil = a plain counter).
    public var bin: Int32?

    public init(scope: KPIScope, minute: Int64, counter: KPICounter, delta: Int64, bin: Int32? = nil) {
        self.scope = scope
        self.minute = minute
        self.counter = counter
        self.delta = delta
        self.bin = bin
    }
}

extension KPICounter {
    /// The duration counters that also keep a histogram (for median and p90), by their count counter.
    public static let histogrammed: [KPICounter] = [
        .firstResponseCount, .firstResolutionCount, .fullResolutionCount, .replyCount,
    ]
}

extension KPISet {
    /// Builds the KPI set from counter sums over a range, plus the backlog (open deltas summed up to the
    /// range's end).
    public init(sums: [KPICounter: Int64], backlog: Int64) {
        func sum(_ counter: KPICounter) -> Int64 { sums[counter] ?? 0 }
        self.init()
        ticketsCreated = sum(.ticketsCreated)
        ticketsResolved = sum(.firstResolutionCount)
        resolutions = sum(.resolutions)
        ticketsReopened = sum(.ticketsReopened)
        ticketsClosed = sum(.ticketsClosed)
        firstResponse = DurationStat(count: sum(.firstResponseCount), sumSeconds: sum(.firstResponseSeconds))
        firstResolution = DurationStat(count: sum(.firstResolutionCount), sumSeconds: sum(.firstResolutionSeconds))
        fullResolution = DurationStat(count: sum(.fullResolutionCount), sumSeconds: sum(.fullResolutionSeconds))
        firstContactResolution = Ratio(
            numerator: sum(.firstContactResolutions),
            denominator: sum(.firstResolutionCount)
        )
        slaCompliance = Ratio(numerator: sum(.slaMet), denominator: sum(.slaKnown))
        self.backlog = backlog
        replyTime = DurationStat(count: sum(.replyCount), sumSeconds: sum(.replySeconds))
        reopenRate = Ratio(numerator: sum(.ticketsReopened), denominator: sum(.resolutions))
        csat = Ratio(numerator: sum(.csatSatisfied), denominator: sum(.csatResponses))
        nps = NPSStat(responses: sum(.npsResponses), promoters: sum(.npsPromoters), detractors: sum(.npsDetractors))
        ces = CESStat(
            responses: sum(.cesResponses),
            milliPointsSum: sum(.cesMilliPoints),
            lowEffort: sum(.cesLowEffort)
        )
        handleTime = DurationStat(count: sum(.handledTickets), sumSeconds: sum(.handleSeconds))
        bot = BotStat(
            conversations: sum(.botConversations),
            contained: sum(.botContained),
            escalated: sum(.botEscalated)
        )
        handoffSuccess = Ratio(numerator: sum(.handoffSuccesses), denominator: sum(.handoffs))
        automationAccuracy = Ratio(numerator: sum(.automationCorrect), denominator: sum(.automationReviewed))
        qa = QAStat(reviews: sum(.qaReviews), scoreHundredthsSum: sum(.qaScoreHundredths))
    }
}
