import Testing

@testable import KPICore

/// Bot conversations (containment and escalation in one cohort) and human handoff success, against
/// `docs/kpi-definitions.md`. Every expected value is worked out by hand in the comments.
@Suite("TicketLedger: bot conversations and handoffs")
struct TicketLedgerBotTests {
    private let day0 = (from: Clock.minute(day: 0), to: Clock.minute(day: 1))
    private let day1 = (from: Clock.minute(day: 1), to: Clock.minute(day: 2))

    private static let handoff = TicketEventKind.handedToHuman(reason: .customerAsked, confidence: 0.4)

    /// The four scopes of ann in Support.
    private static let annScopes = [Scopes.org, Scopes.support, Scopes.ann, Scopes.supportAnn]

    // MARK: - Bot conversations

    @Test("a bot conversation starts once per ticket, counted where and when it started")
    func startedOnce() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.botStarted, at: Clock.ms(day: 0, 9, 1), by: .nobody),
            .make(.botStarted, at: Clock.ms(day: 0, 9, 2), by: .nobody),  // same ticket: not a second conversation
            .make(.botStarted, at: Clock.ms(day: 1, 9), by: .nobody),  // nor on another day
        ])
        // ann holds the ticket (Support): created 1 and one conversation in each of her four scopes, nothing else.
        #expect(
            run.sums(from: day0.from, to: day0.to)
                == Scopes.each(Self.annScopes, [.ticketsCreated: 1, .botConversations: 1])
        )
        #expect(run.sums(from: day1.from, to: day1.to) == [:])
        #expect(run.rejected.isEmpty)
    }

    @Test("a bot resolution on another day and by another holder is contained where the conversation started")
    func containedAtStart() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.botStarted, at: Clock.ms(day: 0, 23, 50), by: .nobody),
            // Resolved by the bot the next day, the event naming cyd in Billing: the ticket moves there, but the
            // conversation's outcome stays in day 0 with ann in Support.
            .make(.botResolved, at: Clock.ms(day: 1, 0, 10), by: .cyd),
            .make(.botResolved, at: Clock.ms(day: 1, 0, 20), by: .nobody),  // again: contained once
        ])
        #expect(
            run.sums(from: day0.from, to: day0.to)
                == Scopes.each(Self.annScopes, [.ticketsCreated: 1, .botConversations: 1, .botContained: 1])
        )
        #expect(run.sums(from: day1.from, to: day1.to) == [:])
        // The open ticket moved from Support to Billing at day 1 00:10.
        #expect(run.backlog(Scopes.support, at: day1.to) == 0)
        #expect(run.backlog(Scopes.billing, at: day1.to) == 1)
        #expect(run.backlog(Scopes.cyd, at: day1.to) == 1)
        #expect(run.states["T1"]?.holder == .cyd)
    }

    @Test("a handoff escalates where the conversation started; the handoff counts at its own time and holder")
    func escalated() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .supportQueue),
            .make(.botStarted, at: Clock.ms(day: 0, 9), by: .nobody),
            .make(Self.handoff, at: Clock.ms(day: 1, 10), by: .ann),
        ])
        // Started with the Support queue (org + Support): conversation and escalation there, on day 0.
        let started: [KPICounter: Int64] = [.ticketsCreated: 1, .botConversations: 1, .botEscalated: 1]
        #expect(run.sums(from: day0.from, to: day0.to) == Scopes.each([Scopes.org, Scopes.support], started))
        // The handoff went to ann in Support on day 1: handoffs +1 in her four scopes.
        #expect(run.sums(from: day1.from, to: day1.to) == Scopes.each(Self.annScopes, [.handoffs: 1]))
    }

    @Test("a contained conversation later handed off moves from contained to escalated, never both")
    func containedThenEscalated() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.botStarted, at: Clock.ms(day: 0, 9, 1), by: .nobody),
            .make(.botResolved, at: Clock.ms(day: 0, 9, 5), by: .nobody),
            .make(Self.handoff, at: Clock.ms(day: 1, 8), by: .nobody),
        ])
        // Day 0: one conversation, contained withdrawn (0 → left out), escalated 1.
        #expect(
            run.sums(from: day0.from, to: day0.to)
                == Scopes.each(Self.annScopes, [.ticketsCreated: 1, .botConversations: 1, .botEscalated: 1])
        )
        #expect(run.sums(from: day1.from, to: day1.to) == Scopes.each(Self.annScopes, [.handoffs: 1]))
    }

    @Test("containment and escalation of one cohort never add up to more than 100 %")
    func oneCohort() {
        // T1 contained; T2 escalated; T3 contained then escalated; T4 still with the bot; T5 escalated twice.
        // 5 conversations: contained 1 (T1), escalated 3 (T2, T3, T5) → 20 % + 60 % = 80 %.
        var events: [TicketEvent] = []
        for ticket in ["T1", "T2", "T3", "T4", "T5"] {
            events.append(.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), ticket: ticket))
            events.append(.make(.botStarted, at: Clock.ms(day: 0, 9, 1), by: .nobody, ticket: ticket))
        }
        events += [
            .make(.botResolved, at: Clock.ms(day: 0, 10), by: .nobody, ticket: "T1"),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .nobody, ticket: "T2"),
            .make(.botResolved, at: Clock.ms(day: 0, 10), by: .nobody, ticket: "T3"),
            .make(Self.handoff, at: Clock.ms(day: 0, 11), by: .nobody, ticket: "T3"),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .nobody, ticket: "T5"),
            .make(Self.handoff, at: Clock.ms(day: 0, 11), by: .nobody, ticket: "T5"),
        ]
        let org = LedgerRun(events).sums(from: day0.from, to: day0.to)[Scopes.org] ?? [:]
        #expect(org[.botConversations] == 5)
        #expect(org[.botContained] == 1)
        #expect(org[.botEscalated] == 3)
        #expect(org[.handoffs] == 4)  // T2 once, T3 once, T5 twice
        let bot = KPISet(sums: org, backlog: 0).bot
        #expect(bot.containment.rate == 0.2)
        #expect(bot.escalation.rate == 0.6)
    }

    @Test(
        "bot_resolved and handed_to_human without a bot conversation are rejected",
        arguments: [TicketEventKind.botResolved, .handedToHuman(reason: .lowConfidence, confidence: 0.1)]
    )
    func needsBotConversation(kind: TicketEventKind) {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        let event = TicketEvent.make(kind, at: Clock.ms(day: 0, 9, 5), by: .cyd, id: "no-bot")
        #expect(run.apply(event) == nil)
        #expect(run.rejected == ["no-bot"])
        // Rejected: the ticket did not move to cyd and nothing but the creation was counted.
        #expect(run.states["T1"]?.holder == .ann)
        #expect(run.sums(from: day0.from, to: day0.to) == Scopes.each(Self.annScopes, [.ticketsCreated: 1]))
        #expect(run.backlog(Scopes.billing, at: day0.to) == 0)
    }

    @Test(
        "research §3 scenario 3: handoff 10:00, agent resolves 10:30 without writing → escalation 100 %, containment 0 %"
    )
    func researchScenarioThree() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9, 55), by: .supportQueue),
            .make(.botStarted, at: Clock.ms(day: 0, 9, 55), by: .nobody),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 30), by: .ann),
        ])
        let org = run.sums(from: day0.from, to: day0.to)[Scopes.org] ?? [:]
        #expect(org[.botConversations] == 1)
        #expect(org[.botEscalated] == 1)
        #expect(org[.botContained] == nil)
        #expect(org[.handoffs] == 1)
        // Nobody replied, so the handoff was never picked up: no success.
        #expect(org[.handoffSuccesses] == nil)
        let kpis = KPISet(sums: org, backlog: 0)
        #expect(kpis.bot.escalation.rate == 1)
        #expect(kpis.bot.containment.rate == 0)
        #expect(kpis.handoffSuccess == Ratio(numerator: 0, denominator: 1))
    }

    // MARK: - Handoff success

    /// A ticket of the Support queue that a bot hands to ann at day 0 10:00.
    private static func handedOff(ticket: String = "T1") -> [TicketEvent] {
        [
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9, 50), by: .supportQueue, ticket: ticket),
            .make(.botStarted, at: Clock.ms(day: 0, 9, 50), by: .nobody, ticket: ticket),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .ann, ticket: ticket),
        ]
    }

    @Test(
        "a handoff picked up within 15 minutes and resolved by a human is a success; 15:00 is in time, 15:01 is not",
        arguments: [(0, 1), (14 * 60 + 59, 1), (15 * 60, 1), (15 * 60 + 1, 0), (3_600, 0)] as [(Int64, Int64)]
    )
    func pickupBoundary(secondsAfterHandoff: Int64, successes: Int64) {
        let run = LedgerRun(
            Self.handedOff() + [
                .make(.agentReplied, at: Clock.ms(day: 0, 10, seconds: secondsAfterHandoff), by: .ann),
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 12), by: .ann),
            ]
        )
        let sums = run.sums(from: day0.from, to: day0.to)
        for scope in Self.annScopes {
            #expect(sums[scope]?[.handoffs] == 1)
            #expect((sums[scope]?[.handoffSuccesses] ?? 0) == successes)
        }
    }

    @Test("the success counts at the handoff's bucket and holder, not at the reply's or the resolution's")
    func successWhereHandedOff() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 23, 40), by: .supportQueue),
            .make(.botStarted, at: Clock.ms(day: 0, 23, 40), by: .nobody),
            .make(Self.handoff, at: Clock.ms(day: 0, 23, 55), by: .ann),
            // bob takes it and replies 10 minutes after the handoff, on day 1, and resolves it.
            .make(.agentReplied, at: Clock.ms(day: 1, 0, 5), by: .bob),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 1, 1), by: .bob),
        ])
        let first = run.sums(from: day0.from, to: day0.to)
        for scope in Self.annScopes {
            #expect(first[scope]?[.handoffs] == 1)
            #expect(first[scope]?[.handoffSuccesses] == 1)
        }
        let second = run.sums(from: day1.from, to: day1.to)
        #expect(second[Scopes.org]?[.handoffSuccesses] == nil)
        #expect(second[Scopes.bob]?[.handoffSuccesses] == nil)
        #expect(second[Scopes.bob]?[.resolutions] == 1)  // the resolution itself is bob's, on day 1
    }

    @Test("a handoff picked up late is never a success, not even after a reopen and a quick reply")
    func lateNeverSucceeds() {
        let run = LedgerRun(
            Self.handedOff() + [
                .make(.agentReplied, at: Clock.ms(day: 0, 10, 16), by: .ann),  // 16 minutes: late
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 30), by: .ann),
                .make(.reopened, at: Clock.ms(day: 0, 11), by: .ann),
                .make(.agentReplied, at: Clock.ms(day: 0, 11, 1), by: .ann),
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 11, 5), by: .ann),
            ]
        )
        let org = run.sums(from: day0.from, to: day0.to)[Scopes.org] ?? [:]
        #expect(org[.handoffs] == 1)
        #expect(org[.handoffSuccesses] == nil)
    }

    @Test("a resolution without any reply is no pickup, so no success")
    func resolvedWithoutReply() {
        let run = LedgerRun(
            Self.handedOff() + [.make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 5), by: .ann)]
        )
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.org]?[.handoffSuccesses] == nil)
    }

    @Test("a success is withdrawn when the conversation goes back to the bot")
    func withdrawnBackToBot() {
        var run = LedgerRun(
            Self.handedOff() + [
                .make(.agentReplied, at: Clock.ms(day: 0, 10, 5), by: .ann),
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 10), by: .ann),
            ]
        )
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.supportAnn]?[.handoffSuccesses] == 1)

        // Back with the bot on day 1: the day-0 success goes, in every scope; the conversation stays escalated.
        run.apply(.make(.botResolved, at: Clock.ms(day: 1, 9), by: .nobody))
        let sums = run.sums(from: day0.from, to: day0.to)
        for scope in Self.annScopes {
            #expect(sums[scope]?[.handoffSuccesses] == nil)
        }
        #expect(sums[Scopes.org]?[.botEscalated] == 1)
        #expect(sums[Scopes.org]?[.botContained] == nil)
        #expect(run.sums(from: day1.from, to: day1.to) == [:])

        // A later human resolution does not bring it back: the conversation went back to the bot.
        run.apply(.make(.reopened, at: Clock.ms(day: 1, 10), by: .ann))
        run.apply(.make(TicketEvent.resolvedKind(), at: Clock.ms(day: 1, 10, 5), by: .ann))
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.org]?[.handoffSuccesses] == nil)
        #expect(run.sums(from: day1.from, to: day1.to)[Scopes.org]?[.handoffSuccesses] == nil)
    }

    @Test("back to the bot before the human resolution: picked up in time, but no success")
    func backToBotBeforeResolution() {
        let run = LedgerRun(
            Self.handedOff() + [
                .make(.agentReplied, at: Clock.ms(day: 0, 10, 5), by: .ann),  // in time
                .make(.botResolved, at: Clock.ms(day: 0, 10, 20), by: .nobody),  // went back to the bot
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 30), by: .ann),
            ]
        )
        let org = run.sums(from: day0.from, to: day0.to)[Scopes.org] ?? [:]
        #expect(org[.handoffs] == 1)
        #expect(org[.handoffSuccesses] == nil)
    }

    @Test("a success is withdrawn when the conversation is handed off again; the new handoff can succeed")
    func withdrawnByAnotherHandoff() {
        let run = LedgerRun(
            Self.handedOff() + [
                .make(.agentReplied, at: Clock.ms(day: 0, 10, 5), by: .ann),
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 10), by: .ann),  // ann's success…
                .make(.reopened, at: Clock.ms(day: 0, 11), by: .ann),
                .make(Self.handoff, at: Clock.ms(day: 0, 11, 5), by: .bob),  // …withdrawn: handed off again
                .make(.agentReplied, at: Clock.ms(day: 0, 11, 10), by: .bob),  // 5 min: in time
                .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 11, 20), by: .bob),
            ]
        )
        let sums = run.sums(from: day0.from, to: day0.to)
        // Two handoffs, one success (bob's): 50 %.
        #expect(sums[Scopes.org]?[.handoffs] == 2)
        #expect(sums[Scopes.org]?[.handoffSuccesses] == 1)
        #expect(sums[Scopes.supportAnn]?[.handoffs] == 1)
        #expect(sums[Scopes.supportAnn]?[.handoffSuccesses] == nil)
        #expect(sums[Scopes.supportBob]?[.handoffs] == 1)
        #expect(sums[Scopes.supportBob]?[.handoffSuccesses] == 1)
        // One conversation, escalated once however many handoffs.
        #expect(sums[Scopes.org]?[.botConversations] == 1)
        #expect(sums[Scopes.org]?[.botEscalated] == 1)
    }

    @Test("a handoff naming a department or agent moves the ticket there; one naming nobody leaves it")
    func handoffMovesTicket() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .supportQueue),
            .make(.botStarted, at: Clock.ms(day: 0, 9), by: .nobody),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .billingQueue),
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .supportQueue, ticket: "T2"),
            .make(.botStarted, at: Clock.ms(day: 0, 9), by: .nobody, ticket: "T2"),
            .make(Self.handoff, at: Clock.ms(day: 0, 10), by: .nobody, ticket: "T2"),
        ])
        #expect(run.states["T1"]?.holder == .billingQueue)
        #expect(run.states["T2"]?.holder == .supportQueue)
        // Before the handoffs both tickets are Support's; after, T1 is Billing's.
        #expect(run.backlog(Scopes.support, at: Clock.minute(day: 0, 10)) == 2)
        #expect(run.backlog(Scopes.support, at: day0.to) == 1)
        #expect(run.backlog(Scopes.billing, at: day0.to) == 1)
        #expect(run.backlog(Scopes.org, at: day0.to) == 2)
        // T1's handoff counts in Billing, T2's in Support.
        let sums = run.sums(from: day0.from, to: day0.to)
        #expect(sums[Scopes.billing]?[.handoffs] == 1)
        #expect(sums[Scopes.support]?[.handoffs] == 1)
        #expect(sums[Scopes.org]?[.handoffs] == 2)
    }
}
