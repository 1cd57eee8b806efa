import Foundation
import KPICore
import KPIMessages

/// Targets and statuses in kpictl's output.
extension Report {
    /// The KPIs each row of ``text(_:)`` shows, by the row's label.
    static let targetRows: [String: [KPIName]] = [
        "first response time, mean": [.firstResponseTime],
        "first resolution time, mean": [.firstResolutionTime],
        "full resolution time, mean": [.resolutionTime],
        "first contact resolution": [.firstContactResolution],
        "SLA compliance": [.slaCompliance],
        "reply time, mean": [.replyTime],
        "reopen rate (reopens / resolutions)": [.reopenRate],
        "CSAT (4–5 of 5)": [.csat],
        "NPS": [.nps],
        "customer effort (1–7), mean": [.ces],
        "handle time per ticket and agent, mean": [.handleTime],
        "AI containment / escalation": [.aiContainment, .aiEscalation],
        "human handoff success": [.handoffSuccess],
        "automation accuracy": [.automationAccuracy],
        "QA score, mean": [.qaScore],
    ]

    /// What to append to a row of ``text(_:)``: each of its KPIs' status against its target, if it has one.
    static func statusNote(row label: String, in response: GetKpisResponse) -> String {
        let notes = (targetRows[label] ?? []).compactMap { kpi in
            response.statuses.first { $0.kpi == kpi }.map { evaluation in
                let prefix = (targetRows[label]?.count ?? 0) > 1 ? kpi.rawValue + " " : ""
                return prefix + statusText(evaluation)
            }
        }
        return notes.isEmpty ? "" : "   " + notes.joined(separator: "; ")
    }

    /// `✔ met (target ≤ 1h)`, `✘ missed (target ≥ 85%)`, `– no data (target 70%–85%)`.
    static func statusText(_ evaluation: KPIEvaluation) -> String {
        let word =
            switch evaluation.status {
            case .met: "✔ met"
            case .missed: "✘ missed"
            case .noData: "– no data"
            }
        return "\(word) (target \(targetText(evaluation.target)))"
    }

    /// `≤ 1h`, `≥ 85%`, `70%–85%`, `≥ 40`.
    static func targetText(_ target: KPITarget) -> String {
        let show = { (value: Double) in boundText(value, target.unit) }
        switch (target.min, target.max) {
        case (let min?, let max?): return "\(show(min))–\(show(max))"
        case (let min?, nil): return "≥ \(show(min))"
        case (nil, let max?): return "≤ \(show(max))"
        case (nil, nil): return "none"
        }
    }

    static func boundText(_ value: Double, _ unit: KPIUnit) -> String {
        switch unit {
        case .seconds: boundDuration(value)
        case .fraction: String(format: "%g%%", value * 100)
        case .netScore, .effortScale: String(format: "%g", value)
        }
    }

    /// Whole hours as `24h`, whole minutes as `30m`, anything else as ``humanDuration(_:)``.
    static func boundDuration(_ seconds: Double) -> String {
        guard seconds > 0, seconds == seconds.rounded(), seconds < 1e15 else { return humanDuration(seconds) }
        let whole = Int64(seconds)
        if whole % 3_600 == 0 { return "\(whole / 3_600)h" }
        if whole % 60 == 0 { return "\(whole / 60)m" }
        return humanDuration(seconds)
    }

    /// The statuses as a JSON array (bounds `null` when absent).
    static func statusesJSON(_ statuses: [KPIEvaluation]) -> String {
        let items = statuses.map { evaluation in
            let status =
                switch evaluation.status {
                case .met: "met"
                case .missed: "missed"
                case .noData: "no_data"
                }
            return "{\"kpi\":\(quoted(evaluation.kpi.rawValue)),\"value\":\(evaluation.value),"
                + "\"min\":\(evaluation.target.min.map { "\($0)" } ?? "null"),"
                + "\"max\":\(evaluation.target.max.map { "\($0)" } ?? "null"),\"status\":\"\(status)\"}"
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}
