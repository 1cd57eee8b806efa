import CProtobufC
import KPICore
import KPIProtoC

extension KPIScope {
    /// Builds the C `Scope` for this scope in `arena`.
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__Scope> {
        arena.message(kpi__v1__scope__init) { scope in
            switch self {
            case .organization:
                scope.kind = KPI__V1__SCOPE_KIND__SCOPE_ORGANIZATION
            case .department(let department):
                scope.kind = KPI__V1__SCOPE_KIND__SCOPE_DEPARTMENT
                scope.department = arena.string(department)
            case .agent(let agent):
                scope.kind = KPI__V1__SCOPE_KIND__SCOPE_AGENT
                scope.agent = arena.string(agent)
            case .departmentAgent(let department, let agent):
                scope.kind = KPI__V1__SCOPE_KIND__SCOPE_AGENT
                scope.department = arena.string(department)
                scope.agent = arena.string(agent)
            case .channel(let channel):
                scope.kind = KPI__V1__SCOPE_KIND__SCOPE_CHANNEL
                scope.channel = arena.string(channel)
            }
        }
    }

    /// Converts and checks a decoded C `Scope`; an absent scope is the organisation, as
    /// proto3 defaults say.
    ///
    /// A department scope needs a department and no agent; an agent scope needs an agent and may
    /// name a department; the organisation names neither, so a forgotten `kind` is not read as
    /// the whole organisation.
    static func decode(
        _ pointer: UnsafeMutablePointer<Kpi__V1__Scope>?,
        in messageType: String
    ) throws(MessageError)
        -> KPIScope
    {
        guard let scope = pointer?.pointee else { return .organization }
        let department = try scopeString(scope.department, field: "scope.department", in: messageType)
        let agent = try scopeString(scope.agent, field: "scope.agent", in: messageType)
        let channel = try scopeString(scope.channel, field: "scope.channel", in: messageType)
        guard channel.isEmpty || scope.kind == KPI__V1__SCOPE_KIND__SCOPE_CHANNEL else {
            throw MessageError.invalid(messageType, field: "scope.channel", "only SCOPE_CHANNEL takes a channel")
        }

        switch scope.kind {
        case KPI__V1__SCOPE_KIND__SCOPE_ORGANIZATION:
            guard department.isEmpty, agent.isEmpty else {
                let field = department.isEmpty ? "scope.agent" : "scope.department"
                throw MessageError.invalid(messageType, field: field, "must be empty for SCOPE_ORGANIZATION")
            }
            return .organization
        case KPI__V1__SCOPE_KIND__SCOPE_DEPARTMENT:
            guard !department.isEmpty else {
                throw MessageError.invalid(messageType, field: "scope.department", "required for SCOPE_DEPARTMENT")
            }
            guard agent.isEmpty else {
                throw MessageError.invalid(
                    messageType,
                    field: "scope.agent",
                    "must be empty for SCOPE_DEPARTMENT; use SCOPE_AGENT for an agent within a department"
                )
            }
            return .department(department)
        case KPI__V1__SCOPE_KIND__SCOPE_AGENT:
            guard !agent.isEmpty else {
                throw MessageError.invalid(messageType, field: "scope.agent", "required for SCOPE_AGENT")
            }
            return department.isEmpty ? .agent(agent) : .departmentAgent(department: department, agent: agent)
        case KPI__V1__SCOPE_KIND__SCOPE_CHANNEL:
            guard !channel.isEmpty else {
                throw MessageError.invalid(messageType, field: "scope.channel", "required for SCOPE_CHANNEL")
            }
            guard department.isEmpty, agent.isEmpty else {
                let field = department.isEmpty ? "scope.agent" : "scope.department"
                throw MessageError.invalid(messageType, field: field, "must be empty for SCOPE_CHANNEL")
            }
            return .channel(channel)
        default:
            throw MessageError.invalid(messageType, field: "scope.kind", "unknown value \(scope.kind.rawValue)")
        }
    }
}

/// A department or agent name: valid UTF-8 of at most ``EventLimits/maxStringBytes`` bytes.
private func scopeString(
    _ pointer: UnsafePointer<CChar>?,
    field: String,
    in messageType: String
) throws(MessageError) -> String {
    let string = try ProtobufC.string(pointer, in: messageType, field: field)
    guard string.utf8.count <= EventLimits.maxStringBytes else {
        throw MessageError.invalid(messageType, field: field, "must be at most \(EventLimits.maxStringBytes) bytes")
    }
    return string
}
