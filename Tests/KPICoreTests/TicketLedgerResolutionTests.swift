import Testing

@testable import KPICore

/// Resolutions, reopens, first-contact credit and the full resolution that moves with each re-resolution.
@Suite("TicketLedger resolutions")
struct TicketLedgerResolutionTests {
    typealias S = Scopes

    static let annScopes = [S.org, S.support, S.ann, S.supportAnn]

    @Test("the first resolution counts in every resolution figure and empties the backlog")
    func firstResolution() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann),
            // 45 min 10 s after creation: 2,710 s.
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 9, 45, seconds: 10), by: .ann),
        ])

        let expected: [KPICounter: Int64] = [
            .ticketsCreated: 1, .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 2710,
            .fullResolutionCount: 1, .fullResolutionSeconds: 2710, .firstContactResolutions: 1, .slaKnown: 1,
            .slaMet: 1,
        ]
        #expect(run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1)) == S.each(Self.annScopes, expected))
        for scope in Self.annScopes {
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 9, 45)) == 1)
            #expect(run.backlog(scope, at: Clock.minute(day: 0, 9, 46)) == 0)
        }
    }

    @Test(
        "the SLA outcome counts as known and met, known only, or not at all",
        arguments: [
            (SLAOutcome.unknown, Int64(0), Int64(0)),
            (.met, 1, 1),
            (.breached, 1, 0),
        ]
    )
    func slaOutcome(sla: SLAOutcome, known: Int64, met: Int64) {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(TicketEvent.resolvedKind(sla), at: Clock.ms(day: 0, 10)),
        ])

        let org = run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))[S.org] ?? [:]
        #expect(org[.slaKnown, default: 0] == known)
        #expect(org[.slaMet, default: 0] == met)
    }

    @Test("a re-resolution moves the full resolution and its SLA outcome to the new bucket and holder")
    func reResolutionMovesFullResolution() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann),
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 10), by: .ann),  // 3,600 s
            .make(.reopened, at: Clock.ms(day: 1, 9), by: .ann),
        ])

        // cyd (Billing) resolves it 27 h after creation: 97,200 s, SLA breached.
        let applied = run.apply(.make(TicketEvent.resolvedKind(.breached), at: Clock.ms(day: 1, 12), by: .cyd))
        let changes = try #require(applied)

        // The earlier full resolution is withdrawn from ann's scopes at day 0, 10:00.
        let at10 = Clock.minute(day: 0, 10)
        for scope in Self.annScopes {
            for (counter, delta) in [
                (.fullResolutionCount, -1), (.fullResolutionSeconds, -3600), (.slaKnown, -1), (.slaMet, -1),
            ]
                as [(KPICounter, Int64)]
            {
                #expect(changes.contains(CounterDelta(scope: scope, minute: at10, counter: counter, delta: delta)))
            }
        }

        // Day 0 keeps creation, the resolution and the first resolution; the reopen withdrew the first-contact
        // credit and the re-resolution the full resolution and SLA outcome.
        let day0: [KPICounter: Int64] = [
            .ticketsCreated: 1, .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 3600,
        ]
        #expect(run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1)) == S.each(Self.annScopes, day0))

        // Day 1: ann reopened it; cyd resolved it, and now holds the full resolution and its breached SLA.
        let resolvedByCyd: [KPICounter: Int64] = [
            .resolutions: 1, .fullResolutionCount: 1, .fullResolutionSeconds: 97_200, .slaKnown: 1,
        ]
        let day1: ScopeSums = [
            S.org: [
                .ticketsReopened: 1, .resolutions: 1, .fullResolutionCount: 1, .fullResolutionSeconds: 97_200,
                .slaKnown: 1,
            ],
            S.support: [.ticketsReopened: 1], S.ann: [.ticketsReopened: 1], S.supportAnn: [.ticketsReopened: 1],
            S.billing: resolvedByCyd, S.cyd: resolvedByCyd, S.billingCyd: resolvedByCyd,
        ]
        #expect(run.sums(from: Clock.minute(day: 1), to: Clock.minute(day: 2)) == day1)

        // Backlog: open again from 09:00 in Support; moved to Billing and resolved at 12:00.
        #expect(run.backlog(S.support, at: Clock.minute(day: 1, 9, 1)) == 1)
        for scope in [S.org, S.support, S.billing, S.cyd, S.billingCyd] {
            #expect(run.backlog(scope, at: Clock.minute(day: 1, 12, 1)) == 0, "\(scope)")
        }
    }

    @Test("a re-resolution with an unknown SLA outcome withdraws the earlier outcome and adds none")
    func reResolutionWithUnknownSLA() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 9, 30)),  // 1,800 s
            .make(.reopened, at: Clock.ms(day: 0, 10)),
            .make(TicketEvent.resolvedKind(.unknown), at: Clock.ms(day: 0, 11)),  // 7,200 s
        ])

        let at0930 = Clock.minute(day: 0, 9, 30)
        let at11 = Clock.minute(day: 0, 11)
        #expect(
            run.sums(from: at0930, to: at0930 + 1)[S.org] == [
                .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 1800,
            ]
        )
        #expect(
            run.sums(from: at11, to: at11 + 1)[S.org] == [
                .resolutions: 1, .fullResolutionCount: 1, .fullResolutionSeconds: 7200,
            ]
        )
        #expect(
            run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))[S.org] == [
                .ticketsCreated: 1, .resolutions: 2, .ticketsReopened: 1, .firstResolutionCount: 1,
                .firstResolutionSeconds: 1800, .fullResolutionCount: 1, .fullResolutionSeconds: 7200,
            ]
        )
    }

    @Test("a reopen withdraws the first-contact credit from the bucket and scopes where it was counted")
    func reopenWithdrawsFirstContactWhereCounted() throws {
        var run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 9, 30), by: .ann),
        ])

        // cyd (Billing) reopens it two days later: the ticket moves to cyd, the credit comes off ann's day 0.
        let applied = run.apply(.make(.reopened, at: Clock.ms(day: 2, 8), by: .cyd))
        let changes = try #require(applied)

        let at0930 = Clock.minute(day: 0, 9, 30)
        let withdrawn = changes.filter { $0.counter == .firstContactResolutions }
        #expect(
            Set(withdrawn)
                == Set(
                    Self.annScopes.map {
                        CounterDelta(scope: $0, minute: at0930, counter: .firstContactResolutions, delta: -1)
                    }
                )
        )
        #expect(withdrawn.count == 4)

        let resolved: [KPICounter: Int64] = [
            .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 1800, .fullResolutionCount: 1,
            .fullResolutionSeconds: 1800,
        ]
        #expect(run.sums(from: at0930, to: at0930 + 1) == S.each(Self.annScopes, resolved))
        #expect(
            run.sums(from: Clock.minute(day: 2), to: Clock.minute(day: 3))
                == S.each([S.org, S.billing, S.cyd, S.billingCyd], [.ticketsReopened: 1])
        )
    }

    @Test("a second reopen withdraws no first-contact credit twice")
    func secondReopenWithdrawsNothing() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10)),
            .make(.reopened, at: Clock.ms(day: 0, 11)),
            .make(TicketEvent.resolvedKind(.unknown, .yes), at: Clock.ms(day: 0, 12)),
            .make(.reopened, at: Clock.ms(day: 0, 13)),
        ])

        let org = run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))[S.org] ?? [:]
        // One first-contact credit, counted at 10:00 and withdrawn at 11:00; the re-resolution's .yes adds none.
        #expect(org[.firstContactResolutions] == nil)
        #expect(org[.firstResolutionCount] == 1)
        #expect(org[.resolutions] == 2)
        #expect(org[.ticketsReopened] == 2)
        #expect(
            run.deltas.filter { $0.counter == .firstContactResolutions }.map(\.delta) == [1, 1, 1, 1, -1, -1, -1, -1]
        )
    }

    /// Created by ann at 09:00; when `reassigned`, given to bob at 09:05; resolved at 09:10 with `firstContact`.
    @Test(
        "the event's first-contact flag overrides the reassignment rule; unknown falls back to it",
        arguments: [
            (false, FirstContact.unknown, Int64(1)),
            (false, .yes, 1),
            (false, .no, 0),
            (true, .unknown, 0),
            (true, .yes, 1),
            (true, .no, 0),
        ]
    )
    func firstContactOverride(reassigned: Bool, firstContact: FirstContact, fcr: Int64) {
        let resolver: TicketHolder = reassigned ? .bob : .ann
        var events: [TicketEvent] = [.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .ann)]
        if reassigned { events.append(.make(.assigned, at: Clock.ms(day: 0, 9, 5), by: .bob)) }
        events.append(
            .make(TicketEvent.resolvedKind(.unknown, firstContact), at: Clock.ms(day: 0, 9, 10), by: resolver)
        )
        let run = LedgerRun(events)

        let sums = run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))
        for scope in [S.org, S.support, resolver == .ann ? S.ann : S.bob] {
            #expect(sums[scope]?[.firstContactResolutions, default: 0] == fcr, "\(scope)")
            #expect(sums[scope]?[.firstResolutionCount] == 1, "\(scope)")
        }
    }

    @Test("a ticket closed unresolved and reopened still gets its first resolution and first-contact credit")
    func closedReopenedThenResolved() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(.closed, at: Clock.ms(day: 0, 10)),
            .make(.reopened, at: Clock.ms(day: 0, 11)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 12)),  // 3 h = 10,800 s
        ])

        #expect(run.rejected.isEmpty)
        #expect(
            run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))[S.org] == [
                .ticketsCreated: 1, .ticketsClosed: 1, .ticketsReopened: 1, .resolutions: 1,
                .firstResolutionCount: 1, .firstResolutionSeconds: 10_800, .fullResolutionCount: 1,
                .fullResolutionSeconds: 10_800, .firstContactResolutions: 1,
            ]
        )
        #expect(run.backlog(S.org, at: Clock.minute(day: 0, 10, 1)) == 0)
        #expect(run.backlog(S.org, at: Clock.minute(day: 0, 11, 1)) == 1)
        #expect(run.backlog(S.org, at: Clock.minute(day: 1)) == 0)
    }
}
