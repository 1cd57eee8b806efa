import KPIClient
import KPICore
import KPIMessages
import Testing

@Suite("Replies and surveys through a real kpid and Redis", .serialized)
struct ConversationKPITests {
    private static func event(
        _ id: String,
        _ ticket: String,
        _ hour: Int64,
        _ minute: Int64,
        _ agent: String,
        _ kind: TicketEventKind,
        department: String = "Care"
    ) -> TicketEvent {
        TicketEvent(
            eventID: id,
            ticketID: ticket,
            timeMs: utcMs(2024, 7, 1, hour, minute),
            department: agent.isEmpty && !kind.isWorkflow ? "" : department,
            agent: agent,
            kind: kind
        )
    }

    @Test("reply time, reopen rate, CSAT, NPS and CES come back with the hand-computed values")
    func conversationFigures() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let events = [
            Self.event("c1", "C1", 9, 0, "", .created(channel: "chat", priority: "P3")),
            Self.event("r1", "C1", 9, 10, "ann", .agentReplied),  // first response 10 min
            Self.event("m1", "C1", 9, 20, "", .customerMessage),
            Self.event("r2", "C1", 9, 50, "ann", .agentReplied),  // reply time 30 min
            Self.event("s1", "C1", 10, 0, "ann", .resolved(sla: .met, firstContact: .unknown)),
            Self.event("q1", "C1", 10, 30, "", .surveyAnswered(SurveyAnswer(kind: .csat, score: 5))),
            Self.event("q2", "C1", 10, 31, "", .surveyAnswered(SurveyAnswer(kind: .nps, score: 9))),
            Self.event("q3", "C1", 10, 32, "", .surveyAnswered(SurveyAnswer(kind: .ces, score: 4, scale: 5))),
            Self.event("c2", "C2", 11, 0, "bob", .created(channel: "email", priority: "P2")),
            Self.event("r3", "C2", 11, 5, "bob", .agentReplied),
            Self.event("s2", "C2", 12, 0, "bob", .resolved(sla: .breached, firstContact: .unknown)),
            Self.event("o2", "C2", 13, 0, "bob", .reopened),
            Self.event("s3", "C2", 14, 0, "bob", .resolved(sla: .met, firstContact: .unknown)),
            Self.event("q4", "C2", 14, 30, "", .surveyAnswered(SurveyAnswer(kind: .csat, score: 2))),
            Self.event("q5", "C2", 14, 31, "", .surveyAnswered(SurveyAnswer(kind: .nps, score: 3))),
            Self.event("q6", "C2", 15, 0, "", .surveyAnswered(SurveyAnswer(kind: .csat, score: 4))),  // re-rating
        ]
        let recorded = try await client.recordEvents(events)
        #expect(recorded.accepted == UInt32(events.count), "\(recorded.results.filter { $0.outcome != .accepted })")

        let day = KPITimeRange.absolute(fromMs: utcMs(2024, 7, 1), toMs: utcMs(2024, 7, 2))
        let care = try await client.getKPIs(scope: .department("Care"), range: day).kpis
        #expect(care.firstResponse == DurationStat(count: 2, sumSeconds: 600 + 300))
        #expect(care.replyTime == DurationStat(count: 1, sumSeconds: 1_800))
        #expect(care.reopenRate == Ratio(numerator: 1, denominator: 3))
        #expect(care.csat == Ratio(numerator: 2, denominator: 2))  // 5, and bob's 2 replaced by 4
        #expect(care.nps == NPSStat(responses: 2, promoters: 1, detractors: 1))
        #expect(care.nps.score == 0)
        #expect(care.ces == CESStat(responses: 1, milliPointsSum: 5_500, lowEffort: 1))

        let ann = try await client.getKPIs(scope: .agent("ann"), range: day).kpis
        #expect(ann.csat == Ratio(numerator: 1, denominator: 1))
        #expect(ann.nps.score == 100)
    }

    @Test("a survey score outside its scale is rejected with the reason, the rest of the batch is accepted")
    func badSurveyScore() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let reply = try await client.recordEvents([
            Self.event("c1", "C1", 9, 0, "ann", .created(channel: "chat", priority: "P3")),
            Self.event("q1", "C1", 10, 0, "", .surveyAnswered(SurveyAnswer(kind: .nps, score: 11))),
        ])
        #expect(reply.results.map(\.outcome) == [.accepted, .rejected])
        #expect(reply.results[1].reason.contains("NPS score must be 0 to 10"))
    }
}
