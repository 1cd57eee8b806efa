import Foundation
import KPIClient
import KPICore
import KPIImport
import KPIMessages
import KPIProtocol

/// `kpictl import servicenow|callcenter FILE`: reads a ServiceNow incident audit export or an "Anonymous Bank"
/// call-centre log and sends it to kpid in batches.
///
/// Batches hold whole incidents (whole calls), so no two calls in flight carry events of the same ticket (kpid
/// applies a ticket's events in the order it receives them). Event ids are derived from the file, so importing the
/// same file again changes nothing: every event comes back as a duplicate.
struct ImportCommand {
    let options: Options

    /// The file formats `kpictl import` reads.
    enum Source: String {
        case servicenow, callcenter
    }

    /// The events of a whole file and what the summary prints about it.
    struct Parsed {
        var events: [TicketEvent]
        var rowsRead: Int
        /// What one ticket is in the file ("incidents", "calls") and how many there were.
        var ticketsLabel: String
        var tickets: Int
        var eventsByKind: [String: Int]
        var skippedRows: [String: Int]
    }

    func run(_ address: (host: String, port: UInt16)) async throws {
        guard options.words.count == 3, let source = Source(rawValue: options.words[1]) else {
            throw UsageError("usage: kpictl import servicenow|callcenter FILE [--batch N] [--parallel N] [--quiet]")
        }
        let path = options.words[2]
        let batchSize = try options.integer("--batch", default: 500, in: 1...RequestLimits.maxEventsPerCall)
        let parallel = try options.integer("--parallel", default: 4, in: 1...64)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read \(path)")
        }
        let started = Date()
        let parsed = Self.parse(source, Array(data))
        let batches = Self.batches(parsed.events, size: batchSize)
        let connection = try KPICtl.connect(address)
        defer { connection.close() }

        // A progress bar only on a terminal: in a log it would be one long line.
        var progress = Progress(total: parsed.events.count, quiet: options.has("--quiet") || isatty(2) == 0)
        var totals = (accepted: 0, duplicates: 0, rejected: 0)
        var reasons: [String: Int] = [:]
        try await withThrowingTaskGroup(of: RecordEventsResponse.self) { group in
            var next = 0
            func submit() {
                guard next < batches.count else { return }
                let batch = batches[next]
                next += 1
                group.addTask { try await Self.send(batch, over: connection) }
            }
            for _ in 0..<parallel { submit() }
            while let response = try await group.next() {
                totals.accepted += Int(response.accepted)
                totals.duplicates += Int(response.duplicates)
                totals.rejected += Int(response.rejected)
                for result in response.results where result.outcome == .rejected {
                    reasons[Self.reasonKind(result.reason), default: 0] += 1
                }
                progress.advance(by: response.results.count)
                submit()
            }
        }
        progress.finish()
        let seconds = Date().timeIntervalSince(started)
        printSummary(parsed, totals: totals, reasons: reasons, seconds: seconds)
    }

    /// Reads a whole file of `source`'s format.
    static func parse(_ source: Source, _ bytes: [UInt8]) -> Parsed {
        switch source {
        case .servicenow:
            let result = ServiceNowImport.parse(bytes)
            return Parsed(
                events: result.events,
                rowsRead: result.rowsRead,
                ticketsLabel: "incidents",
                tickets: result.incidents,
                eventsByKind: result.eventsByKind,
                skippedRows: result.skippedRows
            )
        case .callcenter:
            let result = CallCenterImport.parse(bytes)
            return Parsed(
                events: result.events,
                rowsRead: result.rowsRead,
                ticketsLabel: "calls",
                tickets: result.calls,
                eventsByKind: result.eventsByKind,
                skippedRows: result.skippedRows
            )
        }
    }

    /// Cuts the events into batches of about `size`, never splitting one ticket's events.
    static func batches(_ events: [TicketEvent], size: Int) -> [[TicketEvent]] {
        var batches: [[TicketEvent]] = []
        var current: [TicketEvent] = []
        for event in events {
            if current.count >= size, let last = current.last, last.ticketID != event.ticketID {
                batches.append(current)
                current = []
            }
            current.append(event)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    // Retries a batch while kpid or Redis is briefly unavailable: the event ids make the retry safe.
    private static func send(
        _ batch: [TicketEvent],
        over connection: KPIConnection
    ) async throws -> RecordEventsResponse {
        var attempt = 0
        while true {
            do {
                return try await connection.recordEvents(batch)
            } catch let error as KPIClientError where error.code == .unavailable && attempt < 5 {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(200_000_000 * attempt))
            }
        }
    }

    /// Groups rejection reasons by their shape (ticket names removed: `INC…` incidents, `AA0101/123` calls),
    /// for the summary.
    static func reasonKind(_ reason: String) -> String {
        reason.split(separator: " ").map { $0.hasPrefix("INC") || $0.contains("/") ? "<ticket>" : String($0) }
            .joined(separator: " ")
    }

    private func printSummary(
        _ summary: Parsed,
        totals: (accepted: Int, duplicates: Int, rejected: Int),
        reasons: [String: Int],
        seconds: Double
    ) {
        var lines = [
            "import summary",
            "  rows read         \(summary.rowsRead)",
            "  \(summary.ticketsLabel.padding(toLength: 16, withPad: " ", startingAt: 0))  \(summary.tickets)",
            "  events sent       \(summary.events.count)",
            "  accepted          \(totals.accepted)",
            "  duplicates        \(totals.duplicates)",
            "  rejected          \(totals.rejected)",
        ]
        for (reason, count) in reasons.sorted(by: { $0.value > $1.value }) { lines.append("      \(count)  \(reason)") }
        let skipped = summary.skippedRows.values.reduce(0, +)
        lines.append("  rows skipped      \(skipped)")
        for (reason, count) in summary.skippedRows.sorted(by: { $0.value > $1.value }) {
            lines.append("      \(count)  \(reason)")
        }
        for (kind, count) in summary.eventsByKind.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind.padding(toLength: 16, withPad: " ", startingAt: 0))  \(count) events")
        }
        let rate = seconds > 0 ? Int(Double(summary.rowsRead) / seconds) : 0
        lines.append("  took              \(String(format: "%.2f", seconds)) s (\(rate) rows/s)")
        print(lines.joined(separator: "\n"))
    }
}

/// A progress bar on standard error.
struct Progress {
    let total: Int
    let quiet: Bool
    private var done = 0
    private var lastDrawn = -1

    init(total: Int, quiet: Bool) {
        self.total = total
        self.quiet = quiet
    }

    mutating func advance(by count: Int) {
        done += count
        let percent = total == 0 ? 100 : done * 100 / total
        guard !quiet, percent != lastDrawn else { return }
        lastDrawn = percent
        let filled = percent * 40 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 40 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)%  \(done)/\(total) events".utf8))
    }

    func finish() {
        if !quiet { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
