import CProtobufC
import KPIProtoC

/// The meta of a HELLO frame: the first frame a client sends, on stream 0.
public struct Hello: WireMessage, Hashable {
    public static let messageType = "kpi.v1.Hello"

    /// Protocol versions the client speaks; the server picks the highest it shares.
    public var versions: [UInt32]
    /// Free-form client name and instance, for the server's logs.
    public var clientName: String
    /// Bearer credential; reserved, ignored by version 1.
    public var authorization: String

    public init(versions: [UInt32] = [1], clientName: String = "", authorization: String = "") {
        self.versions = versions
        self.clientName = clientName
        self.authorization = authorization
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let message = arena.message(kpi__v1__hello__init) { message in
            message.n_versions = versions.count
            message.versions = arena.array(versions)
            message.client_name = arena.string(clientName)
            message.authorization = arena.string(authorization)
        }
        return arena.pack(message, size: kpi__v1__hello__get_packed_size, pack: kpi__v1__hello__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> Hello {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__hello__unpack,
            free: kpi__v1__hello__free_unpacked
        ) { message throws(MessageError) in
            Hello(
                versions: Array(ProtobufC.elements(message.versions, count: message.n_versions)),
                clientName: try ProtobufC.string(message.client_name, in: messageType, field: "client_name"),
                authorization: try ProtobufC.string(message.authorization, in: messageType, field: "authorization")
            )
        }
    }
}
