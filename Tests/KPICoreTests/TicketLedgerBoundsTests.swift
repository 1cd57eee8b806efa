import Testing

@testable import KPICore

/// Bounds that keep hostile or absurd input from overflowing counters or growing a ticket without limit.
@Suite("TicketLedger: bounds on durations, work intervals and workers")
struct TicketLedgerBoundsTests {
    @Test("a work interval longer than 24 hours is rejected; exactly 24 hours is accepted")
    func workIntervalCap() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        let start = Clock.ms(day: 0, 9)
        #expect(run.apply(.make(.agentWorked(startMs: start, endMs: start + 86_400_000), at: start, by: .ann)) != nil)
        #expect(
            run.apply(.make(.agentWorked(startMs: start, endMs: start + 86_400_001), at: start + 1, by: .bob)) == nil
        )
    }

    @Test("a ticket keeps track of at most 256 working agents; the 257th is rejected, known ones still count")
    func workerCap() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        let start = Clock.ms(day: 0, 9)
        for agent in 0..<256 {
            let holder = TicketHolder(department: "Support", agent: "agent-\(agent)")
            #expect(
                run.apply(
                    .make(.agentWorked(startMs: start, endMs: start + 1_000), at: start + Int64(agent), by: holder)
                ) != nil
            )
        }
        let newcomer = TicketHolder(department: "Support", agent: "agent-256")
        #expect(
            run.apply(.make(.agentWorked(startMs: start, endMs: start + 1_000), at: start + 999, by: newcomer)) == nil
        )
        let known = TicketHolder(department: "Support", agent: "agent-7")
        #expect(
            run.apply(.make(.agentWorked(startMs: start, endMs: start + 2_000), at: start + 1_000, by: known)) != nil
        )
    }

    @Test("durations count at most 100 years, however far apart the times are")
    func durationCap() {
        // Created in 1971, answered in 9999: about 8,000 years, counted as 100 × 366 days.
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: 31_536_000_000),
            .make(.firstResponse, at: 253_402_214_400_000),
        ])
        let total = run.deltas.filter { $0.scope == .organization && $0.counter == .firstResponseSeconds }
            .reduce(0) { $0 + $1.delta }
        #expect(total == 3_162_240_000)
    }
}
