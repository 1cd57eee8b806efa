import KPICore

/// One incident's usable rows, in history order, and the ticket events they make.
struct ServiceNowIncident {
    /// The incident's `number`, used as the ticket id.
    let number: String
    /// Sorted with ``ServiceNowRow/precedes(_:)``; never empty.
    let rows: [ServiceNowRow]

    /// Sorts `rows` into history order.
    ///
    /// - Precondition: `rows` is not empty and every row has `number`.
    init(number: String, rows: [ServiceNowRow]) {
        precondition(rows.isEmpty == false, "incident \(number) has no rows")
        self.number = number
        self.rows = rows.sorted { $0.precedes($1) }
    }

    /// When the incident was opened, from its first row; `nil` when that is unusable.
    var openedAtMs: Int64? { rows[0].openedAtMs }

    /// The ticket events of the incident, in the order the importer documents.
    ///
    /// - Precondition: ``openedAtMs`` is not `nil`.
    func events() -> [TicketEvent] {
        guard let openedAtMs else { preconditionFailure("incident \(number) has no opening time") }
        var builder = EventBuilder(number: number)
        let first = rows[0]
        builder.append(.created(channel: first.channel, priority: first.priority), at: openedAtMs, row: first)

        var previous: ServiceNowRow?
        var hasFirstResponse = false
        for row in rows {
            builder.startRow(row)
            if let previous, row.changesHolder(from: previous) {
                builder.append(.assigned, at: row.updatedAtMs, row: row)
            }
            if hasFirstResponse == false && row.state != "New" {
                hasFirstResponse = true
                builder.append(.firstResponse, at: row.updatedAtMs, row: row)
            }
            if let previous, row.reopenCount > previous.reopenCount {
                builder.append(.reopened, at: row.updatedAtMs, row: row)
            }

            if row.state == "Resolved" && previous?.state != "Resolved" {
                builder.append(
                    .resolved(sla: row.slaOutcome, firstContact: row.firstContact),
                    at: row.updatedAtMs,
                    row: row
                )
            }
            if row.state == "Closed" && previous?.state != "Closed" {
                builder.append(.closed, at: row.updatedAtMs, row: row)
            }
            previous = row
        }
        return builder.events
    }
}

extension ServiceNowRow {
    /// `made_sla` on a resolving row: the SLA was met unless the row says it was breached.
    fileprivate var slaOutcome: SLAOutcome {
        switch madeSLA {
        case true?: .met
        case false?: .breached
        case nil: .unknown
        }
    }

    /// A resolution is first-contact when the incident was never reassigned before it.
    fileprivate var firstContact: FirstContact { reassignmentCount == 0 ? .yes : .no }
}

/// Collects an incident's events and gives them ids `<number>/<kind>/<sys_mod_count>`.
///
/// The export repeats a few mod counts within an incident; the second row with a mod count gets the suffix `.1`,
/// the third `.2`, and so on, so ids stay unique and the same file always yields the same ids.
private struct EventBuilder {
    let number: String
    private(set) var events: [TicketEvent] = []
    private var previousModCount: Int?
    private var repeatIndex = 0
    private var rowTag = ""

    init(number: String) {
        self.number = number
    }

    /// Makes `row` the source of the next events' ids.
    mutating func startRow(_ row: ServiceNowRow) {
        repeatIndex = row.modCount == previousModCount ? repeatIndex + 1 : 0
        previousModCount = row.modCount
        rowTag = repeatIndex == 0 ? "\(row.modCount)" : "\(row.modCount).\(repeatIndex)"
    }

    /// Adds an event of `kind` at `timeMs`, held by `row`'s group and agent.
    mutating func append(_ kind: TicketEventKind, at timeMs: Int64, row: ServiceNowRow) {
        // `created` comes before the first row is started and takes that row's mod count.
        let tag = rowTag.isEmpty ? "\(row.modCount)" : rowTag
        let event = TicketEvent(
            eventID: "\(number)/\(kind.name)/\(tag)",
            ticketID: number,
            timeMs: timeMs,
            department: row.group,
            agent: row.agent,
            kind: kind
        )
        events.append(event)
    }
}
