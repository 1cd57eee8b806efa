import CProtobufC
import KPIProtoC

/// The request of `Health`; it has no fields.
public struct HealthRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.HealthRequest"

    public init() {}

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__health_request__init)
        return arena.pack(request, size: kpi__v1__health_request__get_packed_size, pack: kpi__v1__health_request__pack)
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> HealthRequest {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__health_request__unpack,
            free: kpi__v1__health_request__free_unpacked
        ) { _ throws(MessageError) in HealthRequest() }
    }
}

/// The response of `Health`: whether this instance serves, and what it runs.
public struct HealthResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.HealthResponse"

    /// SERVING when true, NOT_SERVING when false; SERVING_UNKNOWN decodes as false.
    public var serving: Bool
    public var redisConnected: Bool
    public var version: String
    public var serverID: String

    public init(serving: Bool, redisConnected: Bool, version: String, serverID: String) {
        self.serving = serving
        self.redisConnected = redisConnected
        self.version = version
        self.serverID = serverID
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let response = arena.message(kpi__v1__health_response__init) { response in
            response.status = serving ? KPI__V1__SERVING_STATUS__SERVING : KPI__V1__SERVING_STATUS__NOT_SERVING
            response.redis_connected = redisConnected ? 1 : 0
            response.version = arena.string(version)
            response.server_id = arena.string(serverID)
        }
        return arena.pack(
            response,
            size: kpi__v1__health_response__get_packed_size,
            pack: kpi__v1__health_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> HealthResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__health_response__unpack,
            free: kpi__v1__health_response__free_unpacked
        ) { response throws(MessageError) in
            HealthResponse(
                serving: response.status == KPI__V1__SERVING_STATUS__SERVING,
                redisConnected: response.redis_connected != 0,
                version: try ProtobufC.string(response.version, in: messageType, field: "version"),
                serverID: try ProtobufC.string(response.server_id, in: messageType, field: "server_id")
            )
        }
    }
}
