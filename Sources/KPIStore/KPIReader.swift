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
    private static let counters = KPICounter.allCases

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
        }
    }

    private static func describe(_ scope: KPIScope) -> String {
        switch scope {
        case .organization: "the organisation"
        case .department(let department): "department \"\(department)\""
        case .agent(let agent): "agent \"\(agent)\""
        case .departmentAgent(let department, let agent): "agent \"\(agent)\" in department \"\(department)\""
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
        let backlogPosition = (Self.counters.firstIndex(of: .openDelta) ?? 0) + 1

        var keys: [String] = []
        var spanArguments: [String] = []
        func add(_ spans: [BucketSpan], scope: KPIScope, row: Int, counter: Int) {
            let counters = counter == 0 ? Self.counters : [Self.counters[counter - 1]]
            for span in spans {
                keys.append(KeySchema.counterKey(scope, span.tier, parent: span.parent))
                spanArguments += ["\(span.count * Int64(counters.count))", "\(row)", "\(counter)"]
                for bucket in span.lo...span.hi {
                    for counter in counters { spanArguments.append(KeySchema.counterField(index: bucket, counter)) }
                }
            }
        }
        add(plan.spans, scope: scope, row: 0, counter: 0)
        add(backlogPlan.spans, scope: scope, row: 1, counter: backlogPosition)
        // An agent's line needs two counters, so each span is read twice with one counter rather than once
        // with all fourteen.
        let agentCounters = [KPICounter.resolutions, .firstResolutionCount].map {
            (Self.counters.firstIndex(of: $0) ?? 0) + 1
        }
        for (offset, agent) in agents.enumerated() {
            guard case .department(let department) = scope else { break }
            for counter in agentCounters {
                add(
                    plan.spans,
                    scope: .departmentAgent(department: department, agent: agent),
                    row: 2 + offset,
                    counter: counter
                )
            }
        }

        let rows = 2 + agents.count
        let arguments = ["\(Self.counters.count)", "\(rows)"] + spanArguments
        scripts.run(Scripts.sumSpans, keys: keys, arguments: arguments) { reply in
            guard case .array(let values) = reply, values.count == rows * Self.counters.count else {
                return completion(.failure(StoreError.from(reply)))
            }
            let sums = values.map { $0.integerValue ?? 0 }
            func row(_ index: Int) -> [KPICounter: Int64] {
                let start = index * Self.counters.count
                return Dictionary(uniqueKeysWithValues: zip(Self.counters, sums[start..<start + Self.counters.count]))
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
