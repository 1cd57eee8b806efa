import KPICore
import Testing

@testable import KPIImport

@Suite("ServiceNow import: mapping rows to events")
struct ServiceNowImportTests {
    typealias Row = ServiceNowFixture.Row

    private func summaries(_ rows: [Row]) -> [String] {
        ServiceNowImport.parse(ServiceNowFixture.bytes(rows)).events.map(\.testSummary)
    }

    @Test("a plain New, Active, Resolved, Closed history gives one event of each kind")
    func plainHistory() {
        let rows = [
            Row(mod: "0"),
            Row(state: "Active", mod: "1", updatedAt: "1/3/2016 10:30"),
            Row(state: "Resolved", mod: "2", updatedAt: "1/3/2016 11:00"),
            Row(state: "Closed", mod: "3", updatedAt: "1/3/2016 12:05"),
        ]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "first_response@10:30 Group 1/ INC0000001/first_response/1",
                "resolved@11:0 Group 1/ INC0000001/resolved/2",
                "closed@12:5 Group 1/ INC0000001/closed/3",
            ]
        )
    }

    @Test("created carries the first row's channel and priority and the opening time")
    func createdFields() throws {
        let rows = [Row(updatedAt: "1/3/2016 10:07", channel: "Email", priority: "1 - Critical", agent: "Resolver 4")]

        let event = try #require(ServiceNowImport.parse(ServiceNowFixture.bytes(rows)).events.first)
        #expect(event.kind == .created(channel: "Email", priority: "1 - Critical"))
        #expect(event.timeMs == ServiceNowFixture.march1(10))
        #expect(event.ticketID == "INC0000001")
        #expect(event.department == "Group 1" && event.agent == "Resolver 4")
    }

    @Test("a change of group or agent between rows is an assignment to the new holder")
    func reassignment() {
        let rows = [
            Row(mod: "0"),
            Row(mod: "1", updatedAt: "1/3/2016 10:10", agent: "Resolver 7"),
            Row(mod: "2", updatedAt: "1/3/2016 10:20", group: "Group 2", agent: "Resolver 7"),
            Row(mod: "3", updatedAt: "1/3/2016 10:30", group: "Group 2", agent: "Resolver 7"),
        ]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "assigned@10:10 Group 1/Resolver 7 INC0000001/assigned/1",
                "assigned@10:20 Group 2/Resolver 7 INC0000001/assigned/2",
            ]
        )
    }

    @Test("a first row that is already Active is the first response")
    func firstRowActive() {
        let rows = [Row(state: "Active", updatedAt: "1/3/2016 10:02")]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "first_response@10:2 Group 1/ INC0000001/first_response/0",
            ]
        )
    }

    @Test("only the first non-New row is a first response, whatever its state")
    func firstResponseOnce() {
        let rows = [
            Row(mod: "0"),
            Row(state: "Awaiting User Info", mod: "1", updatedAt: "1/3/2016 10:05"),
            Row(state: "Active", mod: "2", updatedAt: "1/3/2016 10:06"),
        ]

        #expect(summaries(rows).filter { $0.hasPrefix("first_response") }.count == 1)
        #expect(summaries(rows).last == "first_response@10:5 Group 1/ INC0000001/first_response/1")
    }

    @Test("consecutive Resolved rows give one resolved event")
    func consecutiveResolved() {
        let rows = [
            Row(state: "Resolved", mod: "0", updatedAt: "1/3/2016 10:01"),
            Row(state: "Resolved", mod: "1", updatedAt: "1/3/2016 10:09"),
        ]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "first_response@10:1 Group 1/ INC0000001/first_response/0",
                "resolved@10:1 Group 1/ INC0000001/resolved/0",
            ]
        )
    }

    @Test("a reopen after a resolution, then a second resolution")
    func reopenAfterResolve() {
        let rows = [
            Row(state: "Active", mod: "0"),
            Row(state: "Resolved", mod: "1", updatedAt: "1/3/2016 11:00"),
            Row(state: "Active", reopens: "1", mod: "2", updatedAt: "1/3/2016 12:00"),
            Row(state: "Resolved", reopens: "1", mod: "3", updatedAt: "1/3/2016 13:00"),
            Row(state: "Closed", reopens: "1", mod: "4", updatedAt: "1/3/2016 14:00"),
        ]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "first_response@10:0 Group 1/ INC0000001/first_response/0",
                "resolved@11:0 Group 1/ INC0000001/resolved/1",
                "reopened@12:0 Group 1/ INC0000001/reopened/2",
                "resolved@13:0 Group 1/ INC0000001/resolved/3",
                "closed@14:0 Group 1/ INC0000001/closed/4",
            ]
        )
    }

    @Test("Resolved to Active without a reopen count change gives no reopened event")
    func activeWithoutReopen() {
        let rows = [
            Row(state: "Resolved", mod: "0"),
            Row(state: "Active", mod: "1", updatedAt: "1/3/2016 11:00"),
            Row(state: "Resolved", mod: "2", updatedAt: "1/3/2016 12:00"),
        ]

        let names = summaries(rows).map { $0.prefix { $0 != "@" } }
        #expect(names == ["created", "first_response", "resolved", "resolved"])
    }

    @Test("made_sla false is a breached resolution; a reassignment count above 0 is not first contact")
    func resolutionOutcomes() {
        let rows = [
            Row(state: "Resolved", reassignments: "2", madeSLA: "false"),
            Row(number: "INC0000002", state: "Resolved", madeSLA: "true"),
            Row(number: "INC0000003", state: "Resolved", madeSLA: "?"),
        ]

        let kinds = ServiceNowImport.parse(ServiceNowFixture.bytes(rows)).events.map(\.kind)
        #expect(
            kinds.filter { $0.name == "resolved" } == [
                .resolved(sla: .breached, firstContact: .no),
                .resolved(sla: .met, firstContact: .yes),
                .resolved(sla: .unknown, firstContact: .yes),
            ]
        )
    }

    @Test("within one row the order is assigned, first response, reopened, resolved, closed")
    func orderWithinRow() {
        let rows = [
            Row(state: "Closed", mod: "0"),
            Row(state: "Resolved", reopens: "1", mod: "1", updatedAt: "1/3/2016 11:00", group: "Group 2"),
        ]

        let names = summaries(rows).map { $0.prefix { $0 != "@" } }
        #expect(names == ["created", "first_response", "closed", "assigned", "reopened", "resolved"])
    }

    @Test("rows out of sys_mod_count order are sorted; a repeated mod count gets a suffixed id")
    func outOfOrderRows() {
        let rows = [
            Row(state: "Active", mod: "2", updatedAt: "1/3/2016 12:00"),
            Row(mod: "0"),
            Row(mod: "1", updatedAt: "1/3/2016 11:00", group: "Group 2"),
            Row(state: "Resolved", mod: "2", updatedAt: "1/3/2016 13:00", group: "Group 3"),
        ]

        #expect(
            summaries(rows) == [
                "created@10:0 Group 1/ INC0000001/created/0",
                "assigned@11:0 Group 2/ INC0000001/assigned/1",
                "assigned@12:0 Group 1/ INC0000001/assigned/2",
                "first_response@12:0 Group 1/ INC0000001/first_response/2",
                "assigned@13:0 Group 3/ INC0000001/assigned/2.1",
                "resolved@13:0 Group 3/ INC0000001/resolved/2.1",
            ]
        )
    }

    @Test("a question mark means no value: empty department, agent, channel and priority")
    func questionMarks() throws {
        let rows = [Row(channel: "?", priority: "?", group: "?", agent: "?")]

        let event = try #require(ServiceNowImport.parse(ServiceNowFixture.bytes(rows)).events.first)
        #expect(event.kind == .created(channel: "", priority: ""))
        #expect(event.department == "" && event.agent == "")
    }

    @Test("quoted fields may hold commas, quotes and line breaks")
    func quotedFields() throws {
        let rows = [Row(group: "\"Group 1, \"\"L2\"\"\nnight\"", agent: "\"Resolver, 9\"")]

        let result = ServiceNowImport.parse(ServiceNowFixture.bytes(rows))
        let event = try #require(result.events.first)
        #expect(event.department == "Group 1, \"L2\"\nnight")
        #expect(event.agent == "Resolver, 9")
        #expect(result.rowsRead == 1)
    }

    @Test("CRLF line ends read the same as LF")
    func crlf() {
        let rows = [Row(mod: "0"), Row(state: "Active", mod: "1", updatedAt: "1/3/2016 10:30")]

        let lf = ServiceNowImport.parse(ServiceNowFixture.bytes(rows))
        let crlf = ServiceNowImport.parse(ServiceNowFixture.bytes(rows, lineEnd: "\r\n"))
        #expect(crlf == lf)
        #expect(crlf.events.count == 2)
    }

    @Test("incidents come out in file order and the summary counts them")
    func summaryCounts() {
        let rows = [
            Row(number: "INC0000009", state: "Resolved"),
            Row(number: "INC0000002"),
            Row(number: "INC0000002", state: "Closed", mod: "1"),
        ]

        let result = ServiceNowImport.parse(ServiceNowFixture.bytes(rows))
        #expect(
            result.events.map(\.ticketID) == [
                "INC0000009", "INC0000009", "INC0000009", "INC0000002", "INC0000002", "INC0000002",
            ]
        )
        #expect(result.rowsRead == 3 && result.incidents == 2)
        #expect(result.eventsByKind == ["created": 2, "first_response": 2, "resolved": 1, "closed": 1])
        #expect(result.skippedRows.isEmpty)
    }

    @Test("importing in batches gives the same events as importing at once")
    func batches() {
        let rows = (0..<7).map { Row(number: "INC000000\($0)", state: "Resolved") }
        let bytes = ServiceNowFixture.bytes(rows)

        var importer = ServiceNowImporter(bytes: bytes)
        var batches: [[TicketEvent]] = []
        while let batch = importer.nextBatch(maxIncidents: 3) { batches.append(batch) }

        #expect(batches.map(\.count) == [9, 9, 3])
        #expect(Array(batches.joined()) == ServiceNowImport.parse(bytes).events)
        #expect(importer.summary == ServiceNowImport.parse(bytes).summary)
    }
}
