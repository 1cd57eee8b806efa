/// A count and a sum of seconds, with their mean.
public struct DurationStat: Sendable, Hashable {
    public var count: Int64
    public var sumSeconds: Int64

    public init(count: Int64, sumSeconds: Int64) {
        self.count = count
        self.sumSeconds = sumSeconds
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

    public init() {}
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
