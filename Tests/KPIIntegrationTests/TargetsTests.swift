import KPIClient
import KPICore
import KPIMessages
import KPIProtocol
import Testing

/// Two Billing tickets on 2024-05-01, both held by ann:
/// T1 created 9:00, first response 9:30 (1 800 s), resolved 11:00 (7 200 s, SLA met), CSAT 5.
/// T2 created 9:00, first response 11:00 (7 200 s), resolved 12:00 (10 800 s, SLA breached), CSAT 4.
/// So: first response mean 4 500 s, full resolution mean 9 000 s, FCR 2/2 (never reassigned), SLA 1/2,
/// CSAT 2/2; no NPS answers, bot conversations or QA reviews.
private enum TargetDay {
    static func event(
        _ id: String,
        _ ticket: String,
        _ hour: Int64,
        _ minute: Int64,
        _ kind: TicketEventKind
    ) -> TicketEvent {
        let isSurvey = if case .surveyAnswered = kind { true } else { false }
        return TicketEvent(
            eventID: id,
            ticketID: ticket,
            timeMs: utcMs(2024, 5, 1, hour, minute),
            department: isSurvey ? "" : "Billing",
            agent: isSurvey ? "" : "ann",
            kind: kind
        )
    }

    static let events: [TicketEvent] = [
        event("t1-c", "T1", 9, 0, .created(channel: "email", priority: "P3")),
        event("t2-c", "T2", 9, 0, .created(channel: "email", priority: "P3")),
        event("t1-f", "T1", 9, 30, .agentReplied),
        event("t1-r", "T1", 11, 0, .resolved(sla: .met, firstContact: .unknown)),
        event("t2-f", "T2", 11, 0, .agentReplied),
        event("t1-s", "T1", 11, 5, .surveyAnswered(SurveyAnswer(kind: .csat, score: 5))),
        event("t2-r", "T2", 12, 0, .resolved(sla: .breached, firstContact: .unknown)),
        event("t2-s", "T2", 12, 5, .surveyAnswered(SurveyAnswer(kind: .csat, score: 4))),
    ]

    static let wholeDay = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 5, 2))

    static func status(
        _ kpi: KPIName,
        min: Double? = nil,
        max: Double? = nil,
        _ value: Double,
        _ status: KPIStatus
    ) -> KPIEvaluation {
        KPIEvaluation(target: KPITarget(kpi, min: min, max: max), value: value, status: status)
    }
}

@Suite("KPI targets through a real kpid and Redis", .serialized)
struct TargetsTests {
    @Test("statuses against the defaults, then against organisation and department overrides")
    func statusesFollowOverrides() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        #expect(try await client.recordEvents(TargetDay.events).accepted == 8)

        let before = try await client.getKPIs(scope: .organization, range: TargetDay.wholeDay).statuses
        #expect(
            before == [
                TargetDay.status(.aiContainment, min: 0.5, max: 0.8, 0, .noData),
                TargetDay.status(.csat, min: 0.85, 1, .met),
                TargetDay.status(.firstContactResolution, min: 0.7, max: 0.85, 1, .missed),
                TargetDay.status(.firstResponseTime, max: 3_600, 4_500, .missed),
                TargetDay.status(.nps, min: 40, 0, .noData),
                TargetDay.status(.qaScore, min: 0.9, 0, .noData),
                TargetDay.status(.resolutionTime, max: 86_400, 9_000, .met),
                TargetDay.status(.slaCompliance, min: 0.9, 0.5, .missed),
            ]
        )
        // The department has the same figures and, with no overrides, the same statuses.
        #expect(try await client.getKPIs(scope: .department("Billing"), range: TargetDay.wholeDay).statuses == before)

        try await client.setTarget(KPITargetOverride(scope: .organization, target: KPITarget(.slaCompliance, min: 0.5)))
        try await client.setTarget(
            KPITargetOverride(scope: .organization, target: KPITarget(.firstResponseTime, max: 1_000))
        )
        try await client.setTarget(
            KPITargetOverride(scope: .department("Billing"), target: KPITarget(.firstResponseTime, max: 5_000))
        )

        let organisation = try await client.getKPIs(scope: .organization, range: TargetDay.wholeDay).statuses
        #expect(
            organisation.first { $0.kpi == .firstResponseTime }
                == TargetDay.status(.firstResponseTime, max: 1_000, 4_500, .missed)
        )
        #expect(
            organisation.first { $0.kpi == .slaCompliance } == TargetDay.status(.slaCompliance, min: 0.5, 0.5, .met)
        )

        // Billing: its own first-response target beats the organisation's; SLA falls back to the organisation's.
        let billing = try await client.getKPIs(scope: .department("Billing"), range: TargetDay.wholeDay).statuses
        #expect(
            billing.first { $0.kpi == .firstResponseTime }
                == TargetDay.status(.firstResponseTime, max: 5_000, 4_500, .met)
        )
        #expect(billing.first { $0.kpi == .slaCompliance } == TargetDay.status(.slaCompliance, min: 0.5, 0.5, .met))
        #expect(billing.first { $0.kpi == .csat } == TargetDay.status(.csat, min: 0.85, 1, .met))

        // An agent scope uses the organisation's targets, not Billing's.
        let ann = try await client.getKPIs(scope: .agent("ann"), range: TargetDay.wholeDay).statuses
        #expect(
            ann.first { $0.kpi == .firstResponseTime }
                == TargetDay.status(.firstResponseTime, max: 1_000, 4_500, .missed)
        )

        let listed = try await client.listTargets()
        #expect(
            listed.overrides == [
                KPITargetOverride(scope: .organization, target: KPITarget(.firstResponseTime, max: 1_000)),
                KPITargetOverride(scope: .organization, target: KPITarget(.slaCompliance, min: 0.5)),
                KPITargetOverride(scope: .department("Billing"), target: KPITarget(.firstResponseTime, max: 5_000)),
            ]
        )
        #expect(listed.defaults == KPITargets.defaults)
        #expect(try harness.redis.command("HGET", "kpi:{o}:targets", "Billing|first_response_time") == ",5000.0")

        // Clearing Billing's override: it falls back to the organisation's 1 000 s, and misses.
        try await client.setTarget(
            KPITargetOverride(scope: .department("Billing"), target: KPITarget(.firstResponseTime))
        )
        let cleared = try await client.getKPIs(scope: .department("Billing"), range: TargetDay.wholeDay).statuses
        #expect(
            cleared.first { $0.kpi == .firstResponseTime }
                == TargetDay.status(.firstResponseTime, max: 1_000, 4_500, .missed)
        )
        #expect(try await client.listTargets().overrides.count == 2)
    }

    @Test("a bad SetTarget is INVALID_ARGUMENT and stores nothing")
    func badSetTarget() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let bad = [
            KPITargetOverride(
                scope: .department("Billing"),
                target: KPITarget(.firstContactResolution, min: 0.9, max: 0.8)
            ),
            KPITargetOverride(scope: .organization, target: KPITarget(.csat, min: 85)),
        ]
        for override in bad {
            do {
                try await client.setTarget(override)
                Issue.record("SetTarget accepted \(override)")
            } catch let error as KPIClientError {
                #expect(error.code == .invalidArgument)
            }
        }
        #expect(try await client.listTargets().overrides.isEmpty)
        #expect(try harness.redis.command("EXISTS", "kpi:{o}:targets") == "0")
    }

    @Test("unreadable targets never fail a KPI read: bad fields are skipped, a broken key means the defaults")
    func brokenTargets() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(TargetDay.events)

        try harness.redis.command("HSET", "kpi:{o}:targets", "*|csat", "garbage", "*|sla_compliance", "0.5,")
        let skipped = try await client.getKPIs(scope: .organization, range: TargetDay.wholeDay).statuses
        #expect(skipped.first { $0.kpi == .csat } == TargetDay.status(.csat, min: 0.85, 1, .met))
        #expect(skipped.first { $0.kpi == .slaCompliance } == TargetDay.status(.slaCompliance, min: 0.5, 0.5, .met))

        try harness.redis.command("DEL", "kpi:{o}:targets")
        try harness.redis.command("SET", "kpi:{o}:targets", "not a hash")
        let reply = try await client.getKPIs(scope: .organization, range: TargetDay.wholeDay)
        #expect(reply.kpis.csat == Ratio(numerator: 2, denominator: 2))
        #expect(
            reply.statuses.first { $0.kpi == .slaCompliance }
                == TargetDay.status(.slaCompliance, min: 0.9, 0.5, .missed)
        )
        #expect(reply.statuses.count == 8)
    }
}
