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
    /// Since when the customer has been waiting for a reply (set by their first message after a reply).
    public var waitingSinceMs: Int64?
    /// Who sent the latest public human reply.
    public var lastResponder: TicketHolder?
    /// The last human responder before the latest resolution: survey answers are credited to them.
    public var responderAtResolution: TicketHolder?
    /// The survey answer counted for each kind, so a re-rating replaces it.
    public var surveys: [SurveyAnswer.Kind: CountedSurvey] = [:]

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

/// A survey answer and where it was counted.
public struct CountedSurvey: Sendable, Hashable {
    public var countedAt: CountedAt
    public var answer: SurveyAnswer

    public init(countedAt: CountedAt, answer: SurveyAnswer) {
        self.countedAt = countedAt
        self.answer = answer
    }
}
