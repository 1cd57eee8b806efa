import KPICore

/// What is wrong with one event of a ``RecordEventsRequest``. New problems may be added.
public struct EventProblem: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A required field is empty.
    public static let missing = EventProblem(rawValue: "missing")
    /// A string is longer than ``EventLimits/maxStringBytes`` bytes.
    public static let tooLong = EventProblem(rawValue: "too_long")
    /// A string is not valid UTF-8.
    public static let invalidUTF8 = EventProblem(rawValue: "invalid_utf8")
    /// A string contains a NUL byte.
    public static let containsNUL = EventProblem(rawValue: "contains_nul")
    /// A number is outside its valid range.
    public static let outOfRange = EventProblem(rawValue: "out_of_range")
    /// An enum holds a value this version does not know.
    public static let unknownValue = EventProblem(rawValue: "unknown_value")

    public var description: String { rawValue }
}

/// The bounds an event must respect.
public enum EventLimits {
    /// Longest event id, ticket id, department, agent, channel or priority, in UTF-8 bytes.
    public static let maxStringBytes = 128
    /// 10000-01-01T00:00:00Z in Unix milliseconds; event times must be before it.
    public static let endOfTimeMs: Int64 = 253_402_300_800_000
}

/// An event of a ``RecordEventsRequest`` that was decoded but breaks the contract.
public struct InvalidEvent: Sendable, Hashable {
    /// The event's `event_id` as sent, with invalid UTF-8 replaced and cut
    /// to ``EventLimits/maxStringBytes`` bytes.
    public var eventID: String
    /// The offending field, such as `ticket_id` or `ticket_resolved.sla`.
    public var field: String
    public var problem: EventProblem
    /// A sentence for the caller, such as `ticket_id: must not be empty`.
    public var reason: String

    public init(eventID: String, field: String, problem: EventProblem, reason: String) {
        self.eventID = eventID
        self.field = field
        self.problem = problem
        self.reason = reason
    }
}

/// One event of a decoded ``RecordEventsRequest``: usable, or rejected with its reason.
public enum DecodedEvent: Sendable, Hashable {
    case valid(TicketEvent)
    case invalid(InvalidEvent)

    /// The event id the result for this event should carry.
    public var eventID: String {
        switch self {
        case .valid(let event): event.eventID
        case .invalid(let invalid): invalid.eventID
        }
    }
}
