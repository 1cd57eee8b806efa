import KPIClient
import KPICore
import KPIMessages
import Testing

@Suite("GetKpiSeries against a real kpid and Redis", .serialized)
struct SeriesTests {
    private static let events: [TicketEvent] = [
        TicketEvent(
            eventID: "a",
            ticketID: "S1",
            timeMs: utcMs(2024, 5, 1, 9, 15),
            department: "Care",
            kind: .created(channel: "chat", priority: "")
        ),
        TicketEvent(
            eventID: "b",
            ticketID: "S2",
            timeMs: utcMs(2024, 5, 1, 9, 45),
            department: "Care",
            kind: .created(channel: "chat", priority: "")
        ),
        TicketEvent(
            eventID: "c",
            ticketID: "S1",
            timeMs: utcMs(2024, 5, 1, 11, 5),
            department: "Care",
            kind: .resolved(sla: .met, firstContact: .unknown)
        ),
        TicketEvent(
            eventID: "d",
            ticketID: "S3",
            timeMs: utcMs(2024, 5, 1, 20, 0),
            department: "Care",
            kind: .created(channel: "email", priority: "")
        ),
    ]

    @Test("every point equals GetKpis over the same range, and the points add up to the whole")
    func pointsAgreeWithSingleReads() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Self.events)

        let series = try await client.getKPISeries(
            scope: .department("Care"),
            fromMs: utcMs(2024, 5, 1, 9, 0),
            toMs: utcMs(2024, 5, 1, 12, 0),
            step: .hour
        )
        #expect(series.points.map(\.kpis.ticketsCreated) == [2, 0, 0])
        #expect(series.points.map(\.kpis.resolutions) == [0, 0, 1])
        #expect(series.points.map(\.kpis.backlog) == [2, 2, 1])  // open at each hour's end
        for point in series.points {
            let single = try await client.getKPIs(
                scope: .department("Care"),
                range: .absolute(fromMs: point.fromMs, toMs: point.toMs)
            )
            #expect(single.kpis == point.kpis)
        }
    }

    @Test("daily points follow the named zone: in Asia/Kolkata 20:00 UTC is already the next day")
    func zoneBoundaries() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Self.events)

        // Local days: 1 May starts 30 Apr 18:30Z, 2 May starts 1 May 18:30Z.
        let series = try await client.getKPISeries(
            scope: .organization,
            fromMs: utcMs(2024, 4, 30, 18, 30),
            toMs: utcMs(2024, 5, 2, 18, 30),
            step: .day,
            timeZone: "Asia/Kolkata"
        )
        #expect(series.timeZone == "Asia/Kolkata")
        #expect(series.points.map(\.fromMs) == [utcMs(2024, 4, 30, 18, 30), utcMs(2024, 5, 1, 18, 30)])
        #expect(series.points.map(\.kpis.ticketsCreated) == [2, 1])

        await #expect(throws: KPIClientError.self) {
            _ = try await client.getKPISeries(
                scope: .organization,
                fromMs: 0,
                toMs: 60_000,
                step: .day,
                timeZone: "Nowhere/Else"
            )
        }
    }
}
