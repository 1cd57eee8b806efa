import KPICore

/// Imports a whole ServiceNow incident audit export at once.
///
/// Each row is one update of an incident. Columns are found by header name; `?` means no value. Rows of an
/// incident (`number`) are consecutive and taken in `sys_mod_count` order (ties by `sys_updated_at`). Times are
/// `D/M/YYYY H:MM`, read as UTC. Every event carries its row's `assignment_group` (department) and `assigned_to`
/// (agent); `ticketID` is `number`. Per incident:
///
/// - `created` at `opened_at`, with the first row's holder, `contact_type` (channel) and `priority`;
/// - `assigned` at a row's `sys_updated_at` when its group or agent differs from the previous row's;
/// - `first_response` at the first row whose `incident_state` is not `New`;
/// - `reopened` at each row where `reopen_count` grows;
/// - `resolved` at each row where `incident_state` becomes `Resolved`, with the SLA from `made_sla` and
///   first contact when `reassignment_count` is 0;
/// - `closed` at each row where `incident_state` becomes `Closed`.
///
/// Within a row, events come in the order above. Event ids are `<number>/<kind>/<sys_mod_count>`, so importing
/// the same file twice sends the same ids.
public enum ServiceNowImport {
    /// Imports every incident of the export in `bytes`.
    public static func parse(_ bytes: [UInt8]) -> ServiceNowImportResult {
        var importer = ServiceNowImporter(bytes: bytes)
        var events: [TicketEvent] = []
        while let incidentEvents = importer.nextIncident() {
            events.append(contentsOf: incidentEvents)
        }
        return ServiceNowImportResult(events: events, summary: importer.summary)
    }
}

/// The events of a whole export and the counts kept while reading it.
public struct ServiceNowImportResult: Sendable, Hashable {
    /// Incident after incident in file order, each incident's events in the documented order.
    public var events: [TicketEvent]
    /// Rows, incidents, events by kind and skipped rows by reason.
    public var summary: ServiceNowImportSummary

    /// Creates a result.
    public init(events: [TicketEvent], summary: ServiceNowImportSummary) {
        self.events = events
        self.summary = summary
    }

    /// Data rows read, header and blank lines excluded.
    public var rowsRead: Int { summary.rowsRead }
    /// Incidents with at least one usable row.
    public var incidents: Int { summary.incidents }
    /// Events made, by kind name.
    public var eventsByKind: [String: Int] { summary.eventsByKind }
    /// Rows left out, by reason.
    public var skippedRows: [String: Int] { summary.skippedRows }
}
