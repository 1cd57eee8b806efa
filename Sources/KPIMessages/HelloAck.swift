import CProtobufC
import KPIProtoC
import KPIProtocol

/// The meta of a HELLO_ACK frame: the server's answer to ``Hello``, with the limits it enforces.
public struct HelloAck: WireMessage, Hashable {
    public static let messageType = "kpi.v1.HelloAck"

    /// The protocol version chosen for this connection.
    public var version: UInt32
    /// Largest frame (meta + payload bytes) the server accepts.
    public var maxFrameSize: UInt32
    /// Calls that may be in flight at once; more are refused with UNAVAILABLE.
    public var maxConcurrentCalls: UInt32
    /// A connection with no calls and no frames for this long is closed with GOAWAY.
    public var idleTimeoutMs: UInt32
    public var serverID: String

    public init(
        version: UInt32 = 1,
        maxFrameSize: UInt32,
        maxConcurrentCalls: UInt32,
        idleTimeoutMs: UInt32,
        serverID: String
    ) {
        self.version = version
        self.maxFrameSize = maxFrameSize
        self.maxConcurrentCalls = maxConcurrentCalls
        self.idleTimeoutMs = idleTimeoutMs
        self.serverID = serverID
    }

    /// The answer announcing `limits`, for protocol version 1.
    public init(limits: ProtocolLimits, serverID: String) {
        self.init(
            version: 1,
            maxFrameSize: UInt32(clamping: limits.maxFrameSize),
            maxConcurrentCalls: UInt32(clamping: limits.maxConcurrentCalls),
            idleTimeoutMs: UInt32(clamping: limits.idleTimeoutMs),
            serverID: serverID
        )
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let message = arena.message(kpi__v1__hello_ack__init) { message in
            message.version = version
            message.max_frame_size = maxFrameSize
            message.max_concurrent_calls = maxConcurrentCalls
            message.idle_timeout_ms = idleTimeoutMs
            message.server_id = arena.string(serverID)
        }
        return arena.pack(message, size: kpi__v1__hello_ack__get_packed_size, pack: kpi__v1__hello_ack__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> HelloAck {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__hello_ack__unpack,
            free: kpi__v1__hello_ack__free_unpacked
        ) { message throws(MessageError) in
            HelloAck(
                version: message.version,
                maxFrameSize: message.max_frame_size,
                maxConcurrentCalls: message.max_concurrent_calls,
                idleTimeoutMs: message.idle_timeout_ms,
                serverID: try ProtobufC.string(message.server_id, in: messageType, field: "server_id")
            )
        }
    }
}
