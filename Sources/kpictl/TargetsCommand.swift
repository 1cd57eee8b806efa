import Foundation
import KPIClient
import KPICore
import KPIMessages

/// `kpictl targets`: list target overrides, or set / clear one.
struct TargetsCommand {
    let options: Options

    func run(_ address: (host: String, port: UInt16)) async throws {
        switch options.words.dropFirst().first {
        case nil:
            try options.check(command: "targets", allows: ["--json"], words: 1)
            try await list(address)
        case "set":
            try options.check(command: "targets set", allows: ["--dept", "--org", "--kpi", "--min", "--max"], words: 2)
            let override = KPITargetOverride(
                scope: try scope(),
                target: KPITarget(try kpi(), min: try bound("--min"), max: try bound("--max"))
            )
            guard override.target.min != nil || override.target.max != nil else {
                throw UsageError("targets set needs --min and/or --max (targets clear removes an override)")
            }
            try await set(address, override)
        case "clear":
            try options.check(command: "targets clear", allows: ["--dept", "--org", "--kpi"], words: 2)
            try await set(address, KPITargetOverride(scope: try scope(), target: KPITarget(try kpi())))
        case let word?:
            throw UsageError("unknown targets command \(word): use targets, targets set or targets clear")
        }
    }

    private func scope() throws(UsageError) -> KPITargetScope {
        switch (options["--dept"], options.has("--org")) {
        case (let department?, false): return .department(department)
        case (nil, true): return .organization
        default: throw UsageError("give either --dept NAME or --org (organisation-wide)")
        }
    }

    private func kpi() throws(UsageError) -> KPIName {
        let known = KPIName.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = options["--kpi"] else { throw UsageError("--kpi is required; one of \(known)") }
        guard let kpi = KPIName(rawValue: name) else { throw UsageError("unknown KPI \(name); one of \(known)") }
        return kpi
    }

    /// `0.9`, `90%`, `-10`, `3600`, or a duration `30m`, `4h`, `1d`, `45s`.
    private func bound(_ flag: String) throws(UsageError) -> Double? {
        guard let text = options[flag] else { return nil }
        let units: [Character: Double] = ["%": 0.01, "s": 1, "m": 60, "h": 3_600, "d": 86_400]
        if let last = text.last, let factor = units[last], let number = Double(text.dropLast()) {
            return number * factor
        }
        guard let number = Double(text) else {
            throw UsageError("\(flag) must be a number (0.9, 90%, 40) or a duration (30m, 4h, 1d); got \(text)")
        }
        return number
    }

    private func set(_ address: (host: String, port: UInt16), _ override: KPITargetOverride) async throws {
        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        try await connection.setTarget(override, timeoutMs: try options.timeoutMs())
        let target = override.target
        let what = target.min == nil && target.max == nil ? "cleared" : "set to \(Report.targetText(target))"
        print("\(target.kpi.rawValue) for \(Self.scopeName(override.scope)) \(what)")
    }

    private func list(_ address: (host: String, port: UInt16)) async throws {
        let connection = try KPICtl.connect(address)
        defer { connection.close() }
        let response = try await connection.listTargets(timeoutMs: try options.timeoutMs())
        if options.has("--json") {
            func item(_ scope: KPITargetScope, _ target: KPITarget) -> String {
                let department =
                    if case .department(let name) = scope { Report.quoted(name) } else { "null" }
                return "{\"department\":\(department),\"kpi\":\(Report.quoted(target.kpi.rawValue)),"
                    + "\"min\":\(target.min.map { "\($0)" } ?? "null"),\"max\":\(target.max.map { "\($0)" } ?? "null")}"
            }
            let overrides = response.overrides.map { item($0.scope, $0.target) }
            let defaults = response.defaults.map { item(.organization, $0) }
            print(
                "{\"overrides\":[\(overrides.joined(separator: ","))],\"defaults\":[\(defaults.joined(separator: ","))]}"
            )
            return
        }
        print("defaults:")
        for target in response.defaults { print("  \(target.kpi.rawValue): \(Report.targetText(target))") }
        print(response.overrides.isEmpty ? "no overrides" : "overrides:")
        for override in response.overrides {
            let target = override.target
            print("  \(Self.scopeName(override.scope)): \(target.kpi.rawValue): \(Report.targetText(target))")
        }
    }

    private static func scopeName(_ scope: KPITargetScope) -> String {
        switch scope {
        case .organization: "the organisation (*)"
        case .department(let department): "department \(department)"
        }
    }
}
