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
                      | --departments [--top N]   every department side by side, busiest first
              range:  --window 1h|24h|7d|30d [--at TIME]   (rolling window ending now or at TIME)
              --repeat N: send the query N times and print round-trip latency percentiles
                      | --from TIME --to TIME             (TIME: YYYY-MM-DD, YYYY-MM-DDTHH:MM UTC, or Unix ms)
          import servicenow FILE [--batch N] [--parallel N] [--quiet]
                                              send a ServiceNow incident audit export to kpid as events
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
            case "health": try await health(address)
            case "departments": try await departments(address)
            case "kpis": try await KPIsCommand(options: options).run(address)
            case "import": try await ImportCommand(options: options).run(address)
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

    static func health(_ address: (host: String, port: UInt16)) async throws {
        let connection = try connect(address)
        defer { connection.close() }
        let health = try await connection.health()
        print("serving: \(health.serving)  redis connected: \(health.redisConnected)")
        print("version: \(health.version)  server: \(health.serverID)")
        if !health.serving { exit(1) }
    }

    static func departments(_ address: (host: String, port: UInt16)) async throws {
        let connection = try connect(address)
        defer { connection.close() }
        for department in try await connection.listDepartments() { print(department) }
    }
}

/// `kpictl kpis`: one scope's KPIs, or every department side by side.
struct KPIsCommand {
    let options: Options

    func run(_ address: (host: String, port: UInt16)) async throws {
        let range = try timeRange()
        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        if options.has("--departments") {
            return try await compareDepartments(connection, range)
        }
        let scope = try scope()
        let includeAgents = options.has("--agents")
        if let repeatCount = options["--repeat"] {
            return try await timeRepeatedReads(connection, scope, range, includeAgents, count: repeatCount)
        }
        let response = try await connection.getKPIs(scope: scope, range: range, includeAgents: includeAgents)
        print(options.has("--json") ? Report.json(response) : Report.text(response))
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
            _ = try await connection.getKPIs(scope: scope, range: range, includeAgents: includeAgents)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        }
        latencies.sort()
        func percentile(_ p: Double) -> String {
            String(format: "%.0f µs", latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }
        print("\(count) reads: p50 \(percentile(0.5)), p90 \(percentile(0.9)), p99 \(percentile(0.99))")
    }

    private func scope() throws(UsageError) -> KPIScope {
        switch (options["--dept"], options["--agent"]) {
        case (nil, nil): return .organization
        case (let department?, nil): return .department(department)
        case (nil, let agent?): return .agent(agent)
        case (let department?, let agent?): return .departmentAgent(department: department, agent: agent)
        }
    }

    private func timeRange() throws(UsageError) -> KPITimeRange {
        if let window = options["--window"] {
            let endMs =
                try options["--at"].map { (text) throws(UsageError) in try TimeArgument.parseMs(text, flag: "--at") }
                ?? 0
            return .rolling(durationMs: try TimeArgument.parseDurationMs(window), endMs: endMs)
        }
        guard let from = options["--from"], let to = options["--to"] else {
            return .rolling(durationMs: 86_400_000, endMs: 0)
        }
        return .absolute(
            fromMs: try TimeArgument.parseMs(from, flag: "--from"),
            toMs: try TimeArgument.parseMs(to, flag: "--to")
        )
    }

    // Every department's KPIs, fetched concurrently over the one connection, busiest (most created) first.
    private func compareDepartments(_ connection: KPIConnection, _ range: KPITimeRange) async throws {
        let top = try options.integer("--top", default: Int.max, in: 1...Int.max)
        let departments = try await connection.listDepartments()
        var responses = try await withThrowingTaskGroup(of: GetKpisResponse.self) { group in
            for department in departments {
                group.addTask { try await connection.getKPIs(scope: .department(department), range: range) }
            }
            var all: [GetKpisResponse] = []
            for try await response in group { all.append(response) }
            return all
        }
        responses.sort {
            ($0.kpis.ticketsCreated, Report.scopeName($1.scope)) > ($1.kpis.ticketsCreated, Report.scopeName($0.scope))
        }
        responses = Array(responses.prefix(top))
        if options.has("--json") {
            print("[" + responses.map(Report.json).joined(separator: ",\n") + "]")
        } else {
            let fromMs = responses.first?.fromMs ?? 0
            let toMs = responses.first?.toMs ?? 0
            print(
                "Departments by tickets created, \(TimeArgument.format(ms: fromMs)) → \(TimeArgument.format(ms: toMs))"
            )
            print("(event-time cohort; durations are means)\n")
            print(Report.comparison(responses))
        }
    }
}
