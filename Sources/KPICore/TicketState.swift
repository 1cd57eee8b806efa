/// What kpid remembers about one ticket between its events: enough to compute durations and to withdraw
/// figures that a later event overrides.
public struct TicketState: Sendable, Hashable {
    public var createdMs: Int64
    public var holder: TicketHolder
    public var isOpen: Bool
    public var isClosed: Bool
    /// Whether the ticket was ever closed: `tickets_closed` counts a ticket's first close only.
    public var hasBeenClosed: Bool
    public var hasFirstResponse: Bool
    public var hasBeenResolved: Bool
    public var wasReassigned: Bool
    /// The ticket's latest resolution, counted in the full-resolution and SLA figures.
    public var latestResolution: LatestResolution?
    /// Where a first-contact resolution was counted, while it still stands.
    public var firstContactCredit: CountedAt?

    public init(createdMs: Int64, holder: TicketHolder) {
        self.createdMs = createdMs
        self.holder = holder
        self.isOpen = true
        self.isClosed = false
        self.hasBeenClosed = false
        self.hasFirstResponse = false
        self.hasBeenResolved = false
        self.wasReassigned = false
        self.latestResolution = nil
        self.firstContactCredit = nil
    }
}

/// The resolution a ticket's full-resolution time and SLA outcome are taken from.
public struct LatestResolution: Sendable, Hashable {
    public var countedAt: CountedAt
    public var seconds: Int64
    public var sla: SLAOutcome

    public init(countedAt: CountedAt, seconds: Int64, sla: SLAOutcome) {
        self.countedAt = countedAt
        self.seconds = seconds
        self.sla = sla
    }
}
