import CProtobufC
import KPIProtoC

/// Why a server sends GOAWAY (protobuf `kpi.v1.GoAwayReason`). Unknown numbers are kept
/// as they are.
public struct GoAwayReason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The connection is being closed without any fault, such as after the last call of
    /// a drained client.
    public static let noError = GoAwayReason(rawValue: 0)
    /// The server is shutting down.
    public static let shutdown = GoAwayReason(rawValue: 1)
    /// The client broke the protocol: bad header, CALL before HELLO, reused stream id and the like.
    public static let protocolError = GoAwayReason(rawValue: 2)
    /// A frame passed the hard size cap.
    public static let frameTooLarge = GoAwayReason(rawValue: 3)
    /// No calls and no frames for the idle timeout.
    public static let idleTimeout = GoAwayReason(rawValue: 4)
    /// The connection reached its maximum age; reconnect to spread load.
    public static let maxAge = GoAwayReason(rawValue: 5)

    /// The protobuf enum value's name, such as `GOAWAY_SHUTDOWN`.
    public var name: String {
        switch rawValue {
        case 0: "GOAWAY_NO_ERROR"
        case 1: "GOAWAY_SHUTDOWN"
        case 2: "GOAWAY_PROTOCOL_ERROR"
        case 3: "GOAWAY_FRAME_TOO_LARGE"
        case 4: "GOAWAY_IDLE_TIMEOUT"
        case 5: "GOAWAY_MAX_AGE"
        default: "GOAWAY_\(rawValue)"
        }
    }

    public var description: String { name }
}

/// The meta of a GOAWAY frame: no new calls on this connection.
public struct GoAway: WireMessage, Hashable {
    public static let messageType = "kpi.v1.GoAway"

    /// Calls with a stream id above this were not processed and may be retried elsewhere.
    public var lastStreamID: UInt32
    public var reason: GoAwayReason
    /// Words for logs.
    public var message: String

    public init(lastStreamID: UInt32, reason: GoAwayReason, message: String = "") {
        self.lastStreamID = lastStreamID
        self.reason = reason
        self.message = message
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let goAway = arena.message(kpi__v1__go_away__init) { goAway in
            goAway.last_stream_id = lastStreamID
            goAway.reason = Kpi__V1__GoAwayReason(rawValue: reason.rawValue)
            goAway.message = arena.string(message)
        }
        return arena.pack(goAway, size: kpi__v1__go_away__get_packed_size, pack: kpi__v1__go_away__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> GoAway {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__go_away__unpack,
            free: kpi__v1__go_away__free_unpacked
        ) { goAway throws(MessageError) in
            GoAway(
                lastStreamID: goAway.last_stream_id,
                reason: GoAwayReason(rawValue: goAway.reason.rawValue),
                message: try ProtobufC.string(goAway.message, in: messageType, field: "message")
            )
        }
    }
}
