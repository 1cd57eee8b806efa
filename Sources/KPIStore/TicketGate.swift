/// Lets one recording at a time work on a ticket within one event loop, in arrival order.
///
/// Without it, two calls in flight with events of the same ticket (say `created`, then `assigned` sent right
/// after without waiting) would both read the ticket before either saved it, and the second would find no
/// ticket. Across replicas the version check in the commit script still catches conflicts.
/// Confined to the loop thread.
final class TicketGate {
    /// Tickets in use, each with the recordings waiting for it.
    private var waiting: [String: [() -> Void]] = [:]

    /// Runs `body` now if nobody holds the ticket, or once every earlier holder has released it.
    func acquire(_ ticketID: String, _ body: @escaping () -> Void) {
        if waiting[ticketID] != nil {
            waiting[ticketID, default: []].append(body)
        } else {
            waiting[ticketID] = []
            body()
        }
    }

    /// Hands the ticket to the next waiter, if any.
    func release(_ ticketID: String) {
        guard var queue = waiting[ticketID] else { return }
        guard !queue.isEmpty else {
            waiting[ticketID] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[ticketID] = queue
        next()
    }

    /// Tickets currently held (for tests and metrics).
    var heldCount: Int { waiting.count }
}
