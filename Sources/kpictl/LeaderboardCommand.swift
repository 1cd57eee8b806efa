import Foundation
import KPIClient
import KPICore
import KPIMessages

/// `kpictl leaderboard`: a department's agents ranked by one KPI over a range.
///
/// The agents are those the department's reply lists (everyone who resolved something there in the range);
/// each agent's figures are then read within the department, concurrently over one connection.
struct LeaderboardCommand {
    let options: Options

    /// A ranking KPI: its value (nil = no data), whether lower is better, and how to print it.
    private struct Ranking: Sendable {
        var value: @Sendable (KPISet) -> Double?
        var lowerIsBetter: Bool
        var format: @Sendable (Double) -> String
    }

    private static let rankings: [String: Ranking] = [
        "resolutions": Ranking(value: { Double($0.resolutions) }, lowerIsBetter: false, format: { "\(Int($0))" }),
        "tickets_resolved": Ranking(
            value: { Double($0.ticketsResolved) },
            lowerIsBetter: false,
            format: { "\(Int($0))" }
        ),
        "fcr": Ranking(value: { share($0.firstContactResolution) }, lowerIsBetter: false, format: percent),
        "csat": Ranking(value: { share($0.csat) }, lowerIsBetter: false, format: percent),
        "first_response": Ranking(value: { mean($0.firstResponse) }, lowerIsBetter: true, format: Report.humanDuration),
        "resolution": Ranking(value: { mean($0.fullResolution) }, lowerIsBetter: true, format: Report.humanDuration),
        "handle_time": Ranking(value: { mean($0.handleTime) }, lowerIsBetter: true, format: Report.humanDuration),
        "qa": Ranking(
            value: { $0.qa.reviews == 0 ? nil : $0.qa.meanScore },
            lowerIsBetter: false,
            format: { String(format: "%.1f%%", $0) }
        ),
    ]

    @Sendable private static func share(_ ratio: Ratio) -> Double? { ratio.denominator == 0 ? nil : ratio.rate * 100 }
    @Sendable private static func mean(_ stat: DurationStat) -> Double? { stat.count == 0 ? nil : stat.meanSeconds }
    @Sendable private static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }

    func run(_ address: (host: String, port: UInt16)) async throws {
        try options.check(
            command: "leaderboard",
            allows: ["--dept", "--by", "--top", "--window", "--at", "--from", "--to", "--json"],
            words: 1
        )
        guard let department = options["--dept"] else { throw UsageError("leaderboard needs --dept NAME") }
        let name = options["--by"] ?? "resolutions"
        guard let ranking = Self.rankings[name] else {
            throw UsageError("--by must be one of \(Self.rankings.keys.sorted().joined(separator: ", "))")
        }
        let top = try options.integer("--top", default: 10, in: 1...10_000)
        let range = try options.timeRange()
        let timeoutMs = try options.timeoutMs()

        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        let overview = try await connection.getKPIs(
            scope: .department(department),
            range: range,
            includeAgents: true,
            timeoutMs: timeoutMs
        )
        let rows = try await withThrowingTaskGroup(of: (String, KPISet).self) { group in
            for agent in overview.agents.map(\.agent) {
                group.addTask {
                    let reply = try await connection.getKPIs(
                        scope: .departmentAgent(department: department, agent: agent),
                        range: range,
                        timeoutMs: timeoutMs
                    )
                    return (agent, reply.kpis)
                }
            }
            var rows: [(agent: String, value: Double?)] = []
            for try await (agent, kpis) in group { rows.append((agent, ranking.value(kpis))) }
            return rows
        }
        // Agents with no data for the KPI go last; ties are broken by name so the order is stable.
        let ranked = rows.sorted { lhs, rhs in
            switch (lhs.value, rhs.value) {
            case (let left?, let right?) where left != right: ranking.lowerIsBetter ? left < right : left > right
            case (nil, .some): false
            case (.some, nil): true
            default: lhs.agent < rhs.agent
            }
        }.prefix(top)

        if options.has("--json") {
            let items = ranked.map { row in
                "{\"agent\":\(Report.quoted(row.agent)),\"value\":\(row.value.map { "\($0)" } ?? "null")}"
            }
            print(
                "{\"department\":\(Report.quoted(department)),\"by\":\"\(name)\",\"agents\":[\(items.joined(separator: ","))]}"
            )
            return
        }
        print(
            "\(department): agents by \(name), \(TimeArgument.format(ms: overview.fromMs)) → \(TimeArgument.format(ms: overview.toMs))"
        )
        for (place, row) in ranked.enumerated() {
            let value = row.value.map(ranking.format) ?? "–"
            let agent = row.agent.padding(toLength: 24, withPad: " ", startingAt: 0)
            print(String(format: "%3d", place + 1) + "  \(agent)  \(value)")
        }
    }
}
