import KPIClient
import KPICore
import KPIMessages
import KPIProtocol
import Testing

@Suite("Pipelined calls carrying events of one ticket", .serialized)
struct PipelinedTicketTests {
    @Test("calls sent back to back with one ticket's events are applied in arrival order, none rejected")
    func backToBackCallsForOneTicket() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let socket = try RawSocket(port: harness.port)
        _ = try socket.hello()

        // Five calls, one event each, written in a single write: the server reads them together, so without
        // per-ticket ordering the later calls would read the ticket before the first one saved it.
        let kinds: [TicketEventKind] = [
            .created(channel: "chat", priority: "P2"), .assigned, .firstResponse,
            .resolved(sla: .met, firstContact: .unknown), .closed,
        ]
        var bytes: [UInt8] = []
        for (offset, kind) in kinds.enumerated() {
            let event = TicketEvent(
                eventID: "e\(offset)",
                ticketID: "P1",
                timeMs: utcMs(2024, 6, 1, 9, Int64(offset * 10)),
                department: "Chat",
                agent: offset == 0 ? "" : "dee",
                kind: kind
            )
            let request = RecordEventsRequest(events: [event]).encode()
            bytes += RawSocket.callFrame(
                stream: UInt32(offset + 1),
                method: RPCMethod.recordEvents.rawValue,
                payload: request
            )
            .encode()
        }
        try socket.write(bytes)

        var outcomes: [UInt32: EventOutcome] = [:]
        for _ in kinds {
            let reply = try socket.readStatus()
            #expect(reply.status.code == .ok)
            outcomes[reply.stream] = try RecordEventsResponse.decode(reply.payload).results.first?.outcome
        }
        #expect(outcomes == [1: .accepted, 2: .accepted, 3: .accepted, 4: .accepted, 5: .accepted])

        let client = try harness.connect()
        defer { client.close() }
        let day = KPITimeRange.absolute(fromMs: utcMs(2024, 6, 1), toMs: utcMs(2024, 6, 2))
        let kpis = try await client.getKPIs(scope: .department("Chat"), range: day).kpis
        #expect(kpis.firstResponse == DurationStat(count: 1, sumSeconds: 1_200))
        #expect(kpis.fullResolution == DurationStat(count: 1, sumSeconds: 1_800))
        #expect(kpis.ticketsClosed == 1)
        #expect(kpis.backlog == 0)
    }
}
