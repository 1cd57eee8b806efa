import Foundation
import KPIClient
import KPICore
import KPIMessages

/// `kpictl series`: one KPI of a scope over time, as a table with a bar chart (or every figure as JSON).
struct SeriesCommand {
    let options: Options

    /// The figures a series can chart, by name.
    static let charts: [(name: String, value: @Sendable (KPISet) -> Double?, format: @Sendable (Double) -> String)] = [
        ("created", { Double($0.ticketsCreated) }, { "\(Int($0))" }),
        ("resolved", { Double($0.ticketsResolved) }, { "\(Int($0))" }),
        ("resolutions", { Double($0.resolutions) }, { "\(Int($0))" }),
        ("backlog", { Double($0.backlog) }, { "\(Int($0))" }),
        ("first_response", { $0.firstResponse.count == 0 ? nil : $0.firstResponse.meanSeconds }, Report.humanDuration),
        ("resolution", { $0.fullResolution.count == 0 ? nil : $0.fullResolution.meanSeconds }, Report.humanDuration),
        ("fcr", { $0.firstContactResolution.denominator == 0 ? nil : $0.firstContactResolution.rate * 100 }, percent),
        ("sla", { $0.slaCompliance.denominator == 0 ? nil : $0.slaCompliance.rate * 100 }, percent),
        ("csat", { $0.csat.denominator == 0 ? nil : $0.csat.rate * 100 }, percent),
        ("nps", { $0.nps.responses == 0 ? nil : $0.nps.score }, { String(format: "%.0f", $0) }),
        ("handle_time", { $0.handleTime.count == 0 ? nil : $0.handleTime.meanSeconds }, Report.humanDuration),
    ]

    @Sendable private static func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }

    func run(_ address: (host: String, port: UInt16)) async throws {
        try options.check(
            command: "series",
            allows: ["--from", "--to", "--step", "--tz", "--kpi", "--dept", "--agent", "--channel", "--json"],
            words: 1
        )
        guard let from = options["--from"], let to = options["--to"] else {
            throw UsageError("series needs --from and --to")
        }
        let steps: [String: SeriesStep] = ["hour": .hour, "day": .day, "week": .week]
        guard let step = steps[options["--step"] ?? "day"] else { throw UsageError("--step must be hour, day or week") }
        let kpiName = options["--kpi"] ?? "created"
        guard let chart = Self.charts.first(where: { $0.name == kpiName }) else {
            throw UsageError("--kpi must be one of \(Self.charts.map(\.name).joined(separator: ", "))")
        }

        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        let series = try await connection.getKPISeries(
            scope: options.scope(),
            fromMs: try TimeArgument.parseMs(from, flag: "--from"),
            toMs: try TimeArgument.parseMs(to, flag: "--to"),
            step: step,
            timeZone: options["--tz"] ?? "UTC",
            timeoutMs: try options.timeoutMs()
        )
        if options.has("--json") {
            let points = series.points.map {
                "{\"from_ms\":\($0.fromMs),\"to_ms\":\($0.toMs),\"range_adjusted\":\($0.rangeAdjusted),"
                    + "\"kpis\":\(Report.json(GetKpisResponse(scope: series.scope, fromMs: $0.fromMs, toMs: $0.toMs, kpis: $0.kpis)))}"
            }
            print(
                "{\"time_zone\":\(Report.quoted(series.timeZone)),\"points\":[" + points.joined(separator: ",") + "]}"
            )
            return
        }
        print(
            "\(kpiName) for \(Report.scopeName(series.scope)), one point per \(options["--step"] ?? "day") in \(series.timeZone)"
        )
        if series.points.contains(where: \.rangeAdjusted) { print(Report.adjustedNote) }
        print(Self.chart(series.points, zone: series.timeZone, value: chart.value, format: chart.format))
    }

    /// One line per point: its local start, the value, and a bar scaled to the largest value.
    static func chart(
        _ points: [SeriesPoint],
        zone: String,
        value: (KPISet) -> Double?,
        format: (Double) -> String
    ) -> String {
        let values = points.map { value($0.kpis) }
        let largest = values.compactMap { $0 }.map(abs).max() ?? 0
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd EEE HH:mm"
        return zip(points, values).map { point, value in
            let start = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(point.fromMs) / 1000))
            guard let value else { return "\(start)  –" }
            let width = largest == 0 ? 0 : Int((abs(value) / largest * 40).rounded())
            let text = format(value)
            return "\(start)  \(String(repeating: " ", count: max(0, 9 - text.count)))\(text)  "
                + String(repeating: "█", count: width)
        }.joined(separator: "\n")
    }
}
