import Foundation
import KPIClient
import KPICore
import KPIMessages
import KPIStore
import Testing

private let may2024 = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 6, 1))

@Suite("Exactly once across a crash between the two write phases")
struct CrashBetweenPhasesTests {
    /// Writes what phase 1 of recording `events` (in order, one ticket) leaves behind, without phase 2.
    private func writePhaseOneOnly(_ events: [TicketEvent], redis: RedisProcess) throws {
        var state: TicketState?
        var fields: [String] = []
        for event in events {
            guard case .applied(let next, let deltas) = TicketLedger.apply(event, to: state) else {
                throw TestSetupError(description: "the ledger refused \(event.eventID)")
            }
            state = next
            let record = StoreCodec.EventRecord(recordedMs: Int64(Date().timeIntervalSince1970 * 1000), deltas: deltas)
            fields += ["e:" + event.eventID, StoreCodec.encode(record)]
        }
        guard let state, let ticket = events.first?.ticketID else { return }
        let reply = try redis.command(
            ["HSET", KeySchema.ticketKey(ticket), "s", StoreCodec.encode(state), "v", "1"] + fields
        )
        #expect(Int(reply) == 2 + events.count)
    }

    @Test("an event whose phase 2 never ran is finished by the retry: accepted, counted once")
    func finishesPhaseTwo() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        let event = TicketEvent(
            eventID: "crash-c",
            ticketID: "CRASH-1",
            timeMs: utcMs(2024, 5, 3, 10),
            department: "Ops",
            agent: "ann",
            kind: .created(channel: "email", priority: "P1")
        )
        try writePhaseOneOnly([event], redis: harness.redis)
        #expect(try await client.getKPIs(scope: .organization, range: may2024).kpis.ticketsCreated == 0)

        let first = try await client.recordEvents([event])
        #expect(first.results.map(\.outcome) == [.accepted])
        var kpis = try await client.getKPIs(scope: .organization, range: may2024).kpis
        #expect(kpis.ticketsCreated == 1)
        #expect(kpis.backlog == 1)
        #expect(try await client.getKPIs(scope: .department("Ops"), range: may2024).kpis.ticketsCreated == 1)
        #expect(try await client.getKPIs(scope: .agent("ann"), range: may2024).kpis.ticketsCreated == 1)
        #expect(try await client.listDepartments() == ["Ops"])

        let second = try await client.recordEvents([event])
        #expect(second.results.map(\.outcome) == [.duplicate])
        kpis = try await client.getKPIs(scope: .organization, range: may2024).kpis
        #expect(kpis.ticketsCreated == 1)
        #expect(kpis.backlog == 1)
    }

    @Test("a batch mixing a half-recorded event and a new one: both counted once")
    func halfRecordedThenNewEvent() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        let create = TicketEvent(
            eventID: "c",
            ticketID: "CRASH-2",
            timeMs: utcMs(2024, 5, 3, 10),
            department: "Ops",
            agent: "ann",
            kind: .created(channel: "email", priority: "P1")
        )
        let resolve = TicketEvent(
            eventID: "r",
            ticketID: "CRASH-2",
            timeMs: utcMs(2024, 5, 3, 11),
            department: "Ops",
            agent: "ann",
            kind: .resolved(sla: .met, firstContact: .unknown)
        )
        try writePhaseOneOnly([create], redis: harness.redis)
        let reply = try await client.recordEvents([create, resolve])
        #expect(reply.results.map(\.outcome) == [.accepted, .accepted])
        let again = try await client.recordEvents([create, resolve])
        #expect(again.results.map(\.outcome) == [.duplicate, .duplicate])
        let kpis = try await client.getKPIs(scope: .organization, range: may2024).kpis
        #expect(kpis.ticketsCreated == 1)
        #expect(kpis.resolutions == 1)
        #expect(kpis.backlog == 0)
    }
}
