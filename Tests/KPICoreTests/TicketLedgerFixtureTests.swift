import Testing

@testable import KPICore

/// Counter totals per scope: the shape every ledger test compares against hand-worked values.
typealias ScopeSums = [KPIScope: [KPICounter: Int64]]

/// Folds events through `TicketLedger.apply(_:to:)` the way the store does (one state per ticket, rejected events
/// change nothing) and keeps every counter change, so a test can sum them itself.
struct LedgerRun {
    private(set) var states: [String: TicketState] = [:]
    private(set) var deltas: [CounterDelta] = []
    /// The ids of the events the ledger rejected, in order.
    private(set) var rejected: [String] = []

    init(_ events: [TicketEvent] = []) {
        for event in events { apply(event) }
    }

    /// Applies one event and returns the ledger's changes for it (`nil` when it was rejected).
    @discardableResult
    mutating func apply(_ event: TicketEvent) -> [CounterDelta]? {
        switch TicketLedger.apply(event, to: states[event.ticketID]) {
        case .applied(let state, let changes):
            states[event.ticketID] = state
            deltas += changes
            return changes
        case .rejected:
            rejected.append(event.eventID)
            return nil
        }
    }

    /// Every counter but `openDelta`, summed per scope over buckets with `from <= minute < to`; zero totals are
    /// left out, so an unexpected counter shows up as an extra entry.
    func sums(from: Int64, to: Int64) -> ScopeSums {
        var sums: ScopeSums = [:]
        // Histogram changes (with a bin) are a duration's distribution, not its counters: tested on their own.
        for delta in deltas
        where delta.bin == nil && delta.counter != .openDelta && delta.minute >= from && delta.minute < to {
            sums[delta.scope, default: [:]][delta.counter, default: 0] += delta.delta
        }
        return sums.compactMapValues { counters in
            let nonZero = counters.filter { $0.value != 0 }
            return nonZero.isEmpty ? nil : nonZero
        }
    }

    /// Tickets open at `end` in `scope`: every `openDelta` with a minute before `end`.
    func backlog(_ scope: KPIScope, at end: Int64) -> Int64 {
        deltas.filter { $0.counter == .openDelta && $0.scope == scope && $0.minute < end }.reduce(0) { $0 + $1.delta }
    }
}

/// Times of the tests, in Unix milliseconds from 2024-01-01T00:00Z (1,704,067,200 s).
enum Clock {
    static let base: Int64 = 1_704_067_200_000

    /// Day 0 is 1 January 2024, day 31 is 1 February, day 60 is 1 March.
    static func ms(day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0, seconds: Int64 = 0, ms: Int64 = 0) -> Int64 {
        base + ((day * 24 + hour) * 60 + minute) * 60_000 + seconds * 1000 + ms
    }

    /// The epoch minute of the same wall time, worked out independently of `TicketLedger.epochMinute`.
    static func minute(day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        28_401_120 + (day * 24 + hour) * 60 + minute
    }
}

extension TicketHolder {
    static let nobody = TicketHolder(department: "", agent: "")
    static let supportQueue = TicketHolder(department: "Support", agent: "")
    static let billingQueue = TicketHolder(department: "Billing", agent: "")
    static let ann = TicketHolder(department: "Support", agent: "ann")
    static let bob = TicketHolder(department: "Support", agent: "bob")
    static let cyd = TicketHolder(department: "Billing", agent: "cyd")
    /// ann working in Billing: same agent, other department.
    static let annInBilling = TicketHolder(department: "Billing", agent: "ann")
}

/// Scopes written out by hand, so no expectation goes through `TicketHolder.scopes`.
enum Scopes {
    static let org = KPIScope.organization
    static let support = KPIScope.department("Support")
    static let billing = KPIScope.department("Billing")
    static let ann = KPIScope.agent("ann")
    static let bob = KPIScope.agent("bob")
    static let cyd = KPIScope.agent("cyd")
    static let supportAnn = KPIScope.departmentAgent(department: "Support", agent: "ann")
    static let supportBob = KPIScope.departmentAgent(department: "Support", agent: "bob")
    static let billingCyd = KPIScope.departmentAgent(department: "Billing", agent: "cyd")
    static let billingAnn = KPIScope.departmentAgent(department: "Billing", agent: "ann")

    /// The same counters in each of `scopes`.
    static func each(_ scopes: [KPIScope], _ counters: [KPICounter: Int64]) -> ScopeSums {
        Dictionary(uniqueKeysWithValues: scopes.map { ($0, counters) })
    }
}

extension TicketEvent {
    /// An event of ticket `ticket`; the id names the kind and time so each one in a test is distinct.
    static func make(
        _ kind: TicketEventKind,
        at ms: Int64,
        by holder: TicketHolder = .ann,
        ticket: String = "T1",
        id: String? = nil
    ) -> TicketEvent {
        TicketEvent(
            eventID: id ?? "\(ticket)-\(kind.name)-\(ms)",
            ticketID: ticket,
            timeMs: ms,
            department: holder.department,
            agent: holder.agent,
            kind: kind
        )
    }

    /// No channel, so the holder's scopes are the only ones a test has to write out (channel tests set one).
    static let createdKind = TicketEventKind.created(channel: "", priority: "p3")

    static func resolvedKind(_ sla: SLAOutcome = .unknown, _ firstContact: FirstContact = .unknown) -> TicketEventKind {
        .resolved(sla: sla, firstContact: firstContact)
    }
}

/// The helpers above are themselves checked against hand-made deltas, so a ledger test cannot pass because of them.
@Suite("TicketLedger test fixture")
struct TicketLedgerFixtureTests {
    @Test("the clock puts 1 February 2024 at 1,706,745,600,000 ms and its epoch minute")
    func clock() {
        // 2024-02-01T00:00Z is 1,706,745,600 s (31 days after the base); 1,706,745,600 / 60 = 28,445,760.
        #expect(Clock.ms(day: 31) == 1_706_745_600_000)
        #expect(Clock.minute(day: 31) == 28_445_760)
        #expect(Clock.ms(day: 0, 1, 2, seconds: 3, ms: 4) == 1_704_067_200_000 + 3_723_004)
    }

    @Test("sums keep the range half-open, leave out open deltas and zero totals")
    func sumsOverRange() {
        let deltas = [
            CounterDelta(scope: .organization, minute: 9, counter: .resolutions, delta: 100),
            CounterDelta(scope: .organization, minute: 10, counter: .resolutions, delta: 1),
            CounterDelta(scope: .organization, minute: 11, counter: .resolutions, delta: 2),
            CounterDelta(scope: .organization, minute: 11, counter: .openDelta, delta: 5),
            CounterDelta(scope: .agent("x"), minute: 11, counter: .slaMet, delta: 1),
            CounterDelta(scope: .agent("x"), minute: 11, counter: .slaMet, delta: -1),
            CounterDelta(scope: .organization, minute: 12, counter: .resolutions, delta: 1000),
        ]
        let run = LedgerRun.with(deltas)

        #expect(run.sums(from: 10, to: 12) == [.organization: [.resolutions: 3]])
        #expect(run.backlog(.organization, at: 11) == 0)
        #expect(run.backlog(.organization, at: 12) == 5)
    }
}

extension LedgerRun {
    /// A run holding exactly `deltas`, to test the sums themselves.
    fileprivate static func with(_ deltas: [CounterDelta]) -> LedgerRun {
        var run = LedgerRun()
        run.deltas = deltas
        return run
    }
}
