/// One fact about a ticket, as a support platform reports it.
///
/// `eventID` is chosen by the caller and makes ingestion idempotent: the same id sent again for the same
/// ticket is counted once. `department` and `agent` name who holds the ticket at `timeMs` (empty = nobody).
public struct TicketEvent: Sendable, Hashable {
    public var eventID: String
    public var ticketID: String
    /// When it happened, Unix time in milliseconds (UTC).
    public var timeMs: Int64
    public var department: String
    public var agent: String
    public var kind: TicketEventKind

    public init(
        eventID: String,
        ticketID: String,
        timeMs: Int64,
        department: String = "",
        agent: String = "",
        kind: TicketEventKind
    ) {
        self.eventID = eventID
        self.ticketID = ticketID
        self.timeMs = timeMs
        self.department = department
        self.agent = agent
        self.kind = kind
    }
}

/// What happened to the ticket.
public enum TicketEventKind: Sendable, Hashable {
    case created(channel: String, priority: String)
    /// The ticket moved to the event's department and/or agent.
    case assigned
    /// The first public reply by a human agent.
    case firstResponse
    case resolved(sla: SLAOutcome, firstContact: FirstContact)
    case reopened
    case closed

    /// A short lowercase name, used in logs, errors and the importer's summary.
    public var name: String {
        switch self {
        case .created: "created"
        case .assigned: "assigned"
        case .firstResponse: "first_response"
        case .resolved: "resolved"
        case .reopened: "reopened"
        case .closed: "closed"
        }
    }
}

/// Whether a resolution met its SLA target, as the source platform judged it.
public enum SLAOutcome: Int, Sendable, Hashable {
    case unknown = 0
    case met = 1
    case breached = 2
}

/// Whether a resolution was a first-contact resolution. `.unknown` lets kpid decide: the ticket was
/// resolved without being reassigned since it was created.
public enum FirstContact: Int, Sendable, Hashable {
    case unknown = 0
    case yes = 1
    case no = 2
}
