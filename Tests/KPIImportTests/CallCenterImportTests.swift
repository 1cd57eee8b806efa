import KPICore
import Testing

@testable import KPIImport

/// Hand-made call-centre rows with the real header.
enum CallCenterFixture {
    static let header =
        "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time"
        + "\toutcome\tser_start\tser_exit\tser_time\tserver"

    /// The file made of the header and `rows` (each a tab-separated line), LF line ends.
    static func bytes(_ rows: [String]) -> [UInt8] {
        Array(([header] + rows).map { $0 + "\n" }.joined().utf8)
    }

    /// Unix ms of a UTC time in February or March 1999, counted by hand: 1999-01-01 is day 10,592 since 1970.
    static func ms(_ month: Int64, _ day: Int64, _ hour: Int64, _ minute: Int64, _ second: Int64) -> Int64 {
        let dayOfYear = (month == 2 ? 31 : 59) + day - 1
        return (((10_592 + dayOfYear) * 24 + hour) * 60 + minute) * 60_000 + second * 1000
    }
}

@Suite("Call-centre import: mapping calls to events")
struct CallCenterImportTests {
    typealias Fixture = CallCenterFixture

    private func events(_ rows: [String]) -> [TicketEvent] {
        CallCenterImport.parse(Fixture.bytes(rows)).events
    }

    /// An event of the call `ticket` held by service line `line`, with the importer's id scheme.
    private func event(
        _ ticket: String,
        _ kind: TicketEventKind,
        _ timeMs: Int64,
        _ line: String = "PS",
        agent: String = ""
    ) -> TicketEvent {
        TicketEvent(
            eventID: "\(ticket)/\(kind.name)",
            ticketID: ticket,
            timeMs: timeMs,
            department: line,
            agent: agent,
            kind: kind
        )
    }

    private let handoff = TicketEventKind.handedToHuman(reason: .customerAsked, confidence: 0)
    private let resolution = TicketEventKind.resolved(sla: .unknown, firstContact: .yes)

    @Test("a call served straight from the VRU: created, bot, handoff, response, work, resolution, close")
    func servedWithoutQueue() {
        let row =
            "AA0101\t34536\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166"
            + "\tagent-01"
        let t = "AA0101/34536"
        let (entry, exit) = (Fixture.ms(2, 1, 7, 2, 47), Fixture.ms(2, 1, 7, 2, 56))
        let (start, end) = (Fixture.ms(2, 1, 7, 2, 55), Fixture.ms(2, 1, 7, 5, 41))
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "0"), entry),
                event(t, .botStarted, entry),
                event(t, handoff, exit),
                event(t, .firstResponse, start, agent: "agent-01"),
                event(t, .agentWorked(startMs: start, endMs: end), end, agent: "agent-01"),
                event(t, resolution, end, agent: "agent-01"),
                event(t, .closed, end, agent: "agent-01"),
            ]
        )
    }

    @Test("a call that queued, then was served: the handoff is at vru_exit, the response at ser_start")
    func queuedThenServed() {
        let row =
            "AA0203\t1000\tcustomer-00001\t2\tNE\t990215\t8:00:00\t8:00:10\t10\t8:00:10\t8:01:10\t60\tAGENT"
            + "\t8:01:09\t8:04:09\t180\tagent-02"
        let t = "AA0203/1000"
        let (start, end) = (Fixture.ms(2, 15, 8, 1, 9), Fixture.ms(2, 15, 8, 4, 9))
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "2"), Fixture.ms(2, 15, 8, 0, 0), "NE"),
                event(t, .botStarted, Fixture.ms(2, 15, 8, 0, 0), "NE"),
                event(t, handoff, Fixture.ms(2, 15, 8, 0, 10), "NE"),
                event(t, .firstResponse, start, "NE", agent: "agent-02"),
                event(t, .agentWorked(startMs: start, endMs: end), end, "NE", agent: "agent-02"),
                event(t, resolution, end, "NE", agent: "agent-02"),
                event(t, .closed, end, "NE", agent: "agent-02"),
            ]
        )
    }

    @Test("a caller who hung up in the queue: handed over, then closed at q_exit with no agent")
    func hungUpInQueue() {
        let row =
            "AA0101\t34539\tcustomer-00001\t2\tPS\t990201\t8:09:16\t8:09:22\t6\t8:09:22\t8:09:27\t5\tHANG"
            + "\t0:00:00\t0:00:00\t0\tNO_SERVER"
        let t = "AA0101/34539"
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "2"), Fixture.ms(2, 1, 8, 9, 16)),
                event(t, .botStarted, Fixture.ms(2, 1, 8, 9, 16)),
                event(t, handoff, Fixture.ms(2, 1, 8, 9, 22)),
                event(t, .closed, Fixture.ms(2, 1, 8, 9, 27)),
            ]
        )
    }

    @Test("a caller who hung up in the VRU: no handoff, closed at vru_exit")
    func hungUpInVRU() {
        let row =
            "AA0105\t7\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0"
            + "\tNO_SERVER"
        let t = "AA0105/7"
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "1"), Fixture.ms(2, 3, 9, 0, 0), "NW"),
                event(t, .botStarted, Fixture.ms(2, 3, 9, 0, 0), "NW"),
                event(t, .closed, Fixture.ms(2, 3, 9, 0, 20), "NW"),
            ]
        )
    }

    @Test("a queue entry of 0 s (q_start recorded) still counts as reaching the queue")
    func zeroSecondQueue() {
        let row =
            "AA0101\t34868\t0\t0\tNW\t990205\t8:26:00\t8:26:10\t10\t8:26:10\t8:26:10\t0\tHANG\t0:00:00\t0:00:00"
            + "\t0\tNO_SERVER"
        let t = "AA0101/34868"
        #expect(
            events([row]).map(\.eventID) == ["\(t)/created", "\(t)/bot_started", "\(t)/handed_to_human", "\(t)/closed"]
        )
        #expect(events([row]).last?.timeMs == Fixture.ms(2, 5, 8, 26, 10))
    }

    @Test("AGENT with NO_SERVER is abandoned: handed over, closed at ser_exit, never resolved")
    func agentWithoutServer() {
        let row =
            "AA0101\t34537\t0\t0\tPS\t990201\t7:31:45\t7:31:55\t10\t0:00:00\t0:00:00\t0\tAGENT\t7:31:54\t7:31:59"
            + "\t5\tNO_SERVER"
        let t = "AA0101/34537"
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "0"), Fixture.ms(2, 1, 7, 31, 45)),
                event(t, .botStarted, Fixture.ms(2, 1, 7, 31, 45)),
                event(t, handoff, Fixture.ms(2, 1, 7, 31, 55)),
                event(t, .closed, Fixture.ms(2, 1, 7, 31, 59)),
            ]
        )
    }

    @Test("a call that crosses midnight: later times smaller than vru_entry are on the next day")
    func crossesMidnight() {
        let row =
            "AA0601\t42\t0\t0\tPS\t990228\t23:58:00\t23:58:30\t30\t23:58:30\t0:01:30\t180\tAGENT\t0:01:29"
            + "\t0:05:00\t211\tagent-03"
        let t = "AA0601/42"
        let (start, end) = (Fixture.ms(3, 1, 0, 1, 29), Fixture.ms(3, 1, 0, 5, 0))
        #expect(
            events([row]) == [
                event(t, .created(channel: "phone", priority: "0"), Fixture.ms(2, 28, 23, 58, 0)),
                event(t, .botStarted, Fixture.ms(2, 28, 23, 58, 0)),
                event(t, handoff, Fixture.ms(2, 28, 23, 58, 30)),
                event(t, .firstResponse, start, agent: "agent-03"),
                event(t, .agentWorked(startMs: start, endMs: end), end, agent: "agent-03"),
                event(t, resolution, end, agent: "agent-03"),
                event(t, .closed, end, agent: "agent-03"),
            ]
        )
    }

    @Test("a few seconds out of order (vru_exit before vru_entry) is not a midnight crossing")
    func negativeVRUTime() {
        let row =
            "AA0102\t30456\tcustomer-00048\t2\tPS\t990207\t9:48:14\t9:47:17\t-57\t9:47:17\t9:50:11\t174\tAGENT"
            + "\t9:50:11\t9:51:28\t77\tagent-04"
        let events = events([row])
        #expect(events.map(\.timeMs).min() == Fixture.ms(2, 7, 9, 47, 17))
        #expect(events.map(\.timeMs).max() == Fixture.ms(2, 7, 9, 51, 28))
        #expect(events[2] == event("AA0102/30456", handoff, Fixture.ms(2, 7, 9, 47, 17)))
    }

    @Test("a named agent with no service times serves at q_exit for 0 s")
    func servedWithoutServiceTimes() {
        let row =
            "AA0101\t34648\tcustomer-00044\t2\tPS\t990202\t13:44:47\t13:44:53\t6\t13:44:53\t13:45:06\t13\tAGENT"
            + "\t0:00:00\t0:00:00\t0\tagent-07"
        let t = "AA0101/34648"
        let at = Fixture.ms(2, 2, 13, 45, 6)
        #expect(
            Array(events([row]).dropFirst(3)) == [
                event(t, .firstResponse, at, agent: "agent-07"),
                event(t, .agentWorked(startMs: at, endMs: at), at, agent: "agent-07"),
                event(t, resolution, at, agent: "agent-07"),
                event(t, .closed, at, agent: "agent-07"),
            ]
        )
    }

    @Test("PHANTOM and unreadable rows are counted by reason and never stop the import")
    func skippedRows() {
        let good =
            "AA0105\t7\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0"
            + "\tNO_SERVER"
        let rows = [
            "AA0101\t34645\tcustomer-00044\t2\tPS\t990202\t13:13:33\t13:13:42\t9\t13:13:42\t13:14:12\t30\tPHANTOM"
                + "\t13:13:40\t13:14:18\t38\tNO_SERVER",
            good,
            "AA0105\t8\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t20",
            "AA0105\t9\t0\t1\tNW\t990230\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
            "AA0105\t10\t0\t1\tNW\t990203\t9:60:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
            "AA0105\t11\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t2x\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
            "AA0105\t12\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tXFER\t0:00:00\t0:00:00\t0\tNO_SERVER",
            "\t13\t0\t1\tNW\t990203\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
            good,
            "",
            "AA0105\t14\t0\t1\tNW\t99023\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        ]
        let result = CallCenterImport.parse(Fixture.bytes(rows))
        #expect(result.rowsRead == 10)
        #expect(result.calls == 1)
        #expect(result.events.count == 3)
        #expect(
            result.skippedRows == [
                "phantom": 1, "wrong_column_count": 1, "bad_date": 2, "bad_time": 1, "bad_duration": 1,
                "bad_outcome": 1, "empty_call_id": 1, "duplicate_call": 1,
            ]
        )
        #expect(result.eventsByKind == ["created": 1, "bot_started": 1, "closed": 1])
    }

    @Test("a header without a needed column skips every row")
    func missingColumn() {
        let bytes = Array("vru+line\tcall_id\noops\t1\n".utf8)
        let result = CallCenterImport.parse(bytes)
        #expect(result.rowsRead == 1)
        #expect(result.skippedRows == ["missing_column": 1])
        #expect(result.summary.missingColumns.contains("outcome"))
        #expect(result.events.isEmpty)
    }

    @Test("a comma inside a tab-separated field stays in the field")
    func commaIsNotASeparator() {
        let row =
            "AA0105\t7\t0\t1\tN,W\t990203\t9:00:00\t9:00:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0"
            + "\tNO_SERVER"
        #expect(events([row]).first?.department == "N,W")
    }

    @Test("batches hold whole calls, and a second parse gives the same ids")
    func batchesAndIDs() {
        let rows = (0..<5).map { index in
            "AA0101\t\(index)\t0\t0\tPS\t990201\t7:02:47\t7:02:56\t9\t0:00:00\t0:00:00\t0\tAGENT\t7:02:55\t7:05:41\t166"
                + "\tagent-01"
        }
        var importer = CallCenterImporter(bytes: Fixture.bytes(rows))
        var sizes: [Int] = []
        while let batch = importer.nextBatch(maxCalls: 2) { sizes.append(batch.count) }
        #expect(sizes == [14, 14, 7])
        #expect(importer.summary.calls == 5)
        let first = CallCenterImport.parse(Fixture.bytes(rows)).events.map(\.eventID)
        #expect(first == CallCenterImport.parse(Fixture.bytes(rows)).events.map(\.eventID))
        #expect(Set(first).count == 35)
    }
}
