import Foundation
import KPIClient
import KPICore
import KPIImport
import KPIMessages
import Testing

/// Imports a slice of the real ServiceNow log into a real kpid and checks its KPIs against an independent
/// computation straight from the CSV (`ServiceNowReference`, which shares no code with the importer or the
/// ledger).
@Suite("ServiceNow slice end to end against the independent reference", .serialized)
struct ServiceNowEndToEndTests {
    static let csvPath = sharedDataPath("data/uci-servicenow-incidents/incident_event_log_part1.csv")
    static let incidentLimit = 2_500

    /// The events of the first `incidentLimit` incidents, as `kpictl import` would send them.
    static func sliceEvents() throws -> [TicketEvent] {
        let bytes = try #require(FileManager.default.contents(atPath: csvPath), "missing \(csvPath)")
        var tickets: Set<String> = []
        return ServiceNowImport.parse(Array(bytes)).events.prefix { event in
            tickets.insert(event.ticketID)
            return tickets.count <= incidentLimit
        }
    }

    static func compare(_ kpis: KPISet, _ reference: ReferenceFigures, _ label: String) {
        let expected = KPISet(
            sums: [
                .ticketsCreated: reference.ticketsCreated, .firstResolutionCount: reference.firstResolutionCount,
                .resolutions: reference.resolutions, .ticketsReopened: reference.ticketsReopened,
                .ticketsClosed: reference.ticketsClosed, .firstResponseCount: reference.firstResponseCount,
                .firstResponseSeconds: reference.firstResponseSumSeconds,
                .firstResolutionSeconds: reference.firstResolutionSumSeconds,
                .fullResolutionCount: reference.fullResolutionCount,
                .fullResolutionSeconds: reference.fullResolutionSumSeconds,
                .firstContactResolutions: reference.fcrNumerator, .slaKnown: reference.slaKnown,
                .slaMet: reference.slaMet,
            ],
            backlog: reference.backlog
        )
        #expect(
            reference.ticketsResolved == reference.firstResolutionCount,
            "\(label): reference disagrees with itself"
        )
        #expect(reference.fcrDenominator == reference.firstResolutionCount, "\(label): reference FCR denominator")
        #expect(kpis == expected, "\(label)")
    }

    @Test("kpid's figures equal the reference's for the organisation, departments and agents over several ranges")
    func figuresMatchReference() async throws {
        let events = try Self.sliceEvents()
        let reference = ServiceNowReference(csvPath: Self.csvPath, incidentLimit: Self.incidentLimit)
        #expect(reference.incidentCount == Self.incidentLimit)

        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        try await recordInTicketBatches(events, over: client)

        let departments = try await client.listDepartments()
        #expect(departments.count > 5)
        let ranges: [(String, Int64, Int64)] = [
            ("all of 2016", utcMs(2016, 1, 1), utcMs(2017, 1, 1)),
            ("March 2016", utcMs(2016, 3, 1), utcMs(2016, 4, 1)),
            ("first week", utcMs(2016, 2, 29), utcMs(2016, 3, 7)),
            ("minute-edged", utcMs(2016, 3, 2, 10, 17), utcMs(2016, 3, 9, 13, 45)),
        ]
        var scopes: [(KPIScope, ReferenceScope)] = [(.organization, .organization)]
        for department in departments.prefix(6) { scopes.append((.department(department), .department(department))) }
        for agent in ["Resolver 13", "Resolver 17", "Resolver 149"] { scopes.append((.agent(agent), .agent(agent))) }

        for (name, fromMs, toMs) in ranges {
            for (scope, referenceScope) in scopes {
                let reply = try await client.getKPIs(scope: scope, range: .absolute(fromMs: fromMs, toMs: toMs))
                #expect(reply.fromMs == fromMs && reply.toMs == toMs)
                let expected = reference.figures(scope: referenceScope, fromMs: fromMs, toMs: toMs)
                Self.compare(reply.kpis, expected, "\(scope) over \(name)")
            }
        }
    }

    @Test("importing the same slice twice changes nothing")
    func secondImportChangesNothing() async throws {
        let events = Array(try Self.sliceEvents().prefix(3_000))
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        let range = KPITimeRange.absolute(fromMs: utcMs(2016, 1, 1), toMs: utcMs(2017, 1, 1))

        _ = try await client.recordEvents(events)
        let before = try await client.getKPIs(scope: .organization, range: range).kpis
        let again = try await client.recordEvents(events)
        #expect(again.duplicates == UInt32(events.count))
        #expect(try await client.getKPIs(scope: .organization, range: range).kpis == before)
    }
}
