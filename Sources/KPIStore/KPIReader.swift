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
        includePercentiles: Bool = false,
        completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        checkingName(of: scope, completion: completion) { [self] answer in
            readFigures(scope, fromMinute, toMinute, includeAgents, includePercentiles, answer)
        }
    }

    /// Reads one result per range (a series), with exactly the code path of a single read.
    func readSeries(
        scope: KPIScope,
        ranges: [Range<Int64>],
        completion: @escaping (Result<[KPIReadResult], StoreError>) -> Void
    ) {
        checkingName(of: scope, completion: completion) { [self] answer in
            sum(scope: scope, ranges: ranges, agents: [], completion: answer)
        }
    }

    /// Runs `body` and, for a named scope, checks at the same time (pipelined) that the name is known: the
    /// answer waits for both, and an unknown name is NOT_FOUND.
    private func checkingName<T>(
        of scope: KPIScope,
        completion: @escaping (Result<T, StoreError>) -> Void,
        body: (@escaping (Result<T, StoreError>) -> Void) -> Void
    ) {
        guard let (setKey, name) = Self.membership(of: scope) else { return body(completion) }
        var isKnown: Bool?
        var figures: Result<T, StoreError>?
        func answerWhenBothArrived() {
            guard let isKnown, let figures else { return }
            guard isKnown else {
                return completion(.failure(StoreError(.notFound, "\(Self.describe(scope)) has no events in kpid")))
            }
            completion(figures)
        }
        connection.send(["SISMEMBER", setKey, name]) { reply in
            // On a failed check, the read fails the same way and reports it.
            isKnown = reply.isFailure ? true : reply.integerValue == 1
            answerWhenBothArrived()
        }
        body { result in
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
        _ includePercentiles: Bool,
        _ completion: @escaping (Result<KPIReadResult, StoreError>) -> Void
    ) {
        let single: (Result<[KPIReadResult], StoreError>) -> Void = { result in
            completion(
                result.flatMap { results in
                    results.first.map { .success($0) } ?? .failure(StoreError(.internal, "no result"))
                }
            )
        }
        guard includeAgents, case .department(let department) = scope else {
            return sum(
                scope: scope,
                ranges: [fromMinute..<toMinute],
                agents: [],
                percentiles: includePercentiles,
                completion: single
            )
        }
        connection.send(["SMEMBERS", KeySchema.agentsKey(department: department)]) { [self] reply in
            guard case .array(let members) = reply else { return completion(.failure(StoreError.from(reply))) }
            let agents = members.compactMap(\.stringValue).sorted()
            sum(
                scope: scope,
                ranges: [fromMinute..<toMinute],
                agents: agents,
                percentiles: includePercentiles,
                completion: single
            )
        }
    }

    /// Sums every range (two rows each: its figures, and the backlog at its end) and, for a single range of
    /// a department, its agents' rows, from one MULTI/EXEC of the distinct hashes involved.
    private func sum(
        scope: KPIScope,
        ranges: [Range<Int64>],
        agents: [String],
        percentiles: Bool = false,
        completion: @escaping (Result<[KPIReadResult], StoreError>) -> Void
    ) {
        let nowMinute = TicketLedger.epochMinute(ofMs: configuration.now())
        let plans = ranges.map {
            RangePlan(from: $0.lowerBound, to: $0.upperBound, now: nowMinute, policy: configuration.retention)
        }
        var summer = SpanSummer(rows: 2 * plans.count + agents.count)
        for (index, plan) in plans.enumerated() {
            let backlogPlan = RangePlan(
                from: nil,
                to: plan.effective.upperBound,
                now: nowMinute,
                policy: configuration.retention
            )
            summer.add(plan.spans, of: scope, row: 2 * index)
            summer.add(backlogPlan.spans, of: scope, row: 2 * index + 1, counters: [.openDelta])
        }
        let firstAgentRow = 2 * plans.count
        if case .department(let department) = scope, let plan = plans.first {
            for (offset, agent) in agents.enumerated() {
                let agentScope = KPIScope.departmentAgent(department: department, agent: agent)
                summer.add(
                    plan.spans,
                    of: agentScope,
                    row: firstAgentRow + offset,
                    counters: [.resolutions, .firstResolutionCount]
                )
            }
        }

        // One snapshot: the hashes are read inside MULTI/EXEC. The commands go out back to back (this loop
        // thread sends nothing in between), so other calls' commands cannot land inside the transaction.
        // Histograms (for medians and p90s) only when asked for, for the first range: they are many more fields.
        let histograms = percentiles ? plans.first.map { HistogramSummer($0.spans, of: scope) } : nil
        let keys = summer.keys + (histograms?.keys ?? [])
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
            let histogramCounts = histograms?.counts(Array(fields[summer.keys.count...]))
            fields = Array(fields[..<summer.keys.count])
            let sums = summer.sum(fields)
            func row(_ index: Int) -> [KPICounter: Int64] {
                Dictionary(uniqueKeysWithValues: zip(SpanSummer.counters, sums[index]))
            }
            // Agents who resolved nothing in the range are left out: a department's set holds everyone who
            // ever worked in it.
            let agentFigures = agents.enumerated().compactMap { offset, agent -> AgentFigures? in
                let figures = row(firstAgentRow + offset)
                let resolutions = figures[.resolutions] ?? 0
                let ticketsResolved = figures[.firstResolutionCount] ?? 0
                guard resolutions != 0 || ticketsResolved != 0 else { return nil }
                return AgentFigures(agent: agent, resolutions: resolutions, ticketsResolved: ticketsResolved)
            }
            let results = plans.enumerated().map { index, plan in
                var kpis = KPISet(sums: row(2 * index), backlog: row(2 * index + 1)[.openDelta] ?? 0)
                if index == 0, let histogramCounts { HistogramSummer.apply(histogramCounts, to: &kpis) }
                return KPIReadResult(
                    kpis: kpis,
                    agents: index == 0 ? agentFigures : [],
                    fromMinute: plan.effective.lowerBound,
                    toMinute: plan.effective.upperBound,
                    isAdjusted: plan.isAdjusted
                )
            }
            completion(.success(results))
        }
    }
}
