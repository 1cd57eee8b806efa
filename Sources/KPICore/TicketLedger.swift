/// The result of applying one event to a ticket.
public enum LedgerOutcome: Sendable, Hashable {
    /// The event is valid: the ticket's new state and the counter changes it causes.
    case applied(TicketState, [CounterDelta])
    /// The event cannot apply to the ticket as it stands; the reason is meant for the caller.
    case rejected(String)
}

/// The ticket KPI rules of `docs/kpi-definitions.md`: how each event changes a ticket and its counters.
///
/// Pure: no I/O, no clock. The store loads the state, applies events in order and saves the result.
public enum TicketLedger {
    /// Applies `event` to the ticket's state (`nil` when kpid has not seen the ticket).
    public static func apply(_ event: TicketEvent, to state: TicketState?) -> LedgerOutcome {
        let minute = epochMinute(ofMs: event.timeMs)
        let holder = TicketHolder(department: event.department, agent: event.agent)
        guard var ticket = state else {
            guard case .created = event.kind else {
                return .rejected("ticket \(event.ticketID) is unknown: send its created event first")
            }
            var ticket = TicketState(createdMs: event.timeMs, holder: holder)
            if case .created(let channel, _) = event.kind { ticket.channel = channel }
            let deltas =
                deltas(.ticketsCreated, 1, at: minute, holder)
                + deltas(.openDelta, 1, at: minute, holder)
            return .applied(ticket, withChannel(deltas, ticket.channel))
        }
        if case .created = event.kind {
            return .rejected("ticket \(event.ticketID) was already created by another event")
        }

        if let problem = missingAgent(event) { return .rejected(problem) }

        // An event that names another holder moves the ticket there first. Customers' messages, survey answers
        // and bot events come from tools that may not know the holder: for them an empty holder means
        // "unchanged". Work and QA events name the agent they are about, never the holder.
        let statesHolder = event.kind.isWorkflow || !holder.department.isEmpty || !holder.agent.isEmpty
        var changes = statesHolder && !event.kind.namesSubjectAgent ? move(&ticket, to: holder, at: minute) : []
        switch event.kind {
        case .created, .assigned:
            break
        case .firstResponse, .agentReplied:
            changes += reply(&ticket, at: event.timeMs)
            pickUpHandoff(&ticket, at: event.timeMs)
        case .agentWorked(let startMs, let endMs):
            guard endMs >= startMs else {
                return .rejected("agent_worked: end_ms must not be before start_ms")
            }
            guard endMs - startMs <= maxWorkIntervalMs else {
                return .rejected("agent_worked: an interval may be at most 24 hours; report longer work as several")
            }
            guard ticket.workedAgents.contains(event.agent) || ticket.workedAgents.count < maxWorkedAgentsPerTicket
            else {
                return .rejected(
                    "agent_worked: ticket \(event.ticketID) already has work from \(maxWorkedAgentsPerTicket) agents"
                )
            }
            changes += work(&ticket, by: subject(of: event, in: ticket), seconds: (endMs - startMs) / 1000, at: minute)
        case .qaReviewed(let review):
            // Decoding already refuses such reviews; this keeps a NaN score out of the counters whatever the source.
            if let problem = review.problem { return .rejected(problem) }
            changes += deltas(.qaReviews, 1, at: minute, subject(of: event, in: ticket))
            changes += deltas(.qaScoreHundredths, review.scoreHundredths, at: minute, subject(of: event, in: ticket))
        case .automationReviewed(_, let correct):
            changes += deltas(.automationReviewed, 1, at: minute, ticket.holder)
            if correct { changes += deltas(.automationCorrect, 1, at: minute, ticket.holder) }
        case .botStarted:
            changes += botStarted(&ticket, at: minute)
        case .botResolved:
            guard ticket.bot != nil else { return .rejected(noBotConversation(event)) }
            changes += botResolved(&ticket)
        case .handedToHuman:
            guard ticket.bot != nil else { return .rejected(noBotConversation(event)) }
            changes += handedToHuman(&ticket, at: event.timeMs)
        case .customerMessage:
            customerMessage(&ticket, at: event.timeMs)
        case .surveyAnswered(let answer):
            changes += survey(&ticket, answer, at: minute)
        case .resolved(let sla, let firstContact):
            guard ticket.isOpen else {
                return .rejected("ticket \(event.ticketID) is not open: send reopened before resolving it again")
            }
            changes += resolve(&ticket, at: event.timeMs, sla: sla, firstContact: firstContact)
            changes += completeHandoff(&ticket)
        case .reopened:
            guard !ticket.isOpen else {
                return .rejected("ticket \(event.ticketID) is already open: only a resolved ticket can be reopened")
            }
            changes += reopen(&ticket, at: minute)
        case .closed:
            changes += close(&ticket, at: minute)
        }
        return .applied(ticket, withChannel(changes, ticket.channel))
    }

    /// Every figure counted for the organisation also counts for the ticket's channel: same bucket, same sign,
    /// withdrawals included. Moves between holders leave the organisation (and so the channel) unchanged.
    private static func withChannel(_ changes: [CounterDelta], _ channel: String) -> [CounterDelta] {
        guard !channel.isEmpty else { return changes }
        return changes
            + changes.compactMap { change in
                guard change.scope == .organization else { return nil }
                var mirrored = change
                mirrored.scope = .channel(channel)
                return mirrored
            }
    }

    /// The epoch minute of a Unix time in milliseconds, rounding down (also before 1970).
    public static func epochMinute(ofMs ms: Int64) -> Int64 {
        ms >= 0 ? ms / 60_000 : -((-ms + 59_999) / 60_000)
    }

    /// Whole seconds from the ticket's creation to `ms`, never below 0 (clock skew between sources).
    static func secondsSinceCreation(_ ticket: TicketState, to ms: Int64) -> Int64 {
        clampedSeconds(ms - ticket.createdMs)
    }

    /// Any duration counted at most this long (100 years), so that no run of events, however absurd their
    /// times, can push a counter past Int64 (which Redis would refuse halfway through a batch).
    public static let maxDurationSeconds: Int64 = 100 * 366 * 86_400

    /// Whole seconds of a span of milliseconds, between 0 and `maxDurationSeconds`.
    static func clampedSeconds(_ ms: Int64) -> Int64 {
        min(max(0, ms / 1000), maxDurationSeconds)
    }

    /// One `agent_worked` interval may be at most this long; longer work is reported as several intervals.
    public static let maxWorkIntervalMs: Int64 = 24 * 3_600_000

    /// Distinct agents whose work one ticket keeps track of (handle time counts each pair once).
    public static let maxWorkedAgentsPerTicket = 256

    static func deltas(
        _ counter: KPICounter,
        _ delta: Int64,
        at minute: Int64,
        _ holder: TicketHolder
    ) -> [CounterDelta] {
        holder.scopes.map { CounterDelta(scope: $0, minute: minute, counter: counter, delta: delta) }
    }

    /// A duration's histogram change: `sign` in the bin of `seconds`, in every scope of `holder`.
    static func histogram(
        _ counter: KPICounter,
        _ seconds: Int64,
        _ sign: Int64,
        at minute: Int64,
        _ holder: TicketHolder
    ) -> [CounterDelta] {
        let bin = DurationHistogram.bin(seconds: seconds)
        return holder.scopes.map { CounterDelta(scope: $0, minute: minute, counter: counter, delta: sign, bin: bin) }
    }

    /// Events about an agent's own action must name the agent.
    private static func missingAgent(_ event: TicketEvent) -> String? {
        guard event.agent.isEmpty else { return nil }
        switch event.kind {
        case .agentReplied: return "agent_replied needs the replying agent in agent"
        case .agentWorked: return "agent_worked needs the agent who worked in agent"
        case .qaReviewed: return "qa_reviewed needs the reviewed agent in agent"
        default: return nil
        }
    }

    /// The agent an event is about, in the event's department or else the ticket's.
    private static func subject(of event: TicketEvent, in ticket: TicketState) -> TicketHolder {
        TicketHolder(
            department: event.department.isEmpty ? ticket.holder.department : event.department,
            agent: event.agent
        )
    }

    private static func noBotConversation(_ event: TicketEvent) -> String {
        "ticket \(event.ticketID) has no bot conversation: send bot_started first"
    }

    private static func work(
        _ ticket: inout TicketState,
        by worker: TicketHolder,
        seconds: Int64,
        at minute: Int64
    )
        -> [CounterDelta]
    {
        var changes = deltas(.handleSeconds, seconds, at: minute, worker)
        if ticket.workedAgents.insert(worker.agent).inserted {
            changes += deltas(.handledTickets, 1, at: minute, worker)
        }
        return changes
    }

    private static func move(_ ticket: inout TicketState, to holder: TicketHolder, at minute: Int64) -> [CounterDelta] {
        guard holder != ticket.holder else { return [] }
        var changes: [CounterDelta] = []
        if ticket.isOpen {
            changes += deltas(.openDelta, -1, at: minute, ticket.holder)
            changes += deltas(.openDelta, 1, at: minute, holder)
        }
        if ticket.holder.isReassignment(to: holder) {
            ticket.wasReassigned = true
        }
        ticket.holder = holder
        return changes.cancellingOut()
    }

    /// A public human reply: the first one is the first response; one that answers a waiting customer counts
    /// as reply time.
    private static func reply(_ ticket: inout TicketState, at ms: Int64) -> [CounterDelta] {
        let minute = epochMinute(ofMs: ms)
        var changes: [CounterDelta] = []
        if !ticket.hasFirstResponse {
            ticket.hasFirstResponse = true
            changes += deltas(.firstResponseCount, 1, at: minute, ticket.holder)
            let seconds = secondsSinceCreation(ticket, to: ms)
            changes += deltas(.firstResponseSeconds, seconds, at: minute, ticket.holder)
            changes += histogram(.firstResponseCount, seconds, 1, at: minute, ticket.holder)
        }
        if let waitingSince = ticket.waitingSinceMs {
            changes += deltas(.replyCount, 1, at: minute, ticket.holder)
            let seconds = clampedSeconds(ms - waitingSince)
            changes += deltas(.replySeconds, seconds, at: minute, ticket.holder)
            changes += histogram(.replyCount, seconds, 1, at: minute, ticket.holder)
        }
        ticket.waitingSinceMs = nil
        ticket.lastResponder = ticket.holder
        return changes
    }

    /// The customer's first message after a reply starts the reply-time clock; before the first response,
    /// first response time already covers the wait.
    private static func customerMessage(_ ticket: inout TicketState, at ms: Int64) {
        guard ticket.isOpen, ticket.hasFirstResponse, ticket.waitingSinceMs == nil else { return }
        ticket.waitingSinceMs = ms
    }

    /// A survey answer, credited to the last human who replied before the resolution (or before now, for an
    /// open ticket); a second answer of the same kind replaces the first where it was counted.
    private static func survey(_ ticket: inout TicketState, _ answer: SurveyAnswer, at minute: Int64) -> [CounterDelta]
    {
        var changes: [CounterDelta] = []
        if let previous = ticket.surveys[answer.kind] {
            changes += surveyDeltas(previous, sign: -1)
        }
        let credited = ticket.responderAtResolution ?? ticket.lastResponder ?? ticket.holder
        let counted = CountedSurvey(countedAt: CountedAt(minute: minute, holder: credited), answer: answer)
        changes += surveyDeltas(counted, sign: 1)
        ticket.surveys[answer.kind] = counted
        return changes.cancellingOut()
    }

    private static func surveyDeltas(_ survey: CountedSurvey, sign: Int64) -> [CounterDelta] {
        let minute = survey.countedAt.minute
        let holder = survey.countedAt.holder
        let answer = survey.answer
        func count(_ counter: KPICounter, _ value: Int64 = 1) -> [CounterDelta] {
            deltas(counter, sign * value, at: minute, holder)
        }
        switch answer.kind {
        case .csat:
            return count(.csatResponses) + (answer.score >= 4 ? count(.csatSatisfied) : [])
        case .nps:
            return count(.npsResponses) + (answer.score >= 9 ? count(.npsPromoters) : [])
                + (answer.score <= 6 ? count(.npsDetractors) : [])
        case .ces:
            return count(.cesResponses) + count(.cesMilliPoints, answer.cesMilliPoints)
                + (answer.isLowEffort ? count(.cesLowEffort) : [])
        }
    }

    private static func resolve(
        _ ticket: inout TicketState,
        at ms: Int64,
        sla: SLAOutcome,
        firstContact: FirstContact
    ) -> [CounterDelta] {
        let minute = epochMinute(ofMs: ms)
        let seconds = secondsSinceCreation(ticket, to: ms)
        let here = CountedAt(minute: minute, holder: ticket.holder)
        var changes =
            deltas(.resolutions, 1, at: minute, ticket.holder)
            + deltas(.openDelta, -1, at: minute, ticket.holder)
        ticket.isOpen = false
        ticket.waitingSinceMs = nil
        ticket.responderAtResolution = ticket.lastResponder ?? ticket.holder

        if !ticket.hasBeenResolved {
            ticket.hasBeenResolved = true
            changes += deltas(.firstResolutionCount, 1, at: minute, ticket.holder)
            changes += deltas(.firstResolutionSeconds, seconds, at: minute, ticket.holder)
            changes += histogram(.firstResolutionCount, seconds, 1, at: minute, ticket.holder)
            let isFirstContact = firstContact == .yes || (firstContact == .unknown && !ticket.wasReassigned)
            if isFirstContact {
                changes += deltas(.firstContactResolutions, 1, at: minute, ticket.holder)
                ticket.firstContactCredit = here
            }
        }

        // The full resolution moves to this resolution: withdraw the previous one where it was counted.
        if let previous = ticket.latestResolution {
            changes += fullResolutionDeltas(previous, sign: -1)
        }
        let latest = LatestResolution(countedAt: here, seconds: seconds, sla: sla)
        changes += fullResolutionDeltas(latest, sign: 1)
        ticket.latestResolution = latest
        return changes
    }

    private static func fullResolutionDeltas(_ resolution: LatestResolution, sign: Int64) -> [CounterDelta] {
        let minute = resolution.countedAt.minute
        let holder = resolution.countedAt.holder
        var changes =
            deltas(.fullResolutionCount, sign, at: minute, holder)
            + deltas(.fullResolutionSeconds, sign * resolution.seconds, at: minute, holder)
            + histogram(.fullResolutionCount, resolution.seconds, sign, at: minute, holder)
        if resolution.sla != .unknown {
            changes += deltas(.slaKnown, sign, at: minute, holder)
            if resolution.sla == .met {
                changes += deltas(.slaMet, sign, at: minute, holder)
            }
        }
        return changes
    }

    private static func reopen(_ ticket: inout TicketState, at minute: Int64) -> [CounterDelta] {
        var changes =
            deltas(.ticketsReopened, 1, at: minute, ticket.holder)
            + deltas(.openDelta, 1, at: minute, ticket.holder)
        // Closed no more; `hasBeenClosed` stays set, so a later close is not counted again.
        ticket.isOpen = true
        ticket.isClosed = false
        if let credit = ticket.firstContactCredit {
            changes += deltas(.firstContactResolutions, -1, at: credit.minute, credit.holder)
            ticket.firstContactCredit = nil
        }
        return changes
    }

    /// `tickets_closed` counts a ticket's first close only, even when a reopen came in between; a close of a
    /// reopened ticket still takes it out of the backlog.
    private static func close(_ ticket: inout TicketState, at minute: Int64) -> [CounterDelta] {
        guard !ticket.isClosed else { return [] }
        var changes: [CounterDelta] = []
        if !ticket.hasBeenClosed {
            changes += deltas(.ticketsClosed, 1, at: minute, ticket.holder)
        }
        if ticket.isOpen {
            changes += deltas(.openDelta, -1, at: minute, ticket.holder)
            ticket.isOpen = false
        }
        ticket.isClosed = true
        ticket.hasBeenClosed = true
        return changes
    }
}

extension [CounterDelta] {
    /// Merges changes to the same counter, scope and minute, dropping those that add up to zero: moving an
    /// open ticket between two holders that share a scope (the organisation, say) leaves that scope as it was.
    func cancellingOut() -> [CounterDelta] {
        var order: [CounterDelta] = []
        var totals: [CounterDelta: Int64] = [:]
        for change in self {
            var key = change
            key.delta = 0
            if totals[key] == nil { order.append(key) }
            totals[key, default: 0] += change.delta
        }
        return order.compactMap { key in
            guard let total = totals[key], total != 0 else { return nil }
            var change = key
            change.delta = total
            return change
        }
    }
}
