import KPICore
import Testing

@testable import KPIImport

@Suite("ServiceNow import: rows that cannot be used")
struct ServiceNowImportSkipTests {
    typealias Row = ServiceNowFixture.Row

    @Test("bad rows are counted by reason and the rest of the incident is imported")
    func badRows() {
        let rows = [
            Row(mod: "0"),
            Row(number: "?", mod: "1"),
            Row(number: "", mod: "1"),
            Row(mod: "x"),
            Row(mod: "-1"),
            Row(mod: "1", updatedAt: "31/2/2016 10:00"),
            Row(reassignments: "?", mod: "1"),
            Row(reopens: "one", mod: "1"),
            Row(state: "Active", mod: "2", updatedAt: "1/3/2016 10:30"),
        ]
        var bytes = ServiceNowFixture.bytes(rows)
        bytes += Array("INC0000001,Active,true\n\n".utf8)

        let result = ServiceNowImport.parse(bytes)
        #expect(result.rowsRead == 10)
        #expect(
            result.skippedRows == [
                "empty_number": 2, "bad_sys_mod_count": 2, "bad_sys_updated_at": 1, "bad_reassignment_count": 1,
                "bad_reopen_count": 1, "wrong_column_count": 1,
            ]
        )
        #expect(result.events.map(\.kind.name) == ["created", "first_response"])
    }

    @Test("an incident whose opening time is unusable is skipped with all its rows")
    func badOpenedAt() {
        let rows = [
            Row(number: "INC0000001", openedAt: "?"),
            Row(number: "INC0000001", state: "Resolved", mod: "1", openedAt: "?"),
            Row(number: "INC0000002"),
        ]

        let result = ServiceNowImport.parse(ServiceNowFixture.bytes(rows))
        #expect(result.skippedRows == ["bad_opened_at": 2])
        #expect(result.incidents == 2 && result.summary.incidentsSkipped == 1)
        #expect(result.events.map(\.ticketID) == ["INC0000002"])
    }

    @Test("rows of an incident that come back after another incident are skipped")
    func notContiguous() {
        let rows = [
            Row(number: "INC0000001"),
            Row(number: "INC0000002"),
            Row(number: "INC0000001", state: "Resolved", mod: "1"),
        ]

        let result = ServiceNowImport.parse(ServiceNowFixture.bytes(rows))
        #expect(result.skippedRows == ["incident_not_contiguous": 1])
        #expect(result.eventsByKind == ["created": 2])
    }

    @Test("a header without a needed column skips every row and names the column")
    func missingColumn() {
        let bytes = Array("number,incident_state\nINC0000001,New\nINC0000001,Active\n".utf8)

        let result = ServiceNowImport.parse(bytes)
        #expect(result.events.isEmpty)
        #expect(result.rowsRead == 2 && result.skippedRows == ["missing_column": 2])
        #expect(result.summary.missingColumns.first == "reassignment_count")
        #expect(result.summary.missingColumns.count == ServiceNowColumns.required.count - 2)
    }

    @Test("columns are found by name, in any order, after a byte-order mark")
    func columnsByName() throws {
        let bytes = Array(
            """
            \u{FEFF}sys_updated_at,assigned_to,assignment_group,priority,contact_type,opened_at,made_sla,\
            sys_mod_count,reopen_count,reassignment_count,incident_state,number
            1/3/2016 10:05,Resolver 1,Group 3,4 - Low,Email,1/3/2016 10:00,true,0,0,0,Active,INC0000042

            """.utf8
        )

        let result = ServiceNowImport.parse(bytes)
        let created = try #require(result.events.first)
        #expect(created.kind == .created(channel: "Email", priority: "4 - Low"))
        #expect(created.department == "Group 3" && created.agent == "Resolver 1")
        #expect(result.events.map(\.kind.name) == ["created", "first_response"])
    }

    @Test("an empty file or a header alone imports nothing")
    func empty() {
        #expect(ServiceNowImport.parse([]) == ServiceNowImportResult(events: [], summary: ServiceNowImportSummary()))
        #expect(ServiceNowImport.parse(ServiceNowFixture.bytes([])).rowsRead == 0)
    }
}
