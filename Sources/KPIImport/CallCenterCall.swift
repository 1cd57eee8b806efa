import KPICore

extension CallCenterRow {
    /// Whether the call got past the VRU: it joined the agent queue (`q_start` happened or `q_time` > 0), was
    /// in service (`ser_time` > 0) or reached an agent (`AGENT`).
    var reachedHumans: Bool {
        queueStartMs != nil || queueSeconds > 0 || serviceSeconds > 0 || outcome == .agent
    }

    /// Whether a named agent served the call: `AGENT` and `server` is not `NO_SERVER`.
    var isServed: Bool { outcome == .agent && server != Self.noServer && !server.isEmpty }

    /// When the call left the VRU: `vru_exit`, or `vru_entry` when that did not happen.
    var vruEndMs: Int64 { vruExitMs ?? vruEntryMs }

    /// The last time of the call that happened, in the log's order: `ser_exit`, `q_exit`, `vru_exit`, `vru_entry`.
    var lastMs: Int64 { serviceExitMs ?? queueExitMs ?? vruEndMs }

    /// When service started: `ser_start`, or, when the log names an agent but no service time, the moment the
    /// call left the queue (or the VRU).
    var serviceBeginMs: Int64 { serviceStartMs ?? queueExitMs ?? vruEndMs }

    /// When service ended: `ser_exit`, or ``serviceBeginMs`` when that did not happen.
    var serviceEndMs: Int64 { serviceExitMs ?? serviceBeginMs }

    /// The ticket events of the call, in the order ``CallCenterImport`` documents.
    func events() -> [TicketEvent] {
        var events: [TicketEvent] = []
        func add(_ kind: TicketEventKind, at timeMs: Int64, agent: String = "") {
            events.append(
                TicketEvent(
                    eventID: "\(ticketID)/\(kind.name)",
                    ticketID: ticketID,
                    timeMs: timeMs,
                    department: serviceLine,
                    agent: agent,
                    kind: kind
                )
            )
        }

        add(.created(channel: CallCenterImport.channel, priority: priority), at: vruEntryMs)
        add(.botStarted, at: vruEntryMs)
        if reachedHumans {
            add(.handedToHuman(reason: CallCenterImport.handoffReason, confidence: 0), at: vruEndMs)
        }
        if isServed {
            let (start, end) = (serviceBeginMs, serviceEndMs)
            add(.firstResponse, at: start, agent: server)
            add(.agentWorked(startMs: start, endMs: end), at: end, agent: server)
            add(.resolved(sla: .unknown, firstContact: .yes), at: end, agent: server)
            add(.closed, at: end, agent: server)
        } else {
            add(.closed, at: lastMs)
        }
        return events
    }
}
