/// Who holds a ticket: a department and an agent, either of which may be empty.
public struct TicketHolder: Sendable, Hashable {
    public var department: String
    public var agent: String

    public init(department: String, agent: String) {
        self.department = department
        self.agent = agent
    }

    /// The scopes a figure credited to this holder is counted in.
    public var scopes: [KPIScope] {
        var scopes: [KPIScope] = [.organization]
        if !department.isEmpty { scopes.append(.department(department)) }
        if !agent.isEmpty { scopes.append(.agent(agent)) }
        if !department.isEmpty && !agent.isEmpty {
            scopes.append(.departmentAgent(department: department, agent: agent))
        }
        return scopes
    }

    /// Whether moving from `self` to `other` is a reassignment: another department, or another named
    /// agent. Taking a ticket nobody held, or that had no agent yet, is not.
    public func isReassignment(to other: TicketHolder) -> Bool {
        if !department.isEmpty && department != other.department { return true }
        return !agent.isEmpty && agent != other.agent
    }
}

/// Where and when a figure was counted, so it can be withdrawn from the same buckets later.
public struct CountedAt: Sendable, Hashable {
    public var minute: Int64
    public var holder: TicketHolder

    public init(minute: Int64, holder: TicketHolder) {
        self.minute = minute
        self.holder = holder
    }
}
