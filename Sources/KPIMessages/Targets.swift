import CProtobufC
import KPICore
import KPIProtoC

/// The request of `SetTarget`: one override to store, or to remove when it has neither bound.
public struct SetTargetRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.SetTargetRequest"

    public var override: KPITargetOverride

    public init(_ override: KPITargetOverride) {
        self.override = override
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__set_target_request__init) { request in
            request.target = override.makeMessage(in: arena)
        }
        return arena.pack(
            request,
            size: kpi__v1__set_target_request__get_packed_size,
            pack: kpi__v1__set_target_request__pack
        )
    }

    /// - Throws: ``MessageError``; `invalidField` for a missing target, a scope other than the organisation
    ///   or a department, an unknown KPI name, a bound outside the KPI's unit, or min above max.
    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> SetTargetRequest {
        let strings = WireScan.scopeStrings(at: 1, prefix: [1], named: "target.scope") + [([1, 2], "target.kpi")]
        try WireScan.refuseNUL(bytes, at: strings, in: messageType)
        return try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__set_target_request__unpack,
            free: kpi__v1__set_target_request__free_unpacked
        ) { request throws(MessageError) in
            guard let target = request.target?.pointee else {
                throw MessageError.invalid(messageType, field: "target", "required")
            }
            let override = try KPITargetOverride(target, field: "target", in: messageType)
            if let problem = override.target.problem {
                throw MessageError.invalid(messageType, field: "target", problem)
            }
            return SetTargetRequest(override)
        }
    }
}

/// The response of `SetTarget`; it has no fields.
public struct SetTargetResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.SetTargetResponse"

    public init() {}

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let response = arena.message(kpi__v1__set_target_response__init)
        return arena.pack(
            response,
            size: kpi__v1__set_target_response__get_packed_size,
            pack: kpi__v1__set_target_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> SetTargetResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__set_target_response__unpack,
            free: kpi__v1__set_target_response__free_unpacked
        ) { _ throws(MessageError) in SetTargetResponse() }
    }
}

/// The request of `ListTargets`; it has no fields.
public struct ListTargetsRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.ListTargetsRequest"

    public init() {}

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__list_targets_request__init)
        return arena.pack(
            request,
            size: kpi__v1__list_targets_request__get_packed_size,
            pack: kpi__v1__list_targets_request__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> ListTargetsRequest {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__list_targets_request__unpack,
            free: kpi__v1__list_targets_request__free_unpacked
        ) { _ throws(MessageError) in ListTargetsRequest() }
    }
}

/// The response of `ListTargets`: every stored override, and the built-in defaults.
///
/// Decoding skips KPIs this build does not know (a newer server may have more).
public struct ListTargetsResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.ListTargetsResponse"

    public var overrides: [KPITargetOverride]
    public var defaults: [KPITarget]

    public init(overrides: [KPITargetOverride], defaults: [KPITarget] = KPITargets.defaults) {
        self.overrides = overrides
        self.defaults = defaults
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let cOverrides = overrides.map { Optional($0.makeMessage(in: arena)) }
        let cDefaults = defaults.map {
            Optional(KPITargetOverride(scope: .organization, target: $0).makeMessage(in: arena))
        }
        let response = arena.message(kpi__v1__list_targets_response__init) { response in
            response.n_overrides = cOverrides.count
            response.overrides = arena.array(cOverrides)
            response.n_defaults = cDefaults.count
            response.defaults = arena.array(cDefaults)
        }
        return arena.pack(
            response,
            size: kpi__v1__list_targets_response__get_packed_size,
            pack: kpi__v1__list_targets_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> ListTargetsResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__list_targets_response__unpack,
            free: kpi__v1__list_targets_response__free_unpacked
        ) { response throws(MessageError) in
            func known(
                _ pointer: UnsafeMutablePointer<Kpi__V1__TargetOverride>?,
                _ field: String
            )
                throws(MessageError) -> KPITargetOverride?
            {
                guard let message = pointer?.pointee, KPIName.named(message.kpi) != nil else { return nil }
                return try KPITargetOverride(message, field: field, in: messageType)
            }
            var overrides: [KPITargetOverride] = []
            for pointer in ProtobufC.elements(response.overrides, count: response.n_overrides) {
                if let override = try known(pointer, "overrides") { overrides.append(override) }
            }
            var defaults: [KPITarget] = []
            for pointer in ProtobufC.elements(response.defaults, count: response.n_defaults) {
                if let override = try known(pointer, "defaults") { defaults.append(override.target) }
            }
            return ListTargetsResponse(overrides: overrides, defaults: defaults)
        }
    }
}

extension KPIName {
    /// The KPI named by a C string, or nil for a name this build does not know.
    static func named(_ pointer: UnsafePointer<CChar>?) -> KPIName? {
        guard let pointer, let name = ProtobufC.validatedString(pointer) else { return nil }
        return KPIName(rawValue: name)
    }
}

extension KPITargetOverride {
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__TargetOverride> {
        arena.message(kpi__v1__target_override__init) { message in
            switch scope {
            case .organization: message.scope = KPIScope.organization.makeMessage(in: arena)
            case .department(let department): message.scope = KPIScope.department(department).makeMessage(in: arena)
            }
            message.kpi = arena.string(target.kpi.rawValue)
            message.has_min = target.min == nil ? 0 : 1
            message.min = target.min ?? 0
            message.has_max = target.max == nil ? 0 : 1
            message.max = target.max ?? 0
        }
    }

    init(_ message: Kpi__V1__TargetOverride, field: String, in messageType: String) throws(MessageError) {
        let scope = try KPIScope.decode(message.scope, in: messageType)
        let name = try ProtobufC.string(message.kpi, in: messageType, field: "\(field).kpi")
        guard let kpi = KPIName(rawValue: name) else {
            let known = KPIName.allCases.map(\.rawValue).joined(separator: ", ")
            throw MessageError.invalid(messageType, field: "\(field).kpi", "unknown KPI \"\(name)\"; known: \(known)")
        }
        let targetScope: KPITargetScope
        switch scope {
        case .organization: targetScope = .organization
        case .department(let department): targetScope = .department(department)
        default:
            throw MessageError.invalid(
                messageType,
                field: "\(field).scope.kind",
                "targets are set for SCOPE_ORGANIZATION or SCOPE_DEPARTMENT"
            )
        }
        self.init(
            scope: targetScope,
            target: KPITarget(
                kpi,
                min: message.has_min != 0 ? message.min : nil,
                max: message.has_max != 0 ? message.max : nil
            )
        )
    }
}

extension KPIEvaluation {
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__KpiStatus> {
        arena.message(kpi__v1__kpi_status__init) { message in
            message.kpi = arena.string(kpi.rawValue)
            message.value = value
            message.has_min = target.min == nil ? 0 : 1
            message.min = target.min ?? 0
            message.has_max = target.max == nil ? 0 : 1
            message.max = target.max ?? 0
            message.status =
                switch status {
                case .met: KPI__V1__TARGET_STATUS__TARGET_MET
                case .missed: KPI__V1__TARGET_STATUS__TARGET_MISSED
                case .noData: KPI__V1__TARGET_STATUS__TARGET_NO_DATA
                }
        }
    }

    /// The evaluation in a decoded `KpiStatus`; nil for a KPI or status this build does not know.
    init?(_ message: Kpi__V1__KpiStatus) {
        guard let kpi = KPIName.named(message.kpi) else { return nil }
        let status: KPIStatus
        switch message.status {
        case KPI__V1__TARGET_STATUS__TARGET_MET: status = .met
        case KPI__V1__TARGET_STATUS__TARGET_MISSED: status = .missed
        case KPI__V1__TARGET_STATUS__TARGET_NO_DATA: status = .noData
        default: return nil
        }
        self.init(
            target: KPITarget(
                kpi,
                min: message.has_min != 0 ? message.min : nil,
                max: message.has_max != 0 ? message.max : nil
            ),
            value: message.value,
            status: status
        )
    }
}
