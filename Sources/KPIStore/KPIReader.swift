import KPICore

/// The figures of one scope over one range, as read from Redis.
public struct KPIReadResult: Sendable, Hashable {
    public var kpis: KPISet
    public var agents: [AgentFigures]
    /// The range the figures cover (epoch minutes), after flooring edges whose fine buckets have expired.
    public var fromMinute: Int64
    public var toMinute: Int64
    /// Whether the covered range differs from the one asked for.
    public var isAdjusted: Bool
}

/// Reads a scope's KPIs with one script call that sums the few bucket hashes covering the range.
///
/// The range's counters and the backlog (open deltas from the beginning of time to the range's end) come
/// from the same call; a department's agents add their own rows to it, since their keys share the
/// department's hash tag.
final class KPIReader {
    private let connection: RedisConnection
    private let scripts: ScriptRunner
    private let configuration: StoreConfiguration

    init(connection: RedisConnection, scripts: ScriptRunner, configuration: StoreConfiguration) {
        self.connection = connection
        self.scripts = scripts
        self.configuration = configuration
    }

    func read(
        scope: KPIScope,
        fromMinute: Int64,
        toMinute: Int64,
        includeAgents: Bool,
        completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        guard let (setKey, name) = Self.membership(of: scope) else {
            return readFigures(scope, fromMinute, toMinute, includeAgents, completion)
        }
        // The name check and the read go out together (pipelined); the answer waits for both.
        var isKnown: Bool?
        var figures: Result<KPIReadResult, StoreError>?
        func answerWhenBothArrived() {
            guard let isKnown, let figures else { return }
            guard isKnown else {
                return completion(.failure(StoreError(.notFound, "\(Self.describe(scope)) has no events in kpid")))
            }
            completion(figures)
        }
        connection.send(["SISMEMBER", setKey, name]) { reply in
            guard let member = reply.integerValue, !reply.isFailure else {
                isKnown = true  // the read below fails the same way and reports it
                return answerWhenBothArrived()
            }
            isKnown = member == 1
            answerWhenBothArrived()
        }
        readFigures(scope, fromMinute, toMinute, includeAgents) { result in
            figures = result
            answerWhenBothArrived()
        }
    }

    /// The set that lists a named scope, and the name to look for in it.
    private static func membership(of scope: KPIScope) -> (String, String)? {
        switch scope {
        case .organization: nil
        case .department(let department): (KeySchema.departmentsKey, department)
        case .agent(let agent): (KeySchema.agentsKey, agent)
        case .departmentAgent(let department, let agent): (KeySchema.agentsKey(department: department), agent)
        case .channel(let channel): (KeySchema.channelsKey, channel)
        }
    }

    private static func describe(_ scope: KPIScope) -> String {
        switch scope {
        case .organization: "the organisation"
        case .department(let department): "department \"\(department)\""
        case .agent(let agent): "agent \"\(agent)\""
        case .departmentAgent(let department, let agent): "agent \"\(agent)\" in department \"\(department)\""
        case .channel(let channel): "channel \"\(channel)\""
        }
    }

    private func readFigures(
        _ scope: KPIScope,
        _ fromMinute: Int64,
        _ toMinute: Int64,
        _ includeAgents: Bool,
        _ completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        guard includeAgents, case .department(let department) = scope else {
            return sum(scope: scope, from: fromMinute, to: toMinute, agents: [], completion: completion)
        }
        connection.send(["SMEMBERS", KeySchema.agentsKey(department: department)]) { [self] reply in
            guard case .array(let members) = reply else { return completion(.failure(StoreError.from(reply))) }
            let agents = members.compactMap(\.stringValue).sorted()
            sum(scope: scope, from: fromMinute, to: toMinute, agents: agents, completion: completion)
        }
    }

    private func sum(
        scope: KPIScope,
        from: Int64,
        to: Int64,
        agents: [String],
        completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        let nowMinute = TicketLedger.epochMinute(ofMs: configuration.now())
        let plan = RangePlan(from: from, to: to, now: nowMinute, policy: configuration.retention)
        let backlogPlan = RangePlan(
            from: nil,
            to: plan.effective.upperBound,
            now: nowMinute,
            policy: configuration.retention
        )
        var summer = SpanSummer(rows: 2 + agents.count)
        summer.add(plan.spans, of: scope, row: 0)
        summer.add(backlogPlan.spans, of: scope, row: 1, counters: [.openDelta])
        if case .department(let department) = scope {
            for (offset, agent) in agents.enumerated() {
                let agentScope = KPIScope.departmentAgent(department: department, agent: agent)
                summer.add(
                    plan.spans,
                    of: agentScope,
                    row: 2 + offset,
                    counters: [.resolutions, .firstResolutionCount]
                )
            }
        }

        // One snapshot: the hashes are read inside MULTI/EXEC. The commands go out back to back (this loop
        // thread sends nothing in between), so other calls' commands cannot land inside the transaction.
        let keys = summer.keys
        connection.send(["MULTI"]) { _ in }
        for key in keys { connection.send(["HGETALL", key]) { _ in } }
        connection.send(["EXEC"]) { reply in
            guard case .array(let hashes) = reply, hashes.count == keys.count else {
                return completion(.failure(StoreError.from(reply)))
            }
            var fields: [[RedisReply]] = []
            for hash in hashes {
                guard case .array(let pairs) = hash else { return completion(.failure(StoreError.from(hash))) }
                fields.append(pairs)
            }
            let sums = summer.sum(fields)
            func row(_ index: Int) -> [KPICounter: Int64] {
                Dictionary(uniqueKeysWithValues: zip(SpanSummer.counters, sums[index]))
            }
            let backlog = row(1)[.openDelta] ?? 0
            // Agents who resolved nothing in the range are left out: a department's set holds everyone who
            // ever worked in it.
            let agentFigures = agents.enumerated().compactMap { offset, agent -> AgentFigures? in
                let figures = row(2 + offset)
                let resolutions = figures[.resolutions] ?? 0
                let ticketsResolved = figures[.firstResolutionCount] ?? 0
                guard resolutions != 0 || ticketsResolved != 0 else { return nil }
                return AgentFigures(agent: agent, resolutions: resolutions, ticketsResolved: ticketsResolved)
            }
            let result = KPIReadResult(
                kpis: KPISet(sums: row(0), backlog: backlog),
                agents: agentFigures,
                fromMinute: plan.effective.lowerBound,
                toMinute: plan.effective.upperBound,
                isAdjusted: plan.isAdjusted
            )
            completion(.success(result))
        }
    }
}
