/// A count and a sum of seconds, with their mean.
public struct DurationStat: Sendable, Hashable {
    public var count: Int64
    public var sumSeconds: Int64
    /// Median and 90th percentile in seconds (within 1 %), when asked for and known.
    public var medianSeconds: Double?
    public var p90Seconds: Double?

    public init(count: Int64, sumSeconds: Int64, medianSeconds: Double? = nil, p90Seconds: Double? = nil) {
        self.count = count
        self.sumSeconds = sumSeconds
        self.medianSeconds = medianSeconds
        self.p90Seconds = p90Seconds
    }

    /// `sumSeconds / count`, or 0 when nothing was counted.
    public var meanSeconds: Double { count == 0 ? 0 : Double(sumSeconds) / Double(count) }
}

/// A share, kept as its two counts so callers can merge or re-check it.
public struct Ratio: Sendable, Hashable {
    public var numerator: Int64
    public var denominator: Int64

    public init(numerator: Int64, denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// `numerator / denominator`, or 0 when the denominator is 0 (the rate is then undefined).
    public var rate: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }
}

/// The ticket KPIs of one scope over one range (event-time cohort).
public struct KPISet: Sendable, Hashable {
    public var ticketsCreated: Int64 = 0
    /// Tickets whose first resolution falls in the range.
    public var ticketsResolved: Int64 = 0
    /// Every resolution in the range, re-resolutions after a reopen included.
    public var resolutions: Int64 = 0
    public var ticketsReopened: Int64 = 0
    public var ticketsClosed: Int64 = 0
    public var firstResponse = DurationStat(count: 0, sumSeconds: 0)
    public var firstResolution = DurationStat(count: 0, sumSeconds: 0)
    public var fullResolution = DurationStat(count: 0, sumSeconds: 0)
    public var firstContactResolution = Ratio(numerator: 0, denominator: 0)
    public var slaCompliance = Ratio(numerator: 0, denominator: 0)
    /// Tickets open at the end of the range.
    public var backlog: Int64 = 0
    /// Time from a customer's message to the next human reply (after the first response).
    public var replyTime = DurationStat(count: 0, sumSeconds: 0)
    /// Reopens per resolution in the range.
    public var reopenRate = Ratio(numerator: 0, denominator: 0)
    /// Satisfied (4–5) answers among CSAT answers.
    public var csat = Ratio(numerator: 0, denominator: 0)
    public var nps = NPSStat(responses: 0, promoters: 0, detractors: 0)
    public var ces = CESStat(responses: 0, milliPointsSum: 0, lowEffort: 0)
    /// Work seconds, and (ticket, agent) pairs with work: the mean is the average handle time.
    public var handleTime = DurationStat(count: 0, sumSeconds: 0)
    public var bot = BotStat(conversations: 0, contained: 0, escalated: 0)
    /// Handoffs picked up by a human in time and resolved without going back / handoffs.
    public var handoffSuccess = Ratio(numerator: 0, denominator: 0)
    public var automationAccuracy = Ratio(numerator: 0, denominator: 0)
    public var qa = QAStat(reviews: 0, scoreHundredthsSum: 0)

    /// Agent productivity: resolutions per hour of reported work (handle time), or 0 with no work reported.
    public var resolutionsPerWorkHour: Double {
        handleTime.sumSeconds <= 0 ? 0 : Double(resolutions) * 3_600 / Double(handleTime.sumSeconds)
    }

    public init() {}
}

/// Bot conversations started in a range and what became of them.
public struct BotStat: Sendable, Hashable {
    public var conversations: Int64
    public var contained: Int64
    public var escalated: Int64

    public init(conversations: Int64, contained: Int64, escalated: Int64) {
        self.conversations = conversations
        self.contained = contained
        self.escalated = escalated
    }

    public var containment: Ratio { Ratio(numerator: contained, denominator: conversations) }
    public var escalation: Ratio { Ratio(numerator: escalated, denominator: conversations) }
}

/// QA reviews and their mean score (0–100).
public struct QAStat: Sendable, Hashable {
    public var reviews: Int64
    /// Sum of review scores in hundredths of a percent.
    public var scoreHundredthsSum: Int64

    public init(reviews: Int64, scoreHundredthsSum: Int64) {
        self.reviews = reviews
        self.scoreHundredthsSum = scoreHundredthsSum
    }

    /// The mean review score in percent, or 0 with no reviews.
    public var meanScore: Double { reviews == 0 ? 0 : Double(scoreHundredthsSum) / 100 / Double(reviews) }
}

/// Net promoter score counts: NPS = % promoters − % detractors, from −100 to 100.
public struct NPSStat: Sendable, Hashable {
    public var responses: Int64
    public var promoters: Int64
    public var detractors: Int64

    public init(responses: Int64, promoters: Int64, detractors: Int64) {
        self.responses = responses
        self.promoters = promoters
        self.detractors = detractors
    }

    /// The score, or 0 when nobody answered.
    public var score: Double {
        responses == 0 ? 0 : Double(promoters - detractors) * 100 / Double(responses)
    }
}

/// Customer effort counts, on the 7-point scale (5-point answers are mapped onto it).
public struct CESStat: Sendable, Hashable {
    public var responses: Int64
    /// Sum of the answers in thousandths of a point.
    public var milliPointsSum: Int64
    public var lowEffort: Int64

    public init(responses: Int64, milliPointsSum: Int64, lowEffort: Int64) {
        self.responses = responses
        self.milliPointsSum = milliPointsSum
        self.lowEffort = lowEffort
    }

    /// The mean answer (1–7), or 0 when nobody answered.
    public var mean: Double { responses == 0 ? 0 : Double(milliPointsSum) / 1000 / Double(responses) }

    /// The share of low-effort answers.
    public var lowEffortRate: Ratio { Ratio(numerator: lowEffort, denominator: responses) }
}

/// One agent's line in a department's breakdown.
public struct AgentFigures: Sendable, Hashable {
    public var agent: String
    public var resolutions: Int64
    public var ticketsResolved: Int64

    public init(agent: String, resolutions: Int64, ticketsResolved: Int64) {
        self.agent = agent
        self.resolutions = resolutions
        self.ticketsResolved = ticketsResolved
    }
}
