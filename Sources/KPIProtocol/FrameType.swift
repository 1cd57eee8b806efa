/// The type byte of a frame. Values this version does not know are kept, so the connection
/// can skip them.
public struct FrameType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Client, stream 0, first frame: `Hello` meta.
    public static let hello = FrameType(rawValue: 0x01)
    /// Server, stream 0: `HelloAck` meta.
    public static let helloAck = FrameType(rawValue: 0x02)
    /// Client: opens a call; `CallMeta` meta, request payload.
    public static let call = FrameType(rawValue: 0x10)
    /// Server: one message of a server-streaming call (reserved in version 1).
    public static let message = FrameType(rawValue: 0x11)
    /// Server: ends a call; `Status` meta, response payload when the code is OK.
    public static let status = FrameType(rawValue: 0x12)
    /// Client: stops a call; empty meta and payload.
    public static let cancel = FrameType(rawValue: 0x13)
    /// Either side, stream 0: 8-byte payload to echo.
    public static let ping = FrameType(rawValue: 0x20)
    /// Answer to PING, echoing its payload.
    public static let pong = FrameType(rawValue: 0x21)
    /// Server, stream 0: no new calls on this connection; `GoAway` meta.
    public static let goAway = FrameType(rawValue: 0x22)

    /// Every type version 1 defines.
    public static let known: [FrameType] = [
        .hello, .helloAck, .call, .message, .status, .cancel, .ping, .pong, .goAway,
    ]

    /// Whether version 1 defines this type; unknown types are skipped, not rejected.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The name used in the protocol document, such as `HELLO_ACK`, or `0x7F` for an unknown type.
    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .helloAck: "HELLO_ACK"
        case .call: "CALL"
        case .message: "MESSAGE"
        case .status: "STATUS"
        case .cancel: "CANCEL"
        case .ping: "PING"
        case .pong: "PONG"
        case .goAway: "GOAWAY"
        default: "0x" + String(rawValue, radix: 16, uppercase: true)
        }
    }

    public var description: String { name }
}
