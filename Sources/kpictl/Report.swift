import Foundation
import KPICore
import KPIMessages

/// Renders KPI replies as text tables or JSON.
enum Report {
    static func scopeName(_ scope: KPIScope) -> String {
        switch scope {
        case .organization: "organisation"
        case .department(let department): "department \(department)"
        case .agent(let agent): "agent \(agent)"
        case .departmentAgent(let department, let agent): "agent \(agent) in \(department)"
        case .channel(let channel): "channel \(channel)"
        }
    }

    static func duration(_ stat: DurationStat) -> String {
        guard stat.count > 0 else { return "–" }
        guard let median = stat.medianSeconds, let p90 = stat.p90Seconds else { return humanDuration(stat.meanSeconds) }
        return "\(humanDuration(stat.meanSeconds)) (median \(humanDuration(median)), p90 \(humanDuration(p90)))"
    }

    static func humanDuration(_ seconds: Double) -> String {
        // Clamped: a target or figure can be any finite Double, and Int64(_:) traps outside its range.
        let total = Int64(exactly: seconds.rounded()) ?? (seconds < 0 ? 0 : Int64.max / 2)
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        if days > 0 { return "\(days)d \(hours)h \(minutes)m" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(total % 60)s" }
        return "\(total)s"
    }

    static func percent(_ ratio: Ratio) -> String {
        guard ratio.denominator > 0 else { return "–" }
        let tenths = (ratio.rate * 1000).rounded() / 10
        return "\(tenths)%"
    }

    static let adjustedNote =
        "note: the minute or hour buckets this range needed are past their retention (kpid --minute-retention-hours,\n"
        + "      --hour-retention-days), so its edges were moved back to the hour or day shown above"

    /// One scope's KPIs, one per line.
    static func text(_ response: GetKpisResponse) -> String {
        let kpis = response.kpis
        var lines = [
            "KPIs for \(scopeName(response.scope))",
            "range \(TimeArgument.format(ms: response.fromMs)) → \(TimeArgument.format(ms: response.toMs)) (event-time cohort)",
        ]
        if response.rangeAdjusted { lines.append(adjustedNote) }
        lines.append("")
        let rows: [(String, String)] = [
            ("tickets created", "\(kpis.ticketsCreated)"),
            ("tickets resolved (first resolution)", "\(kpis.ticketsResolved)"),
            ("resolutions (incl. re-resolutions)", "\(kpis.resolutions)"),
            ("tickets reopened", "\(kpis.ticketsReopened)"),
            ("tickets closed", "\(kpis.ticketsClosed)"),
            ("first response time, mean", "\(duration(kpis.firstResponse))  (n=\(kpis.firstResponse.count))"),
            ("first resolution time, mean", "\(duration(kpis.firstResolution))  (n=\(kpis.firstResolution.count))"),
            ("full resolution time, mean", "\(duration(kpis.fullResolution))  (n=\(kpis.fullResolution.count))"),
            (
                "first contact resolution",
                "\(percent(kpis.firstContactResolution))  (\(kpis.firstContactResolution.numerator)/\(kpis.firstContactResolution.denominator))"
            ),
            (
                "SLA compliance",
                "\(percent(kpis.slaCompliance))  (\(kpis.slaCompliance.numerator)/\(kpis.slaCompliance.denominator))"
            ),
            ("backlog at end of range", "\(kpis.backlog)"),
            ("reply time, mean", "\(duration(kpis.replyTime))  (n=\(kpis.replyTime.count))"),
            ("reopen rate (reopens / resolutions)", "\(percent(kpis.reopenRate))"),
            ("CSAT (4–5 of 5)", "\(percent(kpis.csat))  (\(kpis.csat.numerator)/\(kpis.csat.denominator))"),
            ("NPS", kpis.nps.responses == 0 ? "–" : "\(Int(kpis.nps.score.rounded()))  (n=\(kpis.nps.responses))"),
            (
                "customer effort (1–7), mean",
                kpis.ces.responses == 0
                    ? "–"
                    : String(format: "%.2f", kpis.ces.mean)
                        + "  (low effort \(percent(kpis.ces.lowEffortRate)), n=\(kpis.ces.responses))"
            ),
            ("handle time per ticket and agent, mean", "\(duration(kpis.handleTime))  (n=\(kpis.handleTime.count))"),
            (
                "AI containment / escalation",
                kpis.bot.conversations == 0
                    ? "–"
                    : "\(percent(kpis.bot.containment)) / \(percent(kpis.bot.escalation))  (n=\(kpis.bot.conversations))"
            ),
            ("human handoff success", "\(percent(kpis.handoffSuccess))  (n=\(kpis.handoffSuccess.denominator))"),
            (
                "agent productivity (resolutions / work hour)",
                kpis.handleTime.sumSeconds <= 0 ? "–" : String(format: "%.2f", kpis.resolutionsPerWorkHour)
            ),
            ("automation accuracy", "\(percent(kpis.automationAccuracy))  (n=\(kpis.automationAccuracy.denominator))"),
            (
                "QA score, mean",
                kpis.qa.reviews == 0 ? "–" : String(format: "%.1f%%", kpis.qa.meanScore) + "  (n=\(kpis.qa.reviews))"
            ),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        lines += rows.map {
            "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1
                + statusNote(row: $0.0, in: response)
        }
        if !response.agents.isEmpty {
            lines += ["", "  agents (resolutions / tickets resolved):"]
            for agent in response.agents.sorted(by: { $0.resolutions > $1.resolutions }) {
                lines.append("    \(agent.agent): \(agent.resolutions) / \(agent.ticketsResolved)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Departments side by side, one row each.
    static func comparison(_ responses: [GetKpisResponse]) -> String {
        let header = [
            "department", "created", "resolved", "FRT", "1st res", "full res", "FCR", "SLA", "reopened", "backlog",
        ]
        var table = [header]
        for response in responses {
            let kpis = response.kpis
            table.append([
                scopeName(response.scope).replacingPrefix("department ", with: ""), "\(kpis.ticketsCreated)",
                "\(kpis.ticketsResolved)", duration(kpis.firstResponse), duration(kpis.firstResolution),
                duration(kpis.fullResolution), percent(kpis.firstContactResolution), percent(kpis.slaCompliance),
                "\(kpis.ticketsReopened)", "\(kpis.backlog)",
            ])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The reply as a JSON object (field names as in the protobuf contract).
    static func json(_ response: GetKpisResponse) -> String {
        let kpis = response.kpis
        func stat(_ value: DurationStat) -> String {
            "{\"count\":\(value.count),\"sum_seconds\":\(value.sumSeconds),\"mean_seconds\":\(value.meanSeconds)}"
        }
        func ratio(_ value: Ratio) -> String {
            "{\"numerator\":\(value.numerator),\"denominator\":\(value.denominator),\"rate\":\(value.rate)}"
        }
        let agents = response.agents.map {
            "{\"agent\":\(quoted($0.agent)),\"resolutions\":\($0.resolutions),\"tickets_resolved\":\($0.ticketsResolved)}"
        }
        return """
            {"scope":\(quoted(scopeName(response.scope))),"from_ms":\(response.fromMs),"to_ms":\(response.toMs),\
            "range_adjusted":\(response.rangeAdjusted),\
            "cohort":"event_time","kpis":{"tickets_created":\(kpis.ticketsCreated),\
            "tickets_resolved":\(kpis.ticketsResolved),"resolutions":\(kpis.resolutions),\
            "tickets_reopened":\(kpis.ticketsReopened),"tickets_closed":\(kpis.ticketsClosed),\
            "first_response":\(stat(kpis.firstResponse)),"first_resolution":\(stat(kpis.firstResolution)),\
            "full_resolution":\(stat(kpis.fullResolution)),\
            "first_contact_resolution":\(ratio(kpis.firstContactResolution)),\
            "sla_compliance":\(ratio(kpis.slaCompliance)),"backlog":\(kpis.backlog),\
            "reply_time":\(stat(kpis.replyTime)),"reopen_rate":\(ratio(kpis.reopenRate)),\
            "csat":\(ratio(kpis.csat)),"nps":{"responses":\(kpis.nps.responses),"promoters":\(kpis.nps.promoters),\
            "detractors":\(kpis.nps.detractors),"score":\(kpis.nps.score)},\
            "ces":{"responses":\(kpis.ces.responses),"mean":\(kpis.ces.mean),"low_effort":\(ratio(kpis.ces.lowEffortRate))},\
            "handle_time":\(stat(kpis.handleTime)),"bot":{"conversations":\(kpis.bot.conversations),\
            "containment":\(ratio(kpis.bot.containment)),"escalation":\(ratio(kpis.bot.escalation))},\
            "handoff_success":\(ratio(kpis.handoffSuccess)),"automation_accuracy":\(ratio(kpis.automationAccuracy)),\
            "qa":{"reviews":\(kpis.qa.reviews),"mean_score":\(kpis.qa.meanScore)}},\
            "agents":[\(agents.joined(separator: ","))],"statuses":\(statusesJSON(response.statuses))}
            """
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u00" + String(scalar.value, radix: 16).leftPadded(2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }

    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
