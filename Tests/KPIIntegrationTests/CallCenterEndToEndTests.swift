import Foundation
import KPIClient
import KPICore
import KPIImport
import KPIMessages
import Testing

/// Imports a slice of the real call-centre log into a real kpid and checks its KPIs against an independent
/// computation straight from the TSV (`CallCenterReference`, which shares no code with the importer or the
/// ledger).
@Suite("Call-centre slice end to end against the independent reference", .serialized)
struct CallCenterEndToEndTests {
    static let path = sharedDataPath("data/anonymous-bank-callcenter/anonymous_bank_1999_02.tsv")
    static let callLimit = 3_000

    /// The events of the first `callLimit` calls, as `kpictl import callcenter` would send them.
    static func sliceEvents() throws -> [TicketEvent] {
        let bytes = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
        var tickets: Set<String> = []
        return CallCenterImport.parse(Array(bytes)).events.prefix { event in
            tickets.insert(event.ticketID)
            return tickets.count <= callLimit
        }
    }

    static func compare(_ kpis: KPISet, _ reference: CallCenterFigures, _ label: String) {
        #expect(kpis.ticketsCreated == reference.ticketsCreated, "\(label): tickets created")
        #expect(
            kpis.firstResponse
                == DurationStat(count: reference.firstResponseCount, sumSeconds: reference.firstResponseSumSeconds),
            "\(label): first response"
        )
        #expect(kpis.resolutions == reference.resolutions, "\(label): resolutions")
        #expect(kpis.ticketsResolved == reference.resolutions, "\(label): tickets resolved (one resolution per call)")
        #expect(
            kpis.firstResolution
                == DurationStat(count: reference.resolutions, sumSeconds: reference.firstResolutionSumSeconds),
            "\(label): first resolution"
        )
        #expect(
            kpis.firstContactResolution
                == Ratio(numerator: reference.resolutions, denominator: reference.resolutions),
            "\(label): first contact resolution"
        )
        #expect(kpis.ticketsClosed == reference.ticketsClosed, "\(label): tickets closed")
        #expect(
            kpis.handleTime == DurationStat(count: reference.handleCount, sumSeconds: reference.handleSumSeconds),
            "\(label): handle time"
        )
        #expect(
            kpis.bot
                == BotStat(
                    conversations: reference.botConversations,
                    contained: reference.botContained,
                    escalated: reference.botEscalated
                ),
            "\(label): bot"
        )
        #expect(
            kpis.handoffSuccess
                == Ratio(numerator: reference.handoffSuccesses, denominator: reference.handoffs),
            "\(label): handoff success"
        )
        #expect(kpis.backlog == reference.backlog, "\(label): backlog")
        #expect(kpis.ticketsReopened == 0 && kpis.slaCompliance.denominator == 0, "\(label): nothing else")
    }

    @Test("kpid's figures equal the reference's for the organisation, service lines and agents over several ranges")
    func figuresMatchReference() async throws {
        let events = try Self.sliceEvents()
        let reference = CallCenterReference(path: Self.path, callLimit: Self.callLimit)
        #expect(reference.callCount == Self.callLimit)

        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        try await recordInTicketBatches(events, over: client)

        let ranges: [(String, Int64, Int64)] = [
            ("all of February 1999", utcMs(1999, 2, 1), utcMs(1999, 3, 2)),
            ("Monday 8 February", utcMs(1999, 2, 8), utcMs(1999, 2, 9)),
            ("a week", utcMs(1999, 2, 14), utcMs(1999, 2, 21)),
            ("minute-edged", utcMs(1999, 2, 10, 9, 17), utcMs(1999, 2, 11, 16, 43)),
        ]
        var scopes: [(KPIScope, ReferenceScope)] = [(.organization, .organization)]
        for line in ["PS", "NW", "NE"] { scopes.append((.department(line), .department(line))) }
        for agent in ["agent-05", "agent-07", "agent-12"] { scopes.append((.agent(agent), .agent(agent))) }

        for (name, fromMs, toMs) in ranges {
            let organization = reference.figures(scope: .organization, fromMs: fromMs, toMs: toMs)
            #expect(organization.ticketsCreated > 50 && organization.handoffSuccesses > 0, "\(name): reference empty")
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
        let range = KPITimeRange.absolute(fromMs: utcMs(1999, 2, 1), toMs: utcMs(1999, 3, 2))

        _ = try await client.recordEvents(events)
        let before = try await client.getKPIs(scope: .organization, range: range).kpis
        #expect(before.ticketsCreated > 0)
        let again = try await client.recordEvents(events)
        #expect(again.duplicates == UInt32(events.count))
        #expect(try await client.getKPIs(scope: .organization, range: range).kpis == before)
    }
}
