import Foundation
import Testing

/// Checks the end-to-end oracle on a hand-made export whose figures were worked out by hand.
@Suite("ServiceNow reference figures")
final class ServiceNowReferenceTests {
    /// 1 March 2016 at `hour`:`minute` UTC, in Unix milliseconds.
    private static func march1(_ hour: Int64, _ minute: Int64 = 0) -> Int64 {
        (1_456_790_400 + hour * 3600 + minute * 60) * 1000
    }

    private static let header = """
        number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,\
        opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,\
        subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,\
        u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at
        """

    /// One row: number, state, reassignment_count, reopen_count, sys_mod_count, made_sla, opened_at,
    /// sys_updated_at, group, agent; filler elsewhere.
    private static func row(_ values: String) -> String {
        let v = values.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return [
            v[0], v[1], "true", v[2], v[3], v[4], v[5], "Caller 1", "Opened by 1", v[6], "?", "?", "Updated by 1",
            v[7], "Phone", "Location 1", "Category 1", "Subcategory 1", "Symptom 1", "?", "2 - Medium",
            "2 - Medium", "3 - Moderate", v[8], v[9], "false", "false", "Do Not Notify", "?", "?", "?", "?",
            "code 1", "Resolved by 1", "?", "?",
        ].joined(separator: ",")
    }

    /// INC1: assigned, first response at 10:30, resolved 11:00 (first contact), reopened 12:00, moved to
    /// Group 2 / Resolver 2 at 12:30, resolved 13:00 with the SLA breached, closed 14:00.
    /// INC2 (rows out of order in the file): active at once, resolved 10:20, active again without a reopen at
    /// 10:40, resolved again 11:10 (ignored: not open). INC3: opened 9:00, still New.
    private static let rows = [
        "INC1,New,0,0,0,true,1/3/2016 10:00,1/3/2016 10:00,Group 1,?",
        "INC1,Active,0,0,1,true,1/3/2016 10:00,1/3/2016 10:30,Group 1,Resolver 1",
        "INC1,Resolved,0,0,2,true,1/3/2016 10:00,1/3/2016 11:00,Group 1,Resolver 1",
        "INC1,Active,0,1,3,true,1/3/2016 10:00,1/3/2016 12:00,Group 1,Resolver 1",
        "INC1,Active,1,1,4,true,1/3/2016 10:00,1/3/2016 12:30,Group 2,Resolver 2",
        "INC1,Resolved,1,1,5,false,1/3/2016 10:00,1/3/2016 13:00,Group 2,Resolver 2",
        "INC1,Closed,1,1,6,false,1/3/2016 10:00,1/3/2016 14:00,Group 2,Resolver 2",
        "INC2,Active,0,0,0,true,1/3/2016 10:00,1/3/2016 10:06,Group 1,Resolver 1",
        "INC2,Active,0,0,2,true,1/3/2016 10:00,1/3/2016 10:40,Group 1,Resolver 1",
        "INC2,Resolved,0,0,1,true,1/3/2016 10:00,1/3/2016 10:20,Group 1,Resolver 1",
        "INC2,Resolved,0,0,3,true,1/3/2016 10:00,1/3/2016 11:10,Group 1,Resolver 1",
        "INC3,New,0,0,0,true,1/3/2016 9:00,1/3/2016 9:10,Group 2,?",
    ]

    private let reference: ServiceNowReference
    private let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("servicenow-reference-\(UUID().uuidString).csv").path
        let text = ([Self.header] + Self.rows.map(Self.row)).joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        reference = ServiceNowReference(csvPath: path, incidentLimit: nil)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    private var allTime: (Int64, Int64) { (0, Self.march1(48)) }

    @Test("organisation figures over all time")
    func organization() {
        let figures = reference.figures(scope: .organization, fromMs: allTime.0, toMs: allTime.1)

        let expected = ReferenceFigures(
            ticketsCreated: 3,
            ticketsResolved: 2,
            resolutions: 3,
            ticketsReopened: 1,
            ticketsClosed: 1,
            firstResponseCount: 2,
            firstResponseSumSeconds: 1800 + 360,
            firstResolutionCount: 2,
            firstResolutionSumSeconds: 3600 + 1200,
            fullResolutionCount: 2,
            fullResolutionSumSeconds: 10_800 + 1200,
            fcrNumerator: 1,
            fcrDenominator: 2,
            slaMet: 1,
            slaKnown: 2,
            backlog: 1
        )
        #expect(figures == expected)
        #expect(reference.rowCount == 12 && reference.incidentCount == 3)
    }

    @Test("a department is credited with the events on its rows only")
    func department() {
        let group1 = reference.figures(scope: .department("Group 1"), fromMs: allTime.0, toMs: allTime.1)
        let group2 = reference.figures(scope: .department("Group 2"), fromMs: allTime.0, toMs: allTime.1)

        let expected1 = ReferenceFigures(
            ticketsCreated: 2,
            ticketsResolved: 2,
            resolutions: 2,
            ticketsReopened: 1,
            ticketsClosed: 0,
            firstResponseCount: 2,
            firstResponseSumSeconds: 2160,
            firstResolutionCount: 2,
            firstResolutionSumSeconds: 4800,
            fullResolutionCount: 1,
            fullResolutionSumSeconds: 1200,
            fcrNumerator: 1,
            fcrDenominator: 2,
            slaMet: 1,
            slaKnown: 1,
            backlog: 0
        )
        let expected2 = ReferenceFigures(
            ticketsCreated: 1,
            resolutions: 1,
            ticketsClosed: 1,
            fullResolutionCount: 1,
            fullResolutionSumSeconds: 10_800,
            slaKnown: 1,
            backlog: 1
        )
        #expect(group1 == expected1)
        #expect(group2 == expected2)
    }

    @Test("an agent is credited across groups; no agent means no agent figures")
    func agent() {
        let resolver2 = reference.figures(scope: .agent("Resolver 2"), fromMs: allTime.0, toMs: allTime.1)
        let nobody = reference.figures(scope: .agent(""), fromMs: allTime.0, toMs: allTime.1)

        #expect(
            resolver2
                == ReferenceFigures(
                    resolutions: 1,
                    ticketsClosed: 1,
                    fullResolutionCount: 1,
                    fullResolutionSumSeconds: 10_800,
                    slaKnown: 1
                )
        )
        #expect(nobody == ReferenceFigures())
    }

    @Test("a range counts events in [from, to) and the backlog up to to")
    func range() {
        let figures = reference.figures(scope: .organization, fromMs: Self.march1(10), toMs: Self.march1(11))
        let beforeMove = reference.figures(scope: .department("Group 2"), fromMs: 0, toMs: Self.march1(12, 30))

        let expected = ReferenceFigures(
            ticketsCreated: 2,
            ticketsResolved: 1,
            resolutions: 1,
            firstResponseCount: 2,
            firstResponseSumSeconds: 2160,
            firstResolutionCount: 1,
            firstResolutionSumSeconds: 1200,
            fullResolutionCount: 1,
            fullResolutionSumSeconds: 1200,
            fcrNumerator: 1,
            fcrDenominator: 1,
            slaMet: 1,
            slaKnown: 1,
            backlog: 2
        )
        #expect(figures == expected)
        #expect(beforeMove == ReferenceFigures(ticketsCreated: 1, backlog: 1))
    }

    @Test("an incident limit keeps the first incidents in file order")
    func incidentLimit() {
        let first = ServiceNowReference(csvPath: path, incidentLimit: 1)

        #expect(first.rowCount == 7 && first.incidentCount == 1)
        #expect(first.figures(scope: .organization, fromMs: allTime.0, toMs: allTime.1).ticketsCreated == 1)
    }

    @Test("on the real export every incident is created once and the totals are consistent")
    func realFile() throws {
        let csvPath = sharedDataPath("data/uci-servicenow-incidents/incident_event_log_part1.csv")
        let real = ServiceNowReference(csvPath: csvPath, incidentLimit: nil)
        try #require(real.rowCount == 73_394)

        let all = real.figures(scope: .organization, fromMs: 0, toMs: Int64.max)
        #expect(real.incidentCount == 11_781 && all.ticketsCreated == 11_781)
        #expect(all.ticketsResolved == all.firstResolutionCount && all.ticketsResolved == all.fcrDenominator)
        #expect(all.fullResolutionCount == all.ticketsResolved && all.slaKnown == all.fullResolutionCount)
        #expect(all.resolutions >= all.ticketsResolved && all.fcrNumerator <= all.fcrDenominator)
        #expect(all.ticketsClosed <= all.ticketsCreated && all.backlog >= 0)
    }
}
