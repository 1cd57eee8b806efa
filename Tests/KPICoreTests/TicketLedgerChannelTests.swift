import Testing

@testable import KPICore

@Suite("TicketLedger: the channel scope")
struct TicketLedgerChannelTests {
    private static let chat = KPIScope.channel("chat")

    @Test("every figure of the organisation also counts for the ticket's channel, withdrawals included")
    func channelMirrorsOrganisation() {
        let run = LedgerRun([
            .make(.created(channel: "chat", priority: "p2"), at: Clock.ms(day: 0, 9), by: .ann),
            .make(TicketEvent.resolvedKind(.met), at: Clock.ms(day: 0, 10), by: .ann),
            .make(.reopened, at: Clock.ms(day: 1, 9), by: .bob),  // withdraws day 0's first-contact credit
            .make(TicketEvent.resolvedKind(.breached), at: Clock.ms(day: 1, 10), by: .bob),
        ])
        let dayZero = run.sums(from: Clock.minute(day: 0), to: Clock.minute(day: 1))
        // Day 0: created 1, first resolution 1 h, resolutions 1, FCR withdrawn, full resolution moved to day 1.
        let expectedDayZero: [KPICounter: Int64] = [
            .ticketsCreated: 1, .resolutions: 1, .firstResolutionCount: 1, .firstResolutionSeconds: 3_600,
        ]
        #expect(dayZero[Self.chat] == expectedDayZero)
        #expect(dayZero[Scopes.org] == expectedDayZero)

        let dayOne = run.sums(from: Clock.minute(day: 1), to: Clock.minute(day: 2))
        #expect(dayOne[Self.chat] == dayOne[Scopes.org])
        #expect(dayOne[Self.chat]?[.fullResolutionSeconds] == 90_000)  // 25 h from creation
        #expect(dayOne[Self.chat]?[.slaKnown] == 1)
        #expect(dayOne[Self.chat]?[.slaMet] == nil)
        #expect(run.backlog(Self.chat, at: Clock.minute(day: 2)) == 0)
        #expect(run.backlog(Self.chat, at: Clock.minute(day: 1, 9, 30)) == 1)
    }

    @Test("a move between departments leaves the channel's backlog unchanged, as the organisation's")
    func movesDoNotTouchTheChannel() {
        var run = LedgerRun([.make(.created(channel: "chat", priority: ""), at: Clock.ms(day: 0, 9), by: .ann)])
        let changes = run.apply(.make(.assigned, at: Clock.ms(day: 0, 10), by: .cyd)) ?? []
        #expect(!changes.contains { $0.scope == Self.chat })
        #expect(run.backlog(Self.chat, at: Clock.minute(day: 1)) == 1)
    }

    @Test("a ticket created without a channel counts in no channel")
    func noChannel() {
        let run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        #expect(!run.deltas.contains { if case .channel = $0.scope { true } else { false } })
    }
}
