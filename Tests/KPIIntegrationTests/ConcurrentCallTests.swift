import Foundation
import KPIClient
import KPICore
import KPIMessages
import KPIProtocol
import Testing

private let may2024 = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 6, 1))

private func created(_ ticket: Int) -> TicketEvent {
    TicketEvent(
        eventID: "c-\(ticket)",
        ticketID: "CT-\(ticket)",
        timeMs: utcMs(2024, 5, 1, 9) + Int64(ticket) * 60_000,
        department: "Dept-\(ticket % 5)",
        agent: "agent-\(ticket % 7)",
        kind: .created(channel: "email", priority: "P3")
    )
}

@Suite("Many calls in flight on one client connection")
struct ConcurrentCallTests {
    @Test("200 concurrent RecordEvents and interleaved GetKpis on one KPIConnection are all answered")
    func twoHundredInFlight() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let accepted = try await withThrowingTaskGroup(of: UInt32.self) { group in
            for ticket in 0..<200 {
                group.addTask { try await client.recordEvents([created(ticket)]).accepted }
                if ticket % 10 == 0 {
                    group.addTask {
                        _ = try await client.getKPIs(scope: .organization, range: may2024)
                        return 0
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(accepted == 200)
        let kpis = try await client.getKPIs(scope: .organization, range: may2024).kpis
        #expect(kpis.ticketsCreated == 200)
        #expect(kpis.backlog == 200)
        let dept = try await client.getKPIs(scope: .department("Dept-3"), range: may2024).kpis
        #expect(dept.ticketsCreated == 40)
    }

    @Test("2,000 concurrent Health calls from many tasks on one connection: stream ids reach the wire in order")
    func streamIDsStayOrdered() async throws {
        let harness = try ServerHarness()
        let client = try harness.connect()
        defer { client.close() }
        let served = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<2_000 {
                group.addTask { try await client.health(timeoutMs: 10_000).version.isEmpty ? 0 : 1 }
            }
            return try await group.reduce(0, +)
        }
        #expect(served == 2_000)
    }

    @Test("a client that disconnects mid-call leaves the server healthy")
    func disconnectMidCall() async throws {
        let harness = try ServerHarness()
        defer { harness.redis.resume() }
        try await harness.waitUntilServing()
        let client = try harness.connect()
        harness.redis.pause()
        let pending = Task { try await client.recordEvents([created(1)], timeoutMs: 5_000) }
        // Wait until the call is on the wire (a Health call after it is answered without Redis).
        _ = try await client.health()
        client.close()
        await #expect(throws: KPIClientError.self) { try await pending.value }
        harness.redis.resume()

        let fresh = try harness.connect()
        defer { fresh.close() }
        #expect(try await fresh.health().serving)
        // The abandoned call's event was recorded or not, but never twice.
        let result = try await fresh.recordEvents([created(1)])
        #expect(result.accepted + result.duplicates == 1)
        #expect(try await fresh.getKPIs(scope: .organization, range: may2024).kpis.ticketsCreated == 1)
    }

    @Test("closing a connection twice does not hang")
    func closeTwice() throws {
        let harness = try ServerHarness()
        let client = try harness.connect()
        client.close()
        client.close()
    }
}
