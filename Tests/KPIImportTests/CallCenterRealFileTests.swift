import Foundation
import KPICore
import Testing

@testable import KPIImport

/// The "Anonymous Bank" call log of February 1999, found beside the repository.
private let callCenterPath = sharedDataPath("data/anonymous-bank-callcenter/anonymous_bank_1999_02.tsv")

@Suite("Call-centre import of the real Anonymous Bank log")
struct CallCenterRealFileTests {
    /// The file split naively on line feeds and tabs (it has no quotes and no carriage returns).
    private static func naiveRows() throws -> (header: [String], rows: [[String]]) {
        let data = try #require(FileManager.default.contents(atPath: callCenterPath), "missing \(callCenterPath)")
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        return (header, lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) })
    }

    @Test("row count, skipped rows and events by kind agree with a naive reading of the file")
    func countsMatchNaiveReading() throws {
        let (header, rows) = try Self.naiveRows()
        let column = { (name: String) in header.firstIndex(of: name)! }
        let (outcome, server, qStart, qTime, serTime) =
            (column("outcome"), column("server"), column("q_start"), column("q_time"), column("ser_time"))
        let calls = rows.filter { $0[outcome] != "PHANTOM" }
        let served = calls.filter { $0[outcome] == "AGENT" && $0[server] != "NO_SERVER" }
        let handed = calls.filter {
            $0[qStart] != "0:00:00" || Int($0[qTime])! > 0 || Int($0[serTime])! > 0 || $0[outcome] == "AGENT"
        }

        let data = try #require(FileManager.default.contents(atPath: callCenterPath))
        let result = CallCenterImport.parse(Array(data))
        #expect(rows.count == 33_344)
        #expect(result.rowsRead == 33_344)
        #expect(result.skippedRows == ["phantom": 278])
        #expect(result.calls == calls.count)
        #expect(result.calls == 33_066)
        #expect(served.count == 26_671)  // SOURCE.md: 26,671 calls served by a named agent
        #expect(
            result.eventsByKind == [
                "created": calls.count, "bot_started": calls.count, "closed": calls.count,
                "handed_to_human": handed.count, "first_response": served.count, "agent_worked": served.count,
                "resolved": served.count,
            ]
        )
        #expect(result.events.count == 210_336)

        // Handle time from the clock times equals the file's own `ser_time` column.
        let workSeconds = result.events.reduce(Int64(0)) { sum, event in
            guard case .agentWorked(let start, let end) = event.kind else { return sum }
            return sum + (end - start) / 1000
        }
        #expect(workSeconds == Int64(served.reduce(0) { $0 + Int($1[serTime])! }))
    }

    @Test("every call's events start with created, keep unique ids and stay inside February (or just after)")
    func invariants() throws {
        let data = try #require(FileManager.default.contents(atPath: callCenterPath))
        let events = CallCenterImport.parse(Array(data)).events
        #expect(Set(events.map(\.eventID)).count == events.count)
        // 1999-02-01 00:00 and 1999-03-01 01:00 UTC.
        let (earliest, latest): (Int64, Int64) = (917_827_200_000, 920_250_000_000)
        #expect(events.allSatisfy { $0.timeMs >= earliest && $0.timeMs < latest })

        var previousTicket = ""
        var seen: Set<String> = []
        var calls: [String: [TicketEvent]] = [:]
        for event in events {
            if event.ticketID != previousTicket {
                #expect(seen.insert(event.ticketID).inserted, "\(event.ticketID) is not contiguous")
                if case .created = event.kind {} else { Issue.record("\(event.ticketID) does not start with created") }
                previousTicket = event.ticketID
            }
            calls[event.ticketID, default: []].append(event)
        }
        for (ticket, callEvents) in calls {
            let created = callEvents[0].timeMs
            // No call lasts more than a few hours: a wrong midnight guess would be off by a day.
            #expect(callEvents.allSatisfy { abs($0.timeMs - created) < 6 * 3_600_000 }, "\(ticket)")
            #expect(callEvents.allSatisfy { !$0.department.isEmpty })
            let resolved = callEvents.contains { if case .resolved = $0.kind { true } else { false } }
            let closed = callEvents.last!
            #expect(closed.kind == .closed)
            #expect(resolved == !closed.agent.isEmpty, "\(ticket): only served calls close with an agent")
        }
    }
}
