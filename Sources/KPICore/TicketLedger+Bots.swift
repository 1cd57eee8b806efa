/// Bot conversations and handoffs to humans: containment, escalation and handoff success.
///
/// A ticket has at most one bot conversation. Its outcome is counted where (bucket and scopes) the
/// conversation started, so containment and escalation come from one cohort and can never add up to more than
/// 100 %: a contained conversation that is later handed to a human moves from contained to escalated.
extension TicketLedger {
    /// A human must pick a handed-off conversation up within this for the handoff to count as a success.
    // TODO: per-department handoff targets come with SLA policies – issue 3.
    public static let handoffPickupTargetMs: Int64 = 15 * 60_000

    static func botStarted(_ ticket: inout TicketState, at minute: Int64) -> [CounterDelta] {
        guard ticket.bot == nil else { return [] }
        let countedAt = CountedAt(minute: minute, holder: ticket.holder)
        ticket.bot = BotConversation(countedAt: countedAt, outcome: .open)
        return deltas(.botConversations, 1, at: minute, ticket.holder)
    }

    static func botResolved(_ ticket: inout TicketState) -> [CounterDelta] {
        guard var bot = ticket.bot else { return [] }
        // Back with the bot after a handoff: that handoff did not succeed, and a later human resolution must not
        // make it one, so it is over.
        var changes = withdrawHandoffSuccess(&ticket)
        ticket.handoff = nil
        if bot.outcome == .open {
            bot.outcome = .contained
            changes += deltas(.botContained, 1, at: bot.countedAt.minute, bot.countedAt.holder)
        }
        ticket.bot = bot
        return changes
    }

    static func handedToHuman(_ ticket: inout TicketState, at ms: Int64) -> [CounterDelta] {
        guard var bot = ticket.bot else { return [] }
        var changes = withdrawHandoffSuccess(&ticket)
        switch bot.outcome {
        case .contained:
            changes += deltas(.botContained, -1, at: bot.countedAt.minute, bot.countedAt.holder)
            changes += deltas(.botEscalated, 1, at: bot.countedAt.minute, bot.countedAt.holder)
        case .open:
            changes += deltas(.botEscalated, 1, at: bot.countedAt.minute, bot.countedAt.holder)
        case .escalated:
            break
        }
        bot.outcome = .escalated
        ticket.bot = bot

        let minute = epochMinute(ofMs: ms)
        ticket.handoff = Handoff(countedAt: CountedAt(minute: minute, holder: ticket.holder), atMs: ms)
        return changes + deltas(.handoffs, 1, at: minute, ticket.holder)
    }

    /// The first human reply after a handoff decides whether it was picked up in time.
    static func pickUpHandoff(_ ticket: inout TicketState, at ms: Int64) {
        guard var handoff = ticket.handoff, handoff.pickedUpInTime == nil else { return }
        handoff.pickedUpInTime = ms - handoff.atMs <= handoffPickupTargetMs
        ticket.handoff = handoff
    }

    /// A human resolution after a handoff picked up in time makes it a success, counted where the handoff was.
    static func completeHandoff(_ ticket: inout TicketState) -> [CounterDelta] {
        guard var handoff = ticket.handoff, handoff.pickedUpInTime == true, !handoff.succeeded else { return [] }
        handoff.succeeded = true
        ticket.handoff = handoff
        return deltas(.handoffSuccesses, 1, at: handoff.countedAt.minute, handoff.countedAt.holder)
    }

    private static func withdrawHandoffSuccess(_ ticket: inout TicketState) -> [CounterDelta] {
        guard var handoff = ticket.handoff, handoff.succeeded else { return [] }
        handoff.succeeded = false
        ticket.handoff = handoff
        return deltas(.handoffSuccesses, -1, at: handoff.countedAt.minute, handoff.countedAt.holder)
    }
}
