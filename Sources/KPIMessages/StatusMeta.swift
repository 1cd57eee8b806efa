import CProtobufC
import KPIProtoC
import KPIProtocol

/// The meta of a STATUS frame (protobuf `kpi.v1.Status`): how a call ended.
public struct StatusMeta: WireMessage, Hashable {
    public static let messageType = "kpi.v1.Status"

    public var code: StatusCode
    /// Words for the caller; empty for OK.
    public var message: String
    /// When not 0, the caller may retry after this many milliseconds.
    public var retryAfterMs: UInt32

    public init(code: StatusCode, message: String = "", retryAfterMs: UInt32 = 0) {
        self.code = code
        self.message = message
        self.retryAfterMs = retryAfterMs
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let status = arena.message(kpi__v1__status__init) { status in
            status.code = code.rawValue
            status.message = arena.string(message)
            status.retry_after_ms = retryAfterMs
        }
        return arena.pack(status, size: kpi__v1__status__get_packed_size, pack: kpi__v1__status__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> StatusMeta {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__status__unpack,
            free: kpi__v1__status__free_unpacked
        ) { status throws(MessageError) in
            StatusMeta(
                code: StatusCode(rawValue: status.code),
                message: try ProtobufC.string(status.message, in: messageType, field: "message"),
                retryAfterMs: status.retry_after_ms
            )
        }
    }
}
