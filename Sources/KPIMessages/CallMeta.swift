import CProtobufC
import KPIProtoC
import KPIProtocol

/// The meta of a CALL frame: which method, and how long the caller will wait.
public struct CallMeta: WireMessage, Hashable {
    public static let messageType = "kpi.v1.CallMeta"

    /// Full method name; see ``RPCMethod`` for the ones version 1 serves.
    public var method: String
    /// Relative deadline in milliseconds; 0 means the server default.
    public var timeoutMs: UInt32
    /// Per-call credential; reserved, ignored by version 1.
    public var authorization: String
    /// The caller's trace id, echoed in server logs.
    public var traceID: String

    public init(method: String, timeoutMs: UInt32 = 0, authorization: String = "", traceID: String = "") {
        self.method = method
        self.timeoutMs = timeoutMs
        self.authorization = authorization
        self.traceID = traceID
    }

    public init(method: RPCMethod, timeoutMs: UInt32 = 0, authorization: String = "", traceID: String = "") {
        self.init(method: method.rawValue, timeoutMs: timeoutMs, authorization: authorization, traceID: traceID)
    }

    /// The method as an ``RPCMethod``, whether or not this version serves it.
    public var rpcMethod: RPCMethod { RPCMethod(rawValue: method) }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let message = arena.message(kpi__v1__call_meta__init) { message in
            message.method = arena.string(method)
            message.timeout_ms = timeoutMs
            message.authorization = arena.string(authorization)
            message.trace_id = arena.string(traceID)
        }
        return arena.pack(message, size: kpi__v1__call_meta__get_packed_size, pack: kpi__v1__call_meta__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> CallMeta {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__call_meta__unpack,
            free: kpi__v1__call_meta__free_unpacked
        ) { message throws(MessageError) in
            CallMeta(
                method: try ProtobufC.string(message.method, in: messageType, field: "method"),
                timeoutMs: message.timeout_ms,
                authorization: try ProtobufC.string(message.authorization, in: messageType, field: "authorization"),
                traceID: try ProtobufC.string(message.trace_id, in: messageType, field: "trace_id")
            )
        }
    }
}
