/// What kpid remembers about one ticket between its events: enough to compute durations and to withdraw
/// figures that a later event overrides.
public struct TicketState: Sendable, Hashable {
    public var createdMs: Int64
    /// The channel the ticket came in through ("" = not given); every figure of the ticket also counts there.
    public var channel: String = ""
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
    /// The ticket's bot conversation, if a bot started one.
    public var bot: BotConversation?
    /// The latest handoff from the bot to a human, while it can still succeed (nil once the conversation went back
    /// to the bot).
    public var handoff: Handoff?
    /// Agents who reported work on the ticket (handle time counts each ticket once per agent).
    public var workedAgents: Set<String> = []

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

/// A bot conversation and what became of it, counted where it started.
public struct BotConversation: Sendable, Hashable {
    public enum Outcome: Int, Sendable, Hashable {
        /// Still with the bot. → `.contained` (bot resolved) or `.escalated` (handed to a human).
        case open = 0
        /// Resolved by the bot. → `.escalated` if the customer comes back and is handed to a human.
        case contained = 1
        /// Handed to a human; final.
        case escalated = 2
    }

    public var countedAt: CountedAt
    public var outcome: Outcome

    public init(countedAt: CountedAt, outcome: Outcome) {
        self.countedAt = countedAt
        self.outcome = outcome
    }
}

/// A handoff to a human: when and where it was counted, whether a human picked it up in time (unknown until
/// the first reply), and whether it is counted as a success.
public struct Handoff: Sendable, Hashable {
    public var countedAt: CountedAt
    public var atMs: Int64
    public var pickedUpInTime: Bool?
    public var succeeded: Bool

    public init(countedAt: CountedAt, atMs: Int64, pickedUpInTime: Bool? = nil, succeeded: Bool = false) {
        self.countedAt = countedAt
        self.atMs = atMs
        self.pickedUpInTime = pickedUpInTime
        self.succeeded = succeeded
    }
}
