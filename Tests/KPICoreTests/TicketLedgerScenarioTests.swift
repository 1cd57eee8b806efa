import Testing

@testable import KPICore

/// Public reports of wrong KPI numbers (research notes, §3), adapted to kpid's ticket KPIs. 1 January 2024, the
/// fixture's day 0, is a Monday.
@Suite("TicketLedger scenarios from public bug reports")
struct TicketLedgerScenarioTests {
    typealias S = Scopes

    /// The KPIs of one scope over `[from, to)`, as the reader would build them.
    static func kpis(_ run: LedgerRun, _ scope: KPIScope, from: Int64, to: Int64) -> KPISet {
        KPISet(sums: run.sums(from: from, to: to)[scope] ?? [:], backlog: run.backlog(scope, at: to))
    }

    @Test("chatwoot PR #12261: resolved D1 10:00, reopened D1 12:00 and still open, D1 resolutions = 1")
    func resolvedThenReopenedSameDay() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 1, 8)),
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 1, 10)),  // 2 h = 7,200 s
            .make(.reopened, at: Clock.ms(day: 1, 12)),
        ])

        let day = Self.kpis(run, S.org, from: Clock.minute(day: 1), to: Clock.minute(day: 2))
        #expect(day.resolutions == 1)
        #expect(day.ticketsResolved == 1)
        #expect(day.ticketsReopened == 1)
        #expect(day.backlog == 1)
        // The reopen withdrew the first-contact credit; the full resolution stands until a new resolution.
        #expect(day.firstContactResolution == Ratio(numerator: 0, denominator: 1))
        #expect(day.fullResolution == DurationStat(count: 1, sumSeconds: 7200))
        #expect(day.slaCompliance == Ratio(numerator: 1, denominator: 1))

        // The time series agrees: the resolution stays in the 10:00 bucket, the 12:00 bucket holds only the reopen.
        let at10 = Clock.minute(day: 1, 10)
        let at12 = Clock.minute(day: 1, 12)
        #expect(run.sums(from: at10, to: at10 + 1)[S.org]?[.resolutions] == 1)
        #expect(run.sums(from: at12, to: at12 + 1)[S.org] == [.ticketsReopened: 1])
    }

    @Test("freescout #4125: created 20 Jan, resolved and closed 5 Feb, February shows resolved 1 and mean 16 d")
    func longCaseInTheMonthItEnds() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 19, 9)),  // 20 January 09:00
            .make(TicketEvent.resolvedKind(.breached), at: Clock.ms(day: 35, 9)),  // 5 February 09:00
            .make(.closed, at: Clock.ms(day: 35, 9, 1)),
        ])

        // Event-time cohort: February [1 Feb, 1 Mar) holds the resolution and the close, 16 d = 1,382,400 s.
        let february = Self.kpis(run, S.org, from: Clock.minute(day: 31), to: Clock.minute(day: 60))
        #expect(february.ticketsCreated == 0)
        #expect(february.ticketsResolved == 1)
        #expect(february.ticketsClosed == 1)
        #expect(february.firstResolution.meanSeconds == 1_382_400)
        #expect(february.fullResolution.meanSeconds == 1_382_400)
        #expect(february.slaCompliance == Ratio(numerator: 0, denominator: 1))
        #expect(february.backlog == 0)

        // January holds only the creation, and ends with the ticket open.
        let january = Self.kpis(run, S.org, from: Clock.minute(day: 0), to: Clock.minute(day: 31))
        var expected = KPISet()
        expected.ticketsCreated = 1
        expected.backlog = 1
        #expect(january == expected)
    }

    @Test("freescout #4125, closed without a resolved event: closed counts, but there is no resolution time")
    func closedWithoutResolution() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 19, 9)),
            .make(.closed, at: Clock.ms(day: 35, 9)),
        ])

        let february = Self.kpis(run, S.org, from: Clock.minute(day: 31), to: Clock.minute(day: 60))
        #expect(february.ticketsClosed == 1)
        #expect(february.ticketsResolved == 0)
        #expect(february.fullResolution == DurationStat(count: 0, sumSeconds: 0))
        #expect(february.backlog == 0)
    }

    @Test("chatwoot #7679: the full resolution runs from creation, 2 d 0 h 31 min after a bot hand-off")
    func fullResolutionAfterHandoff() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 1, 8), by: .nobody),  // with the bot, unassigned
            .make(.assigned, at: Clock.ms(day: 3, 8, 1), by: .ann),  // hand-off: taking an unassigned ticket
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 3, 8, 31), by: .ann),
        ])

        // 2 d 0 h 31 min = 172,800 + 1,860 = 174,660 s; kpid has no "human resolution" (30 min) figure.
        let day3 = Self.kpis(run, S.ann, from: Clock.minute(day: 3), to: Clock.minute(day: 4))
        #expect(day3.fullResolution == DurationStat(count: 1, sumSeconds: 174_660))
        #expect(day3.firstResolution == DurationStat(count: 1, sumSeconds: 174_660))
        #expect(day3.firstContactResolution == Ratio(numerator: 1, denominator: 1))
    }

    @Test("chatwoot #7679, reopened and resolved again: first and full resolution keep separate figures")
    func firstAndFullResolutionLabels() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 1, 8), by: .nobody),
            .make(.assigned, at: Clock.ms(day: 3, 8, 1), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 3, 8, 31), by: .ann),
            .make(.reopened, at: Clock.ms(day: 4, 9), by: .ann),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 5, 8), by: .ann),  // 4 d = 345,600 s
        ])

        let week = Self.kpis(run, S.org, from: Clock.minute(day: 0), to: Clock.minute(day: 7))
        #expect(week.firstResolution == DurationStat(count: 1, sumSeconds: 174_660))
        #expect(week.fullResolution == DurationStat(count: 1, sumSeconds: 345_600))
        #expect(week.resolutions == 2)
        #expect(week.ticketsResolved == 1)
        // Day 3 alone no longer holds a full resolution: it moved to day 5.
        let day3 = Self.kpis(run, S.org, from: Clock.minute(day: 3), to: Clock.minute(day: 4))
        #expect(day3.fullResolution == DurationStat(count: 0, sumSeconds: 0))
    }

    /// kpid defines first response as first response − created, so it does not give the 600 s the report asks for.
    @Test("chatwoot PR #12058: a reply after a bot resolution and a reopen is measured from creation, 364,200 s")
    func firstResponseAfterBotResolution() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .nobody),  // Monday 09:00
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 9, 5), by: .nobody),  // the bot
            .make(.reopened, at: Clock.ms(day: 4, 14), by: .nobody),  // Friday 14:00
            .make(.firstResponse, at: Clock.ms(day: 4, 14, 10), by: .ann),
        ])

        // 4 d 5 h 10 min = 345,600 + 18,000 + 600 = 364,200 s.
        let friday = Self.kpis(run, S.org, from: Clock.minute(day: 4), to: Clock.minute(day: 5))
        #expect(friday.firstResponse == DurationStat(count: 1, sumSeconds: 364_200))
        #expect(friday.ticketsReopened == 1)
        #expect(friday.backlog == 1)
    }

    @Test("chatwoot #14141: a resolution at 2024-04-27T20:00Z counts on 27 April, kpid's days being UTC")
    func utcDayOfResolution() {
        // 27 April 2024 is day 117: 31 (Jan) + 29 (Feb) + 31 (Mar) + 26.
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 117, 19)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 117, 20)),
        ])

        #expect(Self.kpis(run, S.org, from: Clock.minute(day: 117), to: Clock.minute(day: 118)).resolutions == 1)
        #expect(Self.kpis(run, S.org, from: Clock.minute(day: 118), to: Clock.minute(day: 119)).resolutions == 0)
        // 2024-04-27T20:00Z is 1,714,248,000 s.
        #expect(TicketLedger.epochMinute(ofMs: 1_714_248_000_000) == Clock.minute(day: 117, 20))
    }
}
