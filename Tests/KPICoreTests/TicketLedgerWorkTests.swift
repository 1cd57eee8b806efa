import Testing

@testable import KPICore

/// Handle time (agent_worked) and automation accuracy (automation_reviewed), against `docs/kpi-definitions.md`.
@Suite("TicketLedger: handle time and automation accuracy")
struct TicketLedgerWorkTests {
    private let day0 = (from: Clock.minute(day: 0), to: Clock.minute(day: 1))
    private let day1 = (from: Clock.minute(day: 1), to: Clock.minute(day: 2))

    private static func worked(from start: Int64, to end: Int64) -> TicketEventKind {
        .agentWorked(startMs: start, endMs: end)
    }

    // MARK: - Handle time

    @Test("agent_worked adds the interval's whole seconds to the worker in the event's department")
    func wholeSeconds() {
        // 09:00:00.000 → 09:12:34.999 is 754.999 s: 12 × 60 + 34 = 754 whole seconds.
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(
                Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 12, seconds: 34, ms: 999)),
                at: Clock.ms(day: 0, 9, 13),
                by: .bob
            ),
        ])
        var expected = Scopes.each(
            [Scopes.org, Scopes.support],
            [.ticketsCreated: 1, .handleSeconds: 754, .handledTickets: 1]
        )
        expected.merge(Scopes.each([Scopes.ann, Scopes.supportAnn], [.ticketsCreated: 1])) { $1 }
        expected.merge(Scopes.each([Scopes.bob, Scopes.supportBob], [.handleSeconds: 754, .handledTickets: 1])) { $1 }
        #expect(run.sums(from: day0.from, to: day0.to) == expected)
    }

    @Test("work is counted at the event's time, not at the interval's")
    func countedAtEventTime() {
        // Worked on day 0 from 23:00 to 23:30 (1,800 s), reported on day 1.
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(Self.worked(from: Clock.ms(day: 0, 23), to: Clock.ms(day: 0, 23, 30)), at: Clock.ms(day: 1, 8)),
        ])
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.org]?[.handleSeconds] == nil)
        #expect(
            run.sums(from: day1.from, to: day1.to)[Scopes.supportAnn] == [.handleSeconds: 1_800, .handledTickets: 1]
        )
    }

    @Test("a work report with no department is credited in the ticket's department")
    func ticketsDepartment() {
        let annAlone = TicketHolder(department: "", agent: "ann")
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .cyd),  // Billing holds the ticket
            .make(
                Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 1)),
                at: Clock.ms(day: 0, 9, 2),
                by: annAlone
            ),
        ])
        let sums = run.sums(from: day0.from, to: day0.to)
        let work: [KPICounter: Int64] = [.handleSeconds: 60, .handledTickets: 1]
        #expect(sums[Scopes.billingAnn] == work)
        #expect(sums[Scopes.ann] == work)
        #expect(sums[Scopes.billing] == [.ticketsCreated: 1, .handleSeconds: 60, .handledTickets: 1])
        #expect(sums[Scopes.support] == nil)
        #expect(sums[Scopes.supportAnn] == nil)
    }

    @Test("a (ticket, agent) pair counts once however many intervals; two agents on one ticket count 2")
    func pairsCountOnce() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            // ann: 60 s, then 120 s, then 30.5 s → 30 s.
            .make(Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 1)), at: Clock.ms(day: 0, 9, 1)),
            .make(Self.worked(from: Clock.ms(day: 0, 10), to: Clock.ms(day: 0, 10, 2)), at: Clock.ms(day: 0, 10, 2)),
            .make(
                Self.worked(from: Clock.ms(day: 0, 11), to: Clock.ms(day: 0, 11, seconds: 30, ms: 500)),
                at: Clock.ms(day: 0, 11, 1)
            ),
            .make(
                Self.worked(from: Clock.ms(day: 0, 12), to: Clock.ms(day: 0, 12, 1, seconds: 40)),
                at: Clock.ms(day: 0, 12, 2),
                by: .bob
            ),  // 100
            // ann again the next day: seconds on day 1, but her pair was already counted on day 0.
            .make(
                Self.worked(from: Clock.ms(day: 1, 9), to: Clock.ms(day: 1, 9, 0, seconds: 45)),
                at: Clock.ms(day: 1, 9, 1)
            ),  // 45
        ])
        let first = run.sums(from: day0.from, to: day0.to)
        // Day 0: 60 + 120 + 30 + 100 = 310 s over 2 pairs → mean 155 s.
        #expect(first[Scopes.org]?[.handleSeconds] == 310)
        #expect(first[Scopes.org]?[.handledTickets] == 2)
        #expect(first[Scopes.ann] == [.ticketsCreated: 1, .handleSeconds: 210, .handledTickets: 1])
        #expect(first[Scopes.bob] == [.handleSeconds: 100, .handledTickets: 1])
        #expect(KPISet(sums: first[Scopes.org] ?? [:], backlog: 0).handleTime.meanSeconds == 155)
        // Day 1: 45 s and no new pair.
        #expect(run.sums(from: day1.from, to: day1.to)[Scopes.supportAnn] == [.handleSeconds: 45])
    }

    @Test("the same agent on two tickets is two pairs")
    func sameAgentTwoTickets() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), ticket: "T2"),
            .make(Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 10)), at: Clock.ms(day: 0, 9, 10)),
            .make(
                Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 20)),
                at: Clock.ms(day: 0, 9, 20),
                ticket: "T2"
            ),
        ])
        // 600 + 1,200 = 1,800 s over 2 pairs.
        #expect(
            run.sums(from: day0.from, to: day0.to)[Scopes.ann] == [
                .ticketsCreated: 2, .handleSeconds: 1_800, .handledTickets: 2,
            ]
        )
    }

    @Test("an interval of zero length still counts the pair")
    func zeroLength() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(
                Self.worked(from: Clock.ms(day: 0, 9, 5), to: Clock.ms(day: 0, 9, 5)),
                at: Clock.ms(day: 0, 9, 5),
                by: .bob
            ),
        ])
        #expect(run.rejected.isEmpty)
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.bob] == [.handledTickets: 1])
    }

    @Test("agent_worked ending before it starts is rejected and counts nothing")
    func endBeforeStart() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        let event = TicketEvent.make(
            Self.worked(from: Clock.ms(day: 0, 10), to: Clock.ms(day: 0, 10) - 1),
            at: Clock.ms(day: 0, 10),
            by: .bob,
            id: "backwards"
        )
        #expect(run.apply(event) == nil)
        #expect(run.rejected == ["backwards"])
        #expect(run.states["T1"]?.workedAgents.isEmpty == true)
        // A later valid report by bob is still his first: the pair counts.
        run.apply(
            .make(
                Self.worked(from: Clock.ms(day: 0, 11), to: Clock.ms(day: 0, 11, 1)),
                at: Clock.ms(day: 0, 11, 1),
                by: .bob
            )
        )
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.bob] == [.handleSeconds: 60, .handledTickets: 1])
    }

    @Test("agent_worked without an agent is rejected")
    func needsAgent() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        let event = TicketEvent.make(
            Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 1)),
            at: Clock.ms(day: 0, 9, 1),
            by: .supportQueue,
            id: "nobody-worked"
        )
        #expect(run.apply(event) == nil)
        #expect(run.rejected == ["nobody-worked"])
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.support] == [.ticketsCreated: 1])
    }

    @Test("agent_worked never moves the ticket")
    func neverMoves() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(
                Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 1)),
                at: Clock.ms(day: 0, 9, 1),
                by: .cyd
            ),
            .make(
                Self.worked(from: Clock.ms(day: 0, 9), to: Clock.ms(day: 0, 9, 1)),
                at: Clock.ms(day: 0, 9, 2),
                by: .annInBilling
            ),
        ])
        #expect(run.states["T1"]?.holder == .ann)
        #expect(run.states["T1"]?.wasReassigned == false)
        #expect(run.backlog(Scopes.supportAnn, at: day0.to) == 1)
        #expect(run.backlog(Scopes.billing, at: day0.to) == 0)
        #expect(run.backlog(Scopes.cyd, at: day0.to) == 0)
        // ann's work in Billing is credited there, though the ticket is Support's.
        let sums = run.sums(from: day0.from, to: day0.to)
        #expect(sums[Scopes.billingAnn] == [.handleSeconds: 60, .handledTickets: 1])
        #expect(sums[Scopes.billingCyd] == [.handleSeconds: 60, .handledTickets: 1])
        #expect(sums[Scopes.billing] == [.handleSeconds: 120, .handledTickets: 2])
        #expect(sums[Scopes.supportAnn] == [.ticketsCreated: 1])
    }

    // MARK: - Automation accuracy

    @Test("automation verdicts are credited to the ticket's holder; an empty holder does not move the ticket")
    func automationAccuracy() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.automationReviewed(subject: "routing", correct: true), at: Clock.ms(day: 0, 10), by: .nobody),
            .make(.automationReviewed(subject: "routing", correct: false), at: Clock.ms(day: 0, 11), by: .nobody),
            .make(.automationReviewed(subject: "answer", correct: true), at: Clock.ms(day: 0, 12), by: .nobody),
        ])
        #expect(run.states["T1"]?.holder == .ann)
        // 3 reviewed, 2 correct → 2 / 3, in ann's four scopes.
        let expected: [KPICounter: Int64] = [.ticketsCreated: 1, .automationReviewed: 3, .automationCorrect: 2]
        #expect(
            run.sums(from: day0.from, to: day0.to)
                == Scopes.each([Scopes.org, Scopes.support, Scopes.ann, Scopes.supportAnn], expected)
        )
    }

    @Test("an automation review naming a holder moves the ticket there first and is credited there")
    func automationReviewNamingHolder() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.automationReviewed(subject: "routing", correct: false), at: Clock.ms(day: 0, 10), by: .cyd),
        ])
        #expect(run.states["T1"]?.holder == .cyd)
        let sums = run.sums(from: day0.from, to: day0.to)
        #expect(sums[Scopes.billingCyd] == [.automationReviewed: 1])
        #expect(sums[Scopes.supportAnn] == [.ticketsCreated: 1])
        #expect(run.backlog(Scopes.billing, at: day0.to) == 1)
        #expect(run.backlog(Scopes.support, at: day0.to) == 0)
    }

    @Test("automation_reviewed for an unknown ticket is rejected")
    func automationUnknownTicket() {
        let run = LedgerRun([
            .make(.automationReviewed(subject: "x", correct: true), at: Clock.ms(day: 0, 9), id: "orphan")
        ])
        #expect(run.rejected == ["orphan"])
        #expect(run.deltas.isEmpty)
    }
}
