import KPIClient
import KPICore
import KPIMessages
import Testing

@Suite("Medians and p90s through a real kpid and Redis", .serialized)
struct PercentileTests {
    @Test("first response median and p90 are within 1 % of the exact values, and only when asked for")
    func firstResponsePercentiles() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        // First responses after 60, 120, 180, 600 and 3,600 s: median (3rd of 5) 180 s, p90 (5th) 3,600 s.
        let waits: [Int64] = [60, 120, 180, 600, 3_600]
        var events: [TicketEvent] = []
        for (index, wait) in waits.enumerated() {
            let created = utcMs(2024, 8, 1, 9, Int64(index))
            events.append(
                TicketEvent(
                    eventID: "c\(index)",
                    ticketID: "H\(index)",
                    timeMs: created,
                    department: "Help",
                    kind: .created(channel: "", priority: "")
                )
            )
            events.append(
                TicketEvent(
                    eventID: "r\(index)",
                    ticketID: "H\(index)",
                    timeMs: created + wait * 1_000,
                    department: "Help",
                    agent: "ann",
                    kind: .agentReplied
                )
            )
        }
        #expect(try await client.recordEvents(events).accepted == 10)

        let day = KPITimeRange.absolute(fromMs: utcMs(2024, 8, 1), toMs: utcMs(2024, 8, 2))
        let plain = try await client.getKPIs(scope: .department("Help"), range: day)
        #expect(plain.kpis.firstResponse.medianSeconds == nil)
        let reply = try await client.getKPIs(scope: .department("Help"), range: day, includePercentiles: true)
        let median = try #require(reply.kpis.firstResponse.medianSeconds)
        let p90 = try #require(reply.kpis.firstResponse.p90Seconds)
        #expect(abs(median - 180) <= 1.8)
        #expect(abs(p90 - 3_600) <= 36)
        #expect(reply.kpis.firstResponse.count == 5)
        #expect(reply.kpis.fullResolution.medianSeconds == nil)  // nothing resolved
    }
}
