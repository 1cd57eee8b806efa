import Testing

@testable import KPICore

/// The per-ticket rules of `docs/kpi-definitions.md` other than resolutions: creation, holders, first response,
/// rejections, closing, durations and minutes. Every expected figure is worked out by hand in the comments.
@Suite("TicketLedger")
struct TicketLedgerTests {
    typealias S = Scopes

    static let day0 = (from: Clock.minute(day: 0), to: Clock.minute(day: 1))

    // MARK: - Creation and credit

    @Test("created counts one ticket and opens it in every scope of its holder")
    func createdCountsAndOpens() {
        let run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10), by: .ann)])
        let annScopes = [S.org, S.support, S.ann, S.supportAnn]

        #expect(run.sums(from: Self.day0.from, to: Self.day0.to) == S.each(annScopes, [.ticketsCreated: 1]))
        for scope in annScopes {
            // Open from the 10:00 bucket on: not yet at 10:00 itself (half-open), open at 10:01.
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 10)) == 0)
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 10, 1)) == 1)
        }
        #expect(run.backlog(S.bob, at: Clock.minute(day: 1)) == 0)
        #expect(run.rejected.isEmpty)
    }

    @Test(
        "a holder without department or agent is credited only in the scopes it has",
        arguments: [
            (TicketHolder(department: "", agent: "ann"), [S.org, S.ann]),
            (TicketHolder.supportQueue, [S.org, S.support]),
            (TicketHolder.nobody, [S.org]),
            (TicketHolder.ann, [S.org, S.support, S.ann, S.supportAnn]),
        ]
    )
    func creditFollowsHolder(holder: TicketHolder, scopes: [KPIScope]) {
        let run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10), by: holder)])

        #expect(run.sums(from: Self.day0.from, to: Self.day0.to) == S.each(scopes, [.ticketsCreated: 1]))
        #expect(Set(holder.scopes) == Set(scopes))
        #expect(holder.scopes.count == scopes.count)
    }

    @Test("a second created for a known ticket is rejected and changes nothing")
    func secondCreatedRejected() throws {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10))])
        let before = try #require(run.states["T1"])

        let changes = run.apply(.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 11), by: .cyd, id: "again"))

        #expect(changes == nil)
        #expect(run.rejected == ["again"])
        #expect(run.states["T1"] == before)
        #expect(run.sums(from: Self.day0.from, to: Self.day0.to)[S.org] == [.ticketsCreated: 1])
    }

    @Test(
        "every event but created is rejected for a ticket kpid has not seen",
        arguments: [
            TicketEventKind.assigned, .firstResponse, .resolved(sla: .met, firstContact: .yes), .reopened, .closed,
        ]
    )
    func unknownTicketRejected(kind: TicketEventKind) {
        guard case .rejected(let reason) = TicketLedger.apply(.make(kind, at: Clock.ms(day: 0, 10)), to: nil) else {
            Issue.record("\(kind.name) for an unknown ticket was applied")
            return
        }
        #expect(reason.contains("T1"))
    }

    // MARK: - Holders and reassignment

    @Test("an event naming another department moves the backlog there; the organisation's is unchanged")
    func implicitReassignmentMovesBacklog() throws {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10), by: .ann)])

        // cyd (Billing) answers at 10:30 without an assigned event: the ticket moves to cyd first.
        let applied = run.apply(.make(.firstResponse, at: Clock.ms(day: 0, 10, 30), by: .cyd))
        let changes = try #require(applied)

        let at1030 = Clock.minute(day: 0, 10, 30)
        let moves = changes.filter { $0.counter == .openDelta }
        #expect(
            Set(moves) == [
                CounterDelta(scope: S.support, minute: at1030, counter: .openDelta, delta: -1),
                CounterDelta(scope: S.ann, minute: at1030, counter: .openDelta, delta: -1),
                CounterDelta(scope: S.supportAnn, minute: at1030, counter: .openDelta, delta: -1),
                CounterDelta(scope: S.billing, minute: at1030, counter: .openDelta, delta: 1),
                CounterDelta(scope: S.cyd, minute: at1030, counter: .openDelta, delta: 1),
                CounterDelta(scope: S.billingCyd, minute: at1030, counter: .openDelta, delta: 1),
            ]
        )
        #expect(moves.count == 6)

        // Backlog: before 10:30 Support holds it, from 10:31 Billing; the organisation holds it throughout.
        for (scope, before, after) in [
            (S.org, 1, 1), (S.support, 1, 0), (S.ann, 1, 0), (S.supportAnn, 1, 0),
            (S.billing, 0, 1), (S.cyd, 0, 1), (S.billingCyd, 0, 1),
        ] as [(KPIScope, Int64, Int64)] {
            #expect(run.backlog(scope, at: at1030) == before, "\(scope)")
            #expect(run.backlog(scope, at: at1030 + 1) == after, "\(scope)")
        }

        // The response is credited to cyd's scopes: 30 min = 1,800 s after creation.
        let responded: [KPICounter: Int64] = [.firstResponseCount: 1, .firstResponseSeconds: 1800]
        let expected: ScopeSums = [
            S.org: [.ticketsCreated: 1, .firstResponseCount: 1, .firstResponseSeconds: 1800],
            S.support: [.ticketsCreated: 1], S.ann: [.ticketsCreated: 1], S.supportAnn: [.ticketsCreated: 1],
            S.billing: responded, S.cyd: responded, S.billingCyd: responded,
        ]
        #expect(run.sums(from: Self.day0.from, to: Self.day0.to) == expected)
    }

    @Test("moving an open ticket between agents of one department leaves the department's backlog untouched")
    func moveWithinDepartment() throws {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10), by: .ann)])

        let applied = run.apply(.make(.assigned, at: Clock.ms(day: 0, 11), by: .bob))
        let changes = try #require(applied)

        let at11 = Clock.minute(day: 0, 11)
        #expect(
            Set(changes) == [
                CounterDelta(scope: S.ann, minute: at11, counter: .openDelta, delta: -1),
                CounterDelta(scope: S.supportAnn, minute: at11, counter: .openDelta, delta: -1),
                CounterDelta(scope: S.bob, minute: at11, counter: .openDelta, delta: 1),
                CounterDelta(scope: S.supportBob, minute: at11, counter: .openDelta, delta: 1),
            ]
        )
        #expect(changes.count == 4)
        #expect(run.backlog(S.support, at: at11 + 1) == 1)
        #expect(run.states["T1"]?.wasReassigned == true)
    }

    @Test("moving a ticket that is not open changes no counter")
    func moveOfResolvedTicket() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 5), by: .ann),
        ])

        let applied = run.apply(.make(.assigned, at: Clock.ms(day: 0, 11), by: .cyd))
        let changes = try #require(applied)

        #expect(changes.isEmpty)
        #expect(run.states["T1"]?.holder == .cyd)
        for scope in [S.org, S.support, S.ann, S.billing, S.cyd] {
            #expect(run.backlog(scope, at: Clock.minute(day: 1)) == 0, "\(scope)")
        }
    }

    /// Created by `from` at 09:00, assigned to `to` at 09:10, resolved by `to` at 09:20 with first contact unknown.
    @Test(
        "a reassignment costs the first-contact resolution; taking an unassigned ticket does not",
        arguments: [
            (TicketHolder.nobody, TicketHolder.ann, Int64(1)),  // nobody held it
            (.supportQueue, .ann, 1),  // the department's queue, no agent yet
            (.nobody, .supportQueue, 1),
            (.ann, .ann, 1),  // assigned to the holder it already has
            (.ann, .bob, 0),  // another named agent
            (.ann, .annInBilling, 0),  // same agent, another department
            (.supportQueue, .billingQueue, 0),  // another department, no agents
            (.ann, .supportQueue, 0),  // the named agent gives the ticket back (see the report: ambiguous)
        ]
    )
    func reassignmentAndFirstContact(from: TicketHolder, to: TicketHolder, fcr: Int64) {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: from),
            .make(.assigned, at: Clock.ms(day: 0, 9, 10), by: to),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 9, 20), by: to),
        ])

        let org = run.sums(from: Self.day0.from, to: Self.day0.to)[S.org] ?? [:]
        #expect(org[.firstContactResolutions, default: 0] == fcr)
        #expect(org[.firstResolutionCount] == 1)
        #expect(from.isReassignment(to: to) == (fcr == 0))
    }

    @Test(
        "a reassignment is a change of department or from a named agent; taking an unheld ticket is not",
        arguments: [
            (TicketHolder.nobody, TicketHolder.ann, false),
            (.supportQueue, .ann, false),
            (TicketHolder(department: "", agent: "ann"), .ann, false),  // ann's ticket gains a department
            (.ann, .ann, false),
            (.ann, .bob, true),
            (.ann, .annInBilling, true),
            (.ann, TicketHolder(department: "", agent: "ann"), true),  // loses its department
            (.ann, .supportQueue, true),  // back to the queue
            (.ann, .nobody, true),
            (.supportQueue, .billingQueue, true),
        ]
    )
    func whatIsAReassignment(from: TicketHolder, to: TicketHolder, isReassignment: Bool) {
        #expect(from.isReassignment(to: to) == isReassignment)
    }

    @Test("an agent who resolves a ticket held by another takes it over first: no first contact, credit to them")
    func resolverTakesOver() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 9, 10), by: .bob),  // 600 s
        ])

        let resolved: [KPICounter: Int64] = [
            .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 600, .fullResolutionCount: 1,
            .fullResolutionSeconds: 600,
        ]
        var all = resolved
        all[.ticketsCreated] = 1
        let expected: ScopeSums = [
            S.org: all, S.support: all, S.ann: [.ticketsCreated: 1], S.supportAnn: [.ticketsCreated: 1],
            S.bob: resolved, S.supportBob: resolved,
        ]
        #expect(run.sums(from: Self.day0.from, to: Self.day0.to) == expected)
        #expect(run.backlog(S.ann, at: Self.day0.to) == 0)
        #expect(run.backlog(S.bob, at: Self.day0.to) == 0)
    }

    @Test("an event that names nobody moves the ticket out of its department before it applies")
    func eventWithoutHolder() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann),
            .make(.closed, at: Clock.ms(day: 0, 10), by: .nobody),  // an automated close, say
        ])

        // The close is credited to the organisation only; Support's backlog ends with the move.
        #expect(
            run.sums(from: Self.day0.from, to: Self.day0.to) == [
                S.org: [.ticketsCreated: 1, .ticketsClosed: 1], S.support: [.ticketsCreated: 1],
                S.ann: [.ticketsCreated: 1], S.supportAnn: [.ticketsCreated: 1],
            ]
        )
        for scope in [S.org, S.support, S.ann, S.supportAnn] {
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 10)) == 1, "\(scope)")
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 10, 1)) == 0, "\(scope)")
        }
        #expect(run.states["T1"]?.wasReassigned == true)
    }

    // MARK: - First response

    @Test("only the first response counts, in whole seconds since creation")
    func firstResponseOnce() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            // 7 min 30.999 s later: 450 whole seconds.
            .make(.firstResponse, at: Clock.ms(day: 0, 10, 7, seconds: 30, ms: 999)),
        ])

        let laterApplied = run.apply(.make(.firstResponse, at: Clock.ms(day: 0, 10, 20)))
        let later = try #require(laterApplied)

        #expect(later.isEmpty)
        let at1007 = Clock.minute(day: 0, 10, 7)
        #expect(
            run.sums(from: at1007, to: at1007 + 1)
                == S.each(
                    [S.org, S.support, S.ann, S.supportAnn],
                    [.firstResponseCount: 1, .firstResponseSeconds: 450]
                )
        )
        #expect(run.sums(from: at1007 + 1, to: Self.day0.to).isEmpty)
    }

    /// Created at 10:00:00 + `createdOffset` ms; a first response and a resolution at 10:00:00 + `eventOffset` ms.
    @Test(
        "durations floor to whole seconds and never go below zero",
        arguments: [
            (Int64(0), Int64(999), Int64(0)),
            (0, 1000, 1),
            (0, 1999, 1),
            (500, 1500, 1),
            (999, 1998, 0),  // 0.999 s
            (0, 86_400_000, 86_400),  // one day
            (0, -1, 0),  // 1 ms before creation
            (0, -1500, 0),
            (0, -3_600_000, 0),  // an hour before creation (clock skew)
        ]
    )
    func durationsFloorAndClamp(createdOffset: Int64, eventOffset: Int64, seconds: Int64) {
        let t0 = Clock.ms(day: 1, 10)
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: t0 + createdOffset),
            .make(.firstResponse, at: t0 + eventOffset),
            .make(TicketEvent.resolvedKind(.met), at: t0 + eventOffset),
        ])

        let org = run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 3))[S.org] ?? [:]
        #expect(org[.firstResponseCount] == 1)
        #expect(org[.firstResponseSeconds, default: 0] == seconds)
        #expect(org[.firstResolutionSeconds, default: 0] == seconds)
        #expect(org[.fullResolutionSeconds, default: 0] == seconds)
    }

    @Test("a response stamped before creation counts in its own minute with 0 s")
    func responseBeforeCreation() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(.firstResponse, at: Clock.ms(day: 0, 9, 58)),
        ])

        let at0958 = Clock.minute(day: 0, 9, 58)
        // The zero sum of seconds is left out by the fixture: only the count remains.
        #expect(run.sums(from: at0958, to: at0958 + 1)[S.org] == [.firstResponseCount: 1])
    }

    // MARK: - Rejections

    @Test(
        "resolving a ticket that is not open is rejected",
        arguments: [TicketEventKind.resolved(sla: .met, firstContact: .yes), .closed]
    )
    func resolveNotOpenRejected(earlier: TicketEventKind) throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(earlier, at: Clock.ms(day: 0, 11)),
        ])
        let before = try #require(run.states["T1"])

        let changes = run.apply(.make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 12), id: "late"))

        #expect(changes == nil)
        #expect(run.rejected == ["late"])
        #expect(run.states["T1"] == before)
    }

    @Test("reopening an open ticket is rejected, also after a reopen")
    func reopenOpenRejected() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10))])
        let whileOpen = run.apply(.make(.reopened, at: Clock.ms(day: 0, 11), id: "r1"))
        run.apply(.make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 12)))
        let afterResolve = run.apply(.make(.reopened, at: Clock.ms(day: 0, 13), id: "r2"))
        let twice = run.apply(.make(.reopened, at: Clock.ms(day: 0, 14), id: "r3"))

        #expect(whileOpen == nil)
        #expect(afterResolve != nil)
        #expect(twice == nil)

        #expect(run.rejected == ["r1", "r3"])
        #expect(run.sums(from: Self.day0.from, to: Self.day0.to)[S.org]?[.ticketsReopened] == 1)
    }

    // MARK: - Closing

    @Test("closing an open ticket counts the close and takes it out of the backlog")
    func closeOpenTicket() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(.closed, at: Clock.ms(day: 0, 11)),
        ])

        let annScopes = [S.org, S.support, S.ann, S.supportAnn]
        #expect(
            run.sums(from: Self.day0.from, to: Self.day0.to)
                == S.each(annScopes, [.ticketsCreated: 1, .ticketsClosed: 1])
        )
        for scope in annScopes {
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 11)) == 1)
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 11, 1)) == 0)
        }
    }

    @Test("closing a resolved ticket counts the close and leaves the backlog alone")
    func closeResolvedTicket() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10, 30)),
        ])

        let applied = run.apply(.make(.closed, at: Clock.ms(day: 0, 11)))
        let changes = try #require(applied)

        #expect(changes.allSatisfy { $0.counter == .ticketsClosed && $0.delta == 1 })
        #expect(changes.count == 4)
        #expect(run.backlog(S.org, at: Clock.minute(day: 0, 10, 31)) == 0)
        #expect(run.backlog(S.org, at: Clock.minute(day: 1)) == 0)
    }

    @Test("a second close of a closed ticket changes nothing")
    func closeCountedOnce() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(.closed, at: Clock.ms(day: 0, 11)),
        ])

        let applied = run.apply(.make(.closed, at: Clock.ms(day: 0, 12)))
        let changes = try #require(applied)

        #expect(changes.isEmpty)
        #expect(run.sums(from: Self.day0.from, to: Self.day0.to)[S.org]?[.ticketsClosed] == 1)
    }

    @Test("a closed ticket can be reopened; closing it again counts no second close but empties the backlog")
    func reopenAfterClose() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 10)),
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 10, 30)),
            .make(.closed, at: Clock.ms(day: 0, 11)),
            .make(.reopened, at: Clock.ms(day: 1, 9)),
            .make(.closed, at: Clock.ms(day: 1, 10)),
        ])

        #expect(run.rejected.isEmpty)
        // Day 1: the reopen only. "tickets_closed +1 (the first close only)": the close on day 0 was the first.
        #expect(run.sums(from: Clock.minute(day: 1), to: Clock.minute(day: 2))[S.org] == [.ticketsReopened: 1])
        // Day 0: created, resolved (30 min = 1,800 s, SLA met, first contact) and closed; the reopen withdrew
        // the first-contact credit.
        #expect(
            run.sums(from: Self.day0.from, to: Self.day0.to)[S.org] == [
                .ticketsCreated: 1, .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 1800,
                .fullResolutionCount: 1, .fullResolutionSeconds: 1800, .slaKnown: 1, .slaMet: 1,
                .ticketsClosed: 1,
            ]
        )
        // Open again from 09:00 to 10:00 on day 1.
        #expect(run.backlog(S.org, at: Clock.minute(day: 1, 9)) == 0)
        #expect(run.backlog(S.org, at: Clock.minute(day: 1, 9, 1)) == 1)
        #expect(run.backlog(S.org, at: Clock.minute(day: 1, 10, 1)) == 0)
    }

    // MARK: - Minutes

    @Test(
        "epochMinute rounds down, also before 1970",
        arguments: [
            (0, 0),
            (59_999, 0),
            (60_000, 1),
            (-1, -1),
            (-59_999, -1),
            (-60_000, -1),
            (-60_001, -2),
            (-120_000, -2),
            (-120_001, -3),
            (1_704_067_200_000, 28_401_120),  // 2024-01-01T00:00Z
            (-1_704_067_200_000, -28_401_120),
            (-1_704_067_200_001, -28_401_121),
            (Int64.max, 153_722_867_280_912),  // 9,223,372,036,854,775,807 / 60,000 = 153,722,867,280,912.9…
        ] as [(Int64, Int64)]
    )
    func epochMinuteRoundsDown(ms: Int64, minute: Int64) {
        #expect(TicketLedger.epochMinute(ofMs: ms) == minute)
    }

    @Test("an event before 1970 lands in the minute that contains it")
    func eventBefore1970() {
        // 1969-12-31T23:59:30Z is -30,000 ms: minute -1 (23:59), not minute 0.
        let run = LedgerRun([.make(TicketEvent.createdKind, at: -30_000, by: .nobody)])

        #expect(run.sums(from: -1, to: 0) == [S.org: [.ticketsCreated: 1]])
        #expect(run.backlog(S.org, at: 0) == 1)
        #expect(run.backlog(S.org, at: -1) == 0)
    }
}
