import KPICore
import KPIMessages
import KPIProtocol
import Testing

@Suite("Message round trips")
struct MessageRoundTripTests {
    private func roundTrip<M: WireMessage & Equatable>(_ message: M) throws {
        let encoded = message.encode()
        #expect(try M.decode(encoded) == message)
    }

    @Test("frame metas keep every field")
    func metas() throws {
        try roundTrip(Hello(versions: [1, 2, 70_000], clientName: "kpictl/1.0 host-a", authorization: "Bearer x"))
        try roundTrip(
            HelloAck(
                version: 1,
                maxFrameSize: 1 << 20,
                maxConcurrentCalls: 256,
                idleTimeoutMs: 300_000,
                serverID: "kpid-7"
            )
        )
        try roundTrip(CallMeta(method: .getKPIs, timeoutMs: 60_000, authorization: "tok", traceID: "trace-éß"))
        try roundTrip(StatusMeta(code: .unavailable, message: "too many calls in flight", retryAfterMs: 250))
        try roundTrip(StatusMeta(code: StatusCode(rawValue: 99), message: "future code"))
        try roundTrip(GoAway(lastStreamID: 0x7FFF_FFFF, reason: .idleTimeout, message: "idle"))
        try roundTrip(GoAway(lastStreamID: 3, reason: GoAwayReason(rawValue: 42)))
    }

    @Test("empty messages encode to no bytes and decode from none")
    func empty() throws {
        #expect(HealthRequest().encode().isEmpty)
        #expect(ListDepartmentsRequest().encode().isEmpty)
        #expect(try Hello.decode([]) == Hello(versions: [], clientName: "", authorization: ""))
        try roundTrip(ListDepartmentsRequest())
        try roundTrip(HealthRequest())
    }

    @Test("events of every kind survive a round trip")
    func events() throws {
        let kinds: [TicketEventKind] = [
            .created(channel: "email", priority: "high"), .assigned, .firstResponse,
            .resolved(sla: .breached, firstContact: .no), .resolved(sla: .met, firstContact: .yes),
            .resolved(sla: .unknown, firstContact: .unknown), .reopened, .closed,
        ]
        let events = kinds.enumerated().map { index, kind in
            TicketEvent(
                eventID: "e\(index)",
                ticketID: "T-\(index)",
                timeMs: 1_700_000_000_000 + Int64(index),
                department: index.isMultiple(of: 2) ? "Support – Tier 1" : "",
                agent: index.isMultiple(of: 3) ? "zoë" : "",
                kind: kind
            )
        }

        let decoded = try RecordEventsRequest.decode(RecordEventsRequest(events: events).encode())

        #expect(decoded.validEvents == events)
        #expect(decoded.invalidEvents.isEmpty)
    }

    @Test("RecordEventsResponse keeps results and counts")
    func recordResponse() throws {
        let results = [
            EventResult(eventID: "a", outcome: .accepted),
            EventResult(eventID: "b", outcome: .duplicate),
            EventResult(eventID: "c", outcome: .rejected, reason: "time_ms: must be Unix milliseconds"),
            EventResult(eventID: "d", outcome: .accepted),
        ]
        let response = RecordEventsResponse(results: results)

        #expect(response.accepted == 2 && response.duplicates == 1 && response.rejected == 1)
        try roundTrip(response)
    }

    @Test(
        "GetKpisRequest keeps scope, range and includeAgents",
        arguments: [
            GetKpisRequest(scope: .organization, range: .rolling(durationMs: 3_600_000, endMs: 0)),
            GetKpisRequest(
                scope: .department("Billing"),
                range: .absolute(fromMs: 1_700_000_000_000, toMs: 1_700_086_400_000),
                includeAgents: true
            ),
            GetKpisRequest(scope: .agent("ana"), range: .rolling(durationMs: 60_000, endMs: 1_700_000_040_000)),
            GetKpisRequest(
                scope: .departmentAgent(department: "Billing", agent: "ana"),
                range: .absolute(fromMs: 0, toMs: 1)
            ),
            GetKpisRequest(scope: .channel("chat"), range: .absolute(fromMs: 0, toMs: 60_000)),
        ]
    )
    func getKPIsRequest(request: GetKpisRequest) throws {
        try roundTrip(request)
    }

    @Test("GetKpisResponse keeps every KPI, stat and agent")
    func getKPIsResponse() throws {
        var kpis = KPISet()
        kpis.ticketsCreated = 11
        kpis.ticketsResolved = 12
        kpis.resolutions = 13
        kpis.ticketsReopened = 14
        kpis.ticketsClosed = 15
        kpis.firstResponse = DurationStat(count: 3, sumSeconds: 100)
        kpis.firstResolution = DurationStat(count: 4, sumSeconds: 2000)
        kpis.fullResolution = DurationStat(count: 5, sumSeconds: 30_000)
        kpis.firstContactResolution = Ratio(numerator: 7, denominator: 9)
        kpis.slaCompliance = Ratio(numerator: 8, denominator: 10)
        kpis.backlog = 16
        let response = GetKpisResponse(
            scope: .department("Billing"),
            fromMs: 1_700_000_000_000,
            toMs: 1_700_003_600_000,
            kpis: kpis,
            agents: [
                AgentFigures(agent: "ana", resolutions: 5, ticketsResolved: 4),
                AgentFigures(agent: "bo", resolutions: 1, ticketsResolved: 1),
            ]
        )

        try roundTrip(response)
    }

    @Test("GetKpisResponse writes means, rates and the event-time cohort")
    func derivedFields() throws {
        var kpis = KPISet()
        kpis.firstResponse = DurationStat(count: 4, sumSeconds: 10)
        kpis.slaCompliance = Ratio(numerator: 1, denominator: 4)
        let encoded = GetKpisResponse(scope: .organization, fromMs: 0, toMs: 60_000, kpis: kpis).encode()

        // cohort (field 4) = COHORT_EVENT_TIME, then kpis (field 5) holding first_response with mean 2.5 as a double
        // (field 3, wire type 1) and sla_compliance with rate 0.25.
        #expect(hex(encoded).contains("2001"))
        #expect(hex(encoded).contains("19" + hex(littleEndianBytes(2.5))))
        #expect(hex(encoded).contains("19" + hex(littleEndianBytes(0.25))))
    }

    @Test("ListDepartmentsResponse and HealthResponse keep every field")
    func others() throws {
        try roundTrip(ListDepartmentsResponse(departments: ["Billing", "", "Support – Tier 1"]))
        try roundTrip(ListDepartmentsResponse(departments: []))
        try roundTrip(HealthResponse(serving: true, redisConnected: false, version: "1.2.3", serverID: "a"))
        try roundTrip(HealthResponse(serving: false, redisConnected: true, version: "", serverID: "b"))
    }

    private func littleEndianBytes(_ value: Double) -> [UInt8] {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
    }
}
