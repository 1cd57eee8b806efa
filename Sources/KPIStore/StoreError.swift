/// Why a store operation failed as a whole.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// Redis is unreachable or dropped the connection; nothing acknowledged was lost, retry the call.
        case unavailable
        /// Redis answered something kpid cannot use (a script error, a corrupt record).
        case `internal`
        /// The department or agent asked about has never appeared in an event.
        case notFound
    }

    public var code: Code
    /// What went wrong, for logs; callers get a generic message for `.internal`.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func from(_ reply: RedisReply) -> StoreError {
        switch reply {
        case .unavailable(let message): StoreError(.unavailable, message)
        case .error(let message) where message.hasPrefix("LOADING") || message.hasPrefix("BUSY"):
            StoreError(.unavailable, message)
        case .error(let message): StoreError(.internal, message)
        default: StoreError(.internal, "unexpected reply \(reply)")
        }
    }
}

/// What became of one event.
public enum RecordOutcome: Sendable, Hashable {
    case accepted
    /// Already counted: sent before with the same event id for the same ticket.
    case duplicate
    case rejected(String)
}
