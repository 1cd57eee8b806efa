import Testing

@testable import KPICore

/// Replies, customer messages and surveys: reply time, and CSAT / NPS / CES with their credit rules.
@Suite("TicketLedger: conversations and surveys")
struct TicketLedgerConversationTests {
    private let day = (from: Clock.minute(day: 0), to: Clock.minute(day: 1))

    private static func survey(_ kind: SurveyAnswer.Kind, _ score: Int64, scale: Int64 = 7) -> TicketEventKind {
        .surveyAnswered(SurveyAnswer(kind: kind, score: score, scale: scale))
    }

    @Test("the first agent reply is the first response; a reply to a waiting customer counts as reply time")
    func replyTime() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.agentReplied, at: Clock.ms(day: 0, 9, 20)),  // first response: 20 min
            .make(.customerMessage, at: Clock.ms(day: 0, 10), by: .nobody),  // the clock starts…
            .make(.customerMessage, at: Clock.ms(day: 0, 10, 5), by: .nobody),  // …and does not restart
            .make(.agentReplied, at: Clock.ms(day: 0, 10, 30)),  // reply time 30 min
            .make(.agentReplied, at: Clock.ms(day: 0, 10, 40)),  // nobody was waiting: no reply time
        ])
        let sums = run.sums(from: day.from, to: day.to)
        #expect(sums[Scopes.org]?[.firstResponseCount] == 1)
        #expect(sums[Scopes.org]?[.firstResponseSeconds] == 1_200)
        #expect(sums[Scopes.org]?[.replyCount] == 1)
        #expect(sums[Scopes.org]?[.replySeconds] == 1_800)
        #expect(sums[Scopes.supportAnn]?[.replySeconds] == 1_800)
        // The customer's messages named nobody, which for them means "unchanged": the ticket stayed with ann.
        #expect(run.states["T1"]?.holder == .ann)
    }

    @Test("a customer message before the first response starts no reply-time clock")
    func messageBeforeFirstResponse() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.customerMessage, at: Clock.ms(day: 0, 9, 10), by: .nobody),
            .make(.agentReplied, at: Clock.ms(day: 0, 9, 40)),
        ])
        let sums = run.sums(from: day.from, to: day.to)
        #expect(sums[Scopes.org]?[.firstResponseSeconds] == 2_400)
        #expect(sums[Scopes.org]?[.replyCount] == nil)
    }

    @Test("resolving clears a waiting customer, so a stale clock never runs past a reopen (chatwoot #11787)")
    func resolveClearsWaiting() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.agentReplied, at: Clock.ms(day: 0, 9, 10)),
            .make(.customerMessage, at: Clock.ms(day: 0, 9, 20), by: .nobody),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 9, 30)),
            .make(.reopened, at: Clock.ms(day: 0, 15)),
            .make(.agentReplied, at: Clock.ms(day: 0, 15, 5)),
        ])
        #expect(run.sums(from: day.from, to: day.to)[Scopes.org]?[.replyCount] == nil)
    }

    @Test("an agent reply without an agent is rejected with a reason")
    func replyNeedsAnAgent() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        #expect(run.apply(.make(.agentReplied, at: Clock.ms(day: 0, 9, 5), by: .supportQueue)) == nil)
        #expect(run.rejected.count == 1)
    }

    @Test("CSAT goes to the last human who replied before the resolution, not to whoever holds the ticket")
    func csatCredit() {
        // ann replies, bob resolves without writing, then the ticket is reassigned to cyd; the customer rates 5.
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.agentReplied, at: Clock.ms(day: 0, 9, 10), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 11), by: .bob),
            .make(.assigned, at: Clock.ms(day: 0, 12), by: .cyd),
            .make(Self.survey(.csat, 5), at: Clock.ms(day: 0, 13), by: .nobody),
        ])
        let sums = run.sums(from: day.from, to: day.to)
        #expect(sums[Scopes.ann]?[.csatResponses] == 1)
        #expect(sums[Scopes.ann]?[.csatSatisfied] == 1)
        #expect(sums[Scopes.supportAnn]?[.csatResponses] == 1)
        #expect(sums[Scopes.bob]?[.csatResponses] == nil)
        #expect(sums[Scopes.cyd]?[.csatResponses] == nil)
    }

    @Test("a re-rating replaces the first rating where it was counted; the pair counts once")
    func reRating() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.agentReplied, at: Clock.ms(day: 0, 9, 10)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10)),
            .make(Self.survey(.csat, 2), at: Clock.ms(day: 0, 11), by: .nobody),
            .make(Self.survey(.csat, 4), at: Clock.ms(day: 1, 8), by: .nobody),
        ])
        let firstDay = run.sums(from: day.from, to: day.to)[Scopes.org] ?? [:]
        #expect(firstDay[.csatResponses] == nil)  // the day-0 rating was withdrawn
        let secondDay = run.sums(from: Clock.minute(day: 1), to: Clock.minute(day: 2))[Scopes.org] ?? [:]
        #expect(secondDay[.csatResponses] == 1)
        #expect(secondDay[.csatSatisfied] == 1)
    }

    @Test(
        "NPS buckets: promoters 9–10, passives 7–8, detractors 0–6",
        arguments: [(0, 0, 1), (6, 0, 1), (7, 0, 0), (8, 0, 0), (9, 1, 0), (10, 1, 0)] as [(Int64, Int64, Int64)]
    )
    func npsBuckets(score: Int64, promoters: Int64, detractors: Int64) {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(Self.survey(.nps, score), at: Clock.ms(day: 0, 10), by: .nobody),
        ])
        let org = run.sums(from: day.from, to: day.to)[Scopes.org] ?? [:]
        #expect(org[.npsResponses] == 1)
        #expect((org[.npsPromoters] ?? 0) == promoters)
        #expect((org[.npsDetractors] ?? 0) == detractors)
    }

    @Test(
        "CES on 7 and 5 points: mapped onto 1–7 in thousandths, upper part of the scale is low effort",
        arguments: [
            (7, 1, 1_000, 0), (7, 4, 4_000, 0), (7, 5, 5_000, 1), (7, 7, 7_000, 1), (5, 3, 4_000, 0), (5, 4, 5_500, 1),
        ]
            as [(Int64, Int64, Int64, Int64)]
    )
    func cesMapping(scale: Int64, score: Int64, milliPoints: Int64, lowEffort: Int64) {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(Self.survey(.ces, score, scale: scale), at: Clock.ms(day: 0, 10), by: .nobody),
        ])
        let org = run.sums(from: day.from, to: day.to)[Scopes.org] ?? [:]
        #expect(org[.cesResponses] == 1)
        #expect(org[.cesMilliPoints] == milliPoints)
        #expect((org[.cesLowEffort] ?? 0) == lowEffort)
    }

    @Test("KPISet turns survey counters into CSAT, NPS and CES")
    func surveyFigures() {
        // 3 CSAT answers, 2 satisfied; 4 NPS answers: 2 promoters, 1 passive, 1 detractor → 25;
        // CES 5 and 2 on 7 points → mean 3.5, one low effort.
        let kpis = KPISet(
            sums: [
                .csatResponses: 3, .csatSatisfied: 2, .npsResponses: 4, .npsPromoters: 2, .npsDetractors: 1,
                .cesResponses: 2, .cesMilliPoints: 7_000, .cesLowEffort: 1, .ticketsReopened: 1, .resolutions: 4,
            ],
            backlog: 0
        )
        #expect(kpis.csat == Ratio(numerator: 2, denominator: 3))
        #expect(kpis.nps.score == 25)
        #expect(kpis.ces.mean == 3.5)
        #expect(kpis.ces.lowEffortRate == Ratio(numerator: 1, denominator: 2))
        #expect(kpis.reopenRate.rate == 0.25)
    }

    @Test("survey scores outside their scale are refused with a message")
    func surveyValidation() {
        #expect(SurveyAnswer.problem(kind: .csat, score: 0, scale: 0) != nil)
        #expect(SurveyAnswer.problem(kind: .csat, score: 5, scale: 0) == nil)
        #expect(SurveyAnswer.problem(kind: .nps, score: 11, scale: 0) != nil)
        #expect(SurveyAnswer.problem(kind: .ces, score: 6, scale: 5) != nil)
        #expect(SurveyAnswer.problem(kind: .ces, score: 3, scale: 4)?.contains("scale") == true)
    }

    @Test("agent productivity is resolutions per hour of reported work")
    func productivity() {
        // 3 resolutions over 1 h 30 min of work → 2 per hour; no work reported → 0.
        var kpis = KPISet(sums: [.resolutions: 3, .handleSeconds: 5_400, .handledTickets: 2], backlog: 0)
        #expect(kpis.resolutionsPerWorkHour == 2)
        kpis = KPISet(sums: [.resolutions: 3], backlog: 0)
        #expect(kpis.resolutionsPerWorkHour == 0)
    }
}
