import KPIClient
import KPICore
import KPIMessages
import Testing

/// Sends events in batches of about 400 that never split one ticket's events (as the importers do), and
/// checks that none was rejected.
func recordInTicketBatches(_ events: [TicketEvent], over client: KPIConnection) async throws {
    var start = 0
    while start < events.count {
        var end = min(start + 400, events.count)
        while end < events.count && events[end].ticketID == events[end - 1].ticketID { end += 1 }
        let reply = try await client.recordEvents(Array(events[start..<end]))
        #expect(reply.rejected == 0, "rejected: \(reply.results.filter { $0.outcome == .rejected }.prefix(3))")
        start = end
    }
}
