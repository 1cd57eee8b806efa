import KPICore

/// Imports a whole "Anonymous Bank" call-centre log (Technion SEE lab, 1999) at once.
///
/// The log is tab-separated, one row per call, columns found by header name. One call is one ticket, id
/// `<vru+line>/<call_id>`. Clock times are `H:MM:SS` on the day `date` (`YYMMDD`, 1900s), read as UTC (they are
/// the centre's local time); `0:00:00` with a zero duration means the step did not happen. A time more than
/// 12 hours before `vru_entry` is on the next day (the call crossed midnight): the log's times are not always in
/// order within a call (`ser_start` is often a second or more before `q_exit`, `vru_exit` before `vru_entry` in a
/// few rows), so "earlier than the previous time" would be wrong. `PHANTOM` rows are skipped, as are rows that
/// cannot be read (counted by ``CallCenterSkipReason``). Every event names the service line (`type`) as its
/// department. Per call:
///
/// - `created` at `vru_entry`, agent none, channel `phone`, priority `priority`;
/// - `bot_started` at `vru_entry` (the VRU is the automated part);
/// - `handed_to_human` (customer asked) at `vru_exit` when the call got past the VRU: it joined the queue
///   (`q_start` happened or `q_time` > 0), was in service (`ser_time` > 0) or reached an agent (`AGENT`);
/// - served (`AGENT` and `server` is not `NO_SERVER`): `first_response` at `ser_start`, `agent_worked`
///   `[ser_start, ser_exit]` at `ser_exit`, `resolved` (SLA unknown, first contact) and `closed` at `ser_exit`,
///   all with `server` as agent. A served call with no service times (`0:00:00`, 0 s) is served at the moment it
///   left the queue (or the VRU), for 0 s;
/// - otherwise (`HANG`, or `AGENT` with `NO_SERVER`): `closed` at the call's last time that happened
///   (`ser_exit`, else `q_exit`, else `vru_exit`): an abandoned call, never resolved.
///
/// Event ids are `<ticket>/<kind>`, so importing the same file twice sends the same ids.
public enum CallCenterImport {
    /// The channel of every call.
    public static let channel = "phone"
    /// Why the VRU hands a call over: the caller chose to talk to an agent.
    public static let handoffReason = HandoffReason.customerAsked

    /// Imports every call of the log in `bytes`.
    public static func parse(_ bytes: [UInt8]) -> CallCenterImportResult {
        var importer = CallCenterImporter(bytes: bytes)
        var events: [TicketEvent] = []
        while let callEvents = importer.nextCall() {
            events.append(contentsOf: callEvents)
        }
        return CallCenterImportResult(events: events, summary: importer.summary)
    }
}

/// The events of a whole log and the counts kept while reading it.
public struct CallCenterImportResult: Sendable, Hashable {
    /// Call after call in file order, each call's events in the documented order.
    public var events: [TicketEvent]
    /// Rows, calls, events by kind and skipped rows by reason.
    public var summary: CallCenterImportSummary

    /// Creates a result.
    public init(events: [TicketEvent], summary: CallCenterImportSummary) {
        self.events = events
        self.summary = summary
    }

    /// Data rows read, header and blank lines excluded.
    public var rowsRead: Int { summary.rowsRead }
    /// Calls that made events.
    public var calls: Int { summary.calls }
    /// Events made, by kind name.
    public var eventsByKind: [String: Int] { summary.eventsByKind }
    /// Rows left out, by reason.
    public var skippedRows: [String: Int] { summary.skippedRows }
}
