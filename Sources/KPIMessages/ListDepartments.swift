import CProtobufC
import KPIProtoC

/// The request of `ListDepartments`; it has no fields.
public struct ListDepartmentsRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.ListDepartmentsRequest"

    public init() {}

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__list_departments_request__init)
        return arena.pack(
            request,
            size: kpi__v1__list_departments_request__get_packed_size,
            pack: kpi__v1__list_departments_request__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> ListDepartmentsRequest {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__list_departments_request__unpack,
            free: kpi__v1__list_departments_request__free_unpacked
        ) { _ throws(MessageError) in ListDepartmentsRequest() }
    }
}

/// The response of `ListDepartments`: every department kpid has seen.
public struct ListDepartmentsResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.ListDepartmentsResponse"

    public var departments: [String]

    public init(departments: [String]) {
        self.departments = departments
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let names = departments.map { Optional(arena.string($0)) }
        let response = arena.message(kpi__v1__list_departments_response__init) { response in
            response.n_departments = names.count
            response.departments = arena.array(names)
        }
        return arena.pack(
            response,
            size: kpi__v1__list_departments_response__get_packed_size,
            pack: kpi__v1__list_departments_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> ListDepartmentsResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__list_departments_response__unpack,
            free: kpi__v1__list_departments_response__free_unpacked
        ) { response throws(MessageError) in
            var departments: [String] = []
            for name in ProtobufC.elements(response.departments, count: response.n_departments) {
                departments.append(try ProtobufC.string(name, in: messageType, field: "departments"))
            }
            return ListDepartmentsResponse(departments: departments)
        }
    }
}
