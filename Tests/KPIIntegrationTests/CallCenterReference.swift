import Foundation

/// The call-centre figures of one scope over one range, as plain counts and sums (seconds).
struct CallCenterFigures: Equatable, Sendable {
    var ticketsCreated: Int64 = 0
    var firstResponseCount: Int64 = 0
    var firstResponseSumSeconds: Int64 = 0
    var resolutions: Int64 = 0
    var firstResolutionSumSeconds: Int64 = 0
    var ticketsClosed: Int64 = 0
    var handleSumSeconds: Int64 = 0
    /// (call, agent) pairs with work.
    var handleCount: Int64 = 0
    var botConversations: Int64 = 0
    var botContained: Int64 = 0
    var botEscalated: Int64 = 0
    var handoffs: Int64 = 0
    var handoffSuccesses: Int64 = 0
    /// Calls open at the end of the range.
    var backlog: Int64 = 0
}

/// An oracle for end-to-end tests: the KPIs of `docs/kpi-definitions.md` computed straight from the call-centre
/// TSV, without KPIImport or kpid's ledger.
///
/// It applies the documented mapping to each call (see `CallCenterImport` and the README) and works out, per
/// call, what each figure gains, when and for whom:
///
/// - created, bot conversation, and (when the call got past the VRU) its escalation: at `vru_entry`, credited to
///   the service line (`type`), no agent;
/// - the handoff at `vru_exit`, to the service line;
/// - for a call served by a named agent: the ticket moves to that agent at `ser_start` (backlog moves with it),
///   the first response counts `ser_start − vru_entry` there; the resolution, the close, and the handle time
///   (`ser_time` seconds, one (call, agent) pair) count at `ser_exit`; the handoff succeeds, credited where and
///   when the handoff was, when `ser_start` is at most 15 minutes after `vru_exit`;
/// - any other call closes at its last time that happened (`ser_exit`, `q_exit`, `vru_exit`), on the line.
///
/// Lines are split naively on line feeds and tabs: the file has no quotes and no carriage returns.
struct CallCenterReference {
    /// The calls used (PHANTOM rows left out), after `callLimit`.
    private(set) var callCount = 0
    private var contributions: [Contribution] = []

    /// Reads the log at `path` and takes its first `callLimit` non-PHANTOM calls in file order (all when `nil`).
    ///
    /// An unreadable file gives a reference with no calls; check ``callCount``.
    init(path: String, callLimit: Int?) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.isEmpty == false else { return }
        let header = lines.removeFirst().split(separator: "\t").map(String.init)
        for line in lines {
            let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var fields: [String: String] = [:]
            for (name, value) in zip(header, values) { fields[name] = value }
            guard fields["outcome"] != "PHANTOM" else { continue }
            if callCount == callLimit { break }
            callCount += 1
            contributions += Self.contributions(of: fields)
        }
    }

    /// The figures of `scope` for events in `[fromMs, toMs)`; the backlog counts every change before `toMs`.
    func figures(scope: ReferenceScope, fromMs: Int64, toMs: Int64) -> CallCenterFigures {
        var figures = CallCenterFigures()
        for contribution in contributions where contribution.credits(scope) {
            let inRange =
                contribution.field == \.backlog
                ? contribution.timeMs < toMs
                : contribution.timeMs >= fromMs && contribution.timeMs < toMs
            if inRange { figures[keyPath: contribution.field] += contribution.amount }
        }
        return figures
    }

    /// What one call adds to each figure.
    private static func contributions(of fields: [String: String]) -> [Contribution] {
        let line = fields["type"]!
        let outcome = fields["outcome"]!
        let server = fields["server"]!
        let queueSeconds = Int64(fields["q_time"]!)!
        let serviceSeconds = Int64(fields["ser_time"]!)!

        // Day start: YYMMDD in 1999, February or March, counted by hand (1999-01-01 is day 10,592).
        let date = fields["date"]!
        let month = Int64(date.dropFirst(2).prefix(2))!
        let day = Int64(date.suffix(2))!
        let dayStartMs = (10_592 + (month == 2 ? 31 : month == 3 ? 59 : 0) + day - 1) * 86_400_000
        func secondsOfDay(_ name: String) -> Int64 {
            let parts = fields[name]!.split(separator: ":").map { Int64($0)! }
            return parts[0] * 3600 + parts[1] * 60 + parts[2]
        }
        let entrySeconds = secondsOfDay("vru_entry")
        /// The time of a column, or nil when it reads `0:00:00` and its duration is 0.
        func time(_ name: String, duration: Int64) -> Int64? {
            let seconds = secondsOfDay(name)
            if seconds == 0 && duration == 0 { return nil }
            // Half a day before the entry: the call went past midnight.
            return dayStartMs + (seconds + (entrySeconds - seconds > 43_200 ? 86_400 : 0)) * 1000
        }
        let vruSeconds = Int64(fields["vru_time"]!)!
        let entry = dayStartMs + entrySeconds * 1000
        let vruExit = time("vru_exit", duration: vruSeconds) ?? entry
        let queueStart = time("q_start", duration: queueSeconds)
        let queueExit = time("q_exit", duration: queueSeconds)
        let serviceStart = time("ser_start", duration: serviceSeconds)
        let serviceExit = time("ser_exit", duration: serviceSeconds)

        var result: [Contribution] = []
        func add(_ field: WritableKeyPath<CallCenterFigures, Int64>, _ amount: Int64, _ at: Int64, _ agent: String) {
            result.append(Contribution(field: field, amount: amount, timeMs: at, line: line, agent: agent))
        }
        add(\.ticketsCreated, 1, entry, "")
        add(\.backlog, 1, entry, "")
        add(\.botConversations, 1, entry, "")

        let handedOver = queueStart != nil || queueSeconds > 0 || serviceSeconds > 0 || outcome == "AGENT"
        if handedOver {
            add(\.botEscalated, 1, entry, "")
            add(\.handoffs, 1, vruExit, "")
        }

        if outcome == "AGENT" && server != "NO_SERVER" {
            let start = serviceStart ?? queueExit ?? vruExit
            let end = serviceExit ?? start
            add(\.backlog, -1, start, "")
            add(\.backlog, 1, start, server)
            add(\.firstResponseCount, 1, start, server)
            add(\.firstResponseSumSeconds, max(0, (start - entry) / 1000), start, server)
            add(\.handleSumSeconds, serviceSeconds, end, server)
            add(\.handleCount, 1, end, server)
            add(\.resolutions, 1, end, server)
            add(\.firstResolutionSumSeconds, max(0, (end - entry) / 1000), end, server)
            add(\.backlog, -1, end, server)
            add(\.ticketsClosed, 1, end, server)
            if start - vruExit <= 15 * 60_000 { add(\.handoffSuccesses, 1, vruExit, "") }
        } else {
            let last = serviceExit ?? queueExit ?? vruExit
            add(\.ticketsClosed, 1, last, "")
            add(\.backlog, -1, last, "")
        }
        return result
    }
}

/// An amount added to one figure at one time, credited to one service line and agent ("" = none).
private struct Contribution {
    var field: WritableKeyPath<CallCenterFigures, Int64>
    var amount: Int64
    var timeMs: Int64
    var line: String
    var agent: String

    func credits(_ scope: ReferenceScope) -> Bool {
        switch scope {
        case .organization: true
        case .department(let name): line == name
        case .agent(let name): agent.isEmpty == false && agent == name
        }
    }
}
