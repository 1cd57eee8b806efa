import Foundation
import KPIClient
import KPICore
import KPIMessages

/// kpictl: kpid's command-line client.
@main
struct KPICtl {
    static let usage = """
        usage: kpictl [--addr host:port] COMMAND [options]      (address also from KPID_ADDR)

        commands:
          health                              is kpid serving and connected to Redis?
          departments                         list the departments kpid has seen
          kpis [scope] [range] [--json]       KPIs of one scope
              scope:  (organisation by default) | --dept NAME [--agents] | --agent NAME [--dept NAME]
                      | --channel NAME                    every ticket that came in through that channel
                      | --departments [--top N]   every department side by side, busiest first
              range:  --window 1h|24h|7d|30d [--at TIME]   (rolling window ending now or at TIME)
                      | --from TIME --to TIME             (TIME: YYYY-MM-DD, YYYY-MM-DDTHH:MM UTC, or Unix ms)
              --percentiles: also the median and p90 of the durations (within 1 %)
              --repeat N: send the query N times and print round-trip latency percentiles
          leaderboard --dept NAME [range] [--by KPI] [--top N] [--json]
                                              a department's agents ranked by a KPI (default resolutions;
                                              also tickets_resolved, fcr, csat, first_response, resolution,
                                              handle_time, qa)
          series --from TIME --to TIME [--step hour|day|week] [--tz ZONE] [scope] [--kpi NAME] [--json]
                                              one KPI over time, one point per step in a time zone (default
                                              day, UTC), with a bar chart; scope as for kpis
          targets [--json]                    target overrides (and the defaults they replace)
          targets set (--dept NAME | --org) --kpi NAME [--min X] [--max X]
                                              set a target (X: 0.9 or 90% for shares, 30m/4h/1d or seconds
                                              for times); an override replaces both bounds
          targets clear (--dept NAME | --org) --kpi NAME      remove an override
          import servicenow FILE [--batch N] [--parallel N] [--quiet]
                                              send a ServiceNow incident audit export to kpid as events
          import callcenter FILE [--batch N] [--parallel N] [--quiet]
                                              send an "Anonymous Bank" call-centre log (TSV) to kpid as events

        every command: --addr host:port, --timeout-ms N (call deadline, default 5000), --json where it prints data
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            let options = try Options(arguments)
            guard let command = options.words.first, !options.has("--help") else {
                print(usage)
                exit(options.has("--help") ? 0 : 2)
            }
            let address = try options.address(environment: ProcessInfo.processInfo.environment)
            switch command {
            case "health":
                try options.check(command: "health", allows: ["--json"], words: 1)
                try await health(address, options)
            case "departments":
                try options.check(command: "departments", allows: ["--json"], words: 1)
                try await departments(address, options)
            case "kpis":
                try await KPIsCommand(options: options).run(address)
            case "series":
                try await SeriesCommand(options: options).run(address)
            case "leaderboard":
                try await LeaderboardCommand(options: options).run(address)
            case "targets":
                try await TargetsCommand(options: options).run(address)
            case "import":
                try options.check(command: "import", allows: ["--batch", "--parallel", "--quiet"], words: 3)
                try await ImportCommand(options: options).run(address)
            default: throw UsageError("unknown command \(command)\n\n\(usage)")
            }
            exit(0)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("kpictl: \(error)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("kpictl: \(error)\n".utf8))
            exit(1)
        }
    }

    static func connect(_ address: (host: String, port: UInt16)) throws -> KPIConnection {
        try KPIConnection.connect(host: address.host, port: address.port, clientName: "kpictl")
    }

    static func health(_ address: (host: String, port: UInt16), _ options: Options) async throws {
        let connection = try connect(address)
        defer { connection.close() }
        let health = try await connection.health(timeoutMs: try options.timeoutMs())
        if options.has("--json") {
            print(
                "{\"serving\":\(health.serving),\"redis_connected\":\(health.redisConnected),"
                    + "\"version\":\(Report.quoted(health.version)),\"server_id\":\(Report.quoted(health.serverID))}"
            )
        } else {
            print("serving: \(health.serving)  redis connected: \(health.redisConnected)")
            print("version: \(health.version)  server: \(health.serverID)")
        }
        if !health.serving { exit(1) }
    }

    static func departments(_ address: (host: String, port: UInt16), _ options: Options) async throws {
        let connection = try connect(address)
        defer { connection.close() }
        let departments = try await connection.listDepartments(timeoutMs: try options.timeoutMs())
        if options.has("--json") {
            print("[" + departments.map(Report.quoted).joined(separator: ",") + "]")
        } else {
            for department in departments { print(department) }
        }
    }
}

/// `kpictl kpis`: one scope's KPIs, or every department side by side.
struct KPIsCommand {
    let options: Options

    func run(_ address: (host: String, port: UInt16)) async throws {
        try options.check(
            command: "kpis",
            allows: [
                "--json", "--agents", "--departments", "--dept", "--agent", "--channel", "--window", "--at", "--from",
                "--percentiles",
                "--to",
                "--top", "--repeat",
            ],
            words: 1
        )
        try checkCombinations()
        let range = try options.timeRange()
        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        if options.has("--departments") {
            return try await compareDepartments(connection, range)
        }
        let scope = options.scope()
        let includeAgents = options.has("--agents")
        if let repeatCount = options["--repeat"] {
            return try await timeRepeatedReads(connection, scope, range, includeAgents, count: repeatCount)
        }
        let response = try await connection.getKPIs(
            scope: scope,
            range: range,
            includeAgents: includeAgents,
            includePercentiles: options.has("--percentiles"),
            timeoutMs: try options.timeoutMs()
        )
        print(options.has("--json") ? Report.json(response) : Report.text(response))
    }

    /// Options that make no sense together are refused rather than silently ignored.
    private func checkCombinations() throws(UsageError) {
        if options.has("--window") && (options.has("--from") || options.has("--to")) {
            throw UsageError("give either --window (with --at) or --from and --to, not both")
        }
        if options.has("--from") != options.has("--to") {
            throw UsageError("--from and --to go together")
        }
        if options.has("--at") && !options.has("--window") {
            throw UsageError("--at needs --window (the window ends at that time)")
        }
        if options.has("--agents") && (options["--dept"] == nil || options.has("--agent")) {
            throw UsageError("--agents lists a department's agents: give --dept, without --agent")
        }
        if options.has("--departments") && (options.has("--dept") || options.has("--agent") || options.has("--agents"))
        {
            throw UsageError("--departments compares every department: drop --dept, --agent and --agents")
        }
        if options.has("--channel") && (options.has("--dept") || options.has("--agent") || options.has("--departments"))
        {
            throw UsageError("--channel is a scope of its own: drop --dept, --agent and --departments")
        }
        if options.has("--top") && !options.has("--departments") {
            throw UsageError("--top goes with --departments")
        }
    }

    // Sends the same query `count` times, one at a time, and prints the round-trip latencies: a quick check
    // of read cost, not a benchmark (that is kpibench's job).
    private func timeRepeatedReads(
        _ connection: KPIConnection,
        _ scope: KPIScope,
        _ range: KPITimeRange,
        _ includeAgents: Bool,
        count text: String
    ) async throws {
        guard let count = Int(text), (1...1_000_000).contains(count) else {
            throw UsageError("--repeat must be a whole number from 1 to 1000000")
        }
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await connection.getKPIs(
                scope: scope,
                range: range,
                includeAgents: includeAgents,
                includePercentiles: options.has("--percentiles")
            )
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        }
        latencies.sort()
        func percentile(_ p: Double) -> String {
            String(format: "%.0f µs", latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }
        print("\(count) reads: p50 \(percentile(0.5)), p90 \(percentile(0.9)), p99 \(percentile(0.99))")
    }

    // Every department's KPIs, fetched concurrently over the one connection, busiest (most created) first.
    private func compareDepartments(_ connection: KPIConnection, _ range: KPITimeRange) async throws {
        let top = try options.integer("--top", default: Int.max, in: 1...Int.max)
        let timeoutMs = try options.timeoutMs()
        let departments = try await connection.listDepartments(timeoutMs: timeoutMs)
        var responses = try await withThrowingTaskGroup(of: GetKpisResponse.self) { group in
            for department in departments {
                group.addTask {
                    try await connection.getKPIs(scope: .department(department), range: range, timeoutMs: timeoutMs)
                }
            }
            var all: [GetKpisResponse] = []
            for try await response in group { all.append(response) }
            return all
        }
        responses.sort {
            ($0.kpis.ticketsCreated, Report.scopeName($1.scope)) > ($1.kpis.ticketsCreated, Report.scopeName($0.scope))
        }
        // Departments with no figure at all in the range (nothing happened, nothing open) are left out.
        let idle = responses.filter { $0.kpis == KPISet() }.count
        responses = Array(responses.filter { $0.kpis != KPISet() }.prefix(top))
        if options.has("--json") {
            print("[" + responses.map(Report.json).joined(separator: ",\n") + "]")
        } else {
            let fromMs = responses.first?.fromMs ?? 0
            let toMs = responses.first?.toMs ?? 0
            print(
                "Departments by tickets created, \(TimeArgument.format(ms: fromMs)) → \(TimeArgument.format(ms: toMs))"
            )
            print("(event-time cohort; durations are means; tickets with no department count only in the")
            print("organisation's figures; each figure goes to the department holding the ticket at that event)\n")
            if responses.contains(where: \.rangeAdjusted) { print(Report.adjustedNote + "\n") }
            print(Report.comparison(responses))
            if idle > 0 { print("(\(idle) departments with nothing in this range are not shown)") }
        }
    }
}
