/// Whose figures: the whole organisation, one department, one agent, or one agent within one department.
public enum KPIScope: Sendable, Hashable {
    case organization
    case department(String)
    case agent(String)
    case departmentAgent(department: String, agent: String)
    /// Every ticket that came in through one channel (email, chat, phone…), wherever it went.
    case channel(String)
}
