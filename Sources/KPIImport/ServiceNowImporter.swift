import KPICore

/// Counts kept while importing a ServiceNow export.
public struct ServiceNowImportSummary: Sendable, Hashable {
    /// Data rows read, header and blank lines excluded.
    public var rowsRead = 0
    /// Incidents with at least one usable row, including those skipped for their opening time.
    public var incidents = 0
    /// Incidents left out entirely because their `opened_at` is unusable.
    public var incidentsSkipped = 0
    /// Events made, by ``TicketEventKind/name``.
    public var eventsByKind: [String: Int] = [:]
    /// Rows left out, by ``ServiceNowSkipReason`` raw value.
    public var skippedRows: [String: Int] = [:]
    /// Required columns the header lacks; when not empty, every row is skipped.
    public var missingColumns: [String] = []

    /// Creates an empty summary.
    public init() {}

    /// Counts `rows` rows as skipped for `reason`.
    mutating func skip(_ reason: ServiceNowSkipReason, rows: Int = 1) {
        skippedRows[reason.rawValue, default: 0] += rows
    }
}

/// Turns a ServiceNow incident audit export (UCI data set 498's `incident_event_log.csv` layout) into ticket
/// events, one incident at a time, so a caller can send batches while the file is still being read.
///
/// Works on the file's bytes and does no I/O. Rows that cannot be used are counted in ``summary`` by reason and
/// never stop the import. See ``ServiceNowImport`` for the mapping from rows to events.
public struct ServiceNowImporter: Sendable {
    private var reader: CSVReader
    private var record = CSVRecord()
    private var columns: ServiceNowColumns?
    private var hasReadHeader = false
    /// A row read ahead that starts the next incident.
    private var pendingRow: ServiceNowRow?
    /// Incidents already handed out, to catch rows that come back after their incident ended.
    private var finishedNumbers: Set<String> = []

    /// What has been read so far; complete once ``nextIncident()`` has returned `nil`.
    public private(set) var summary = ServiceNowImportSummary()

    /// Prepares to import the export in `bytes` (UTF-8 CSV with a header line).
    public init(bytes: [UInt8]) {
        reader = CSVReader(bytes: bytes)
    }

    /// The events of the next usable incident in file order.
    ///
    /// - Returns: the incident's events, or `nil` once the export is exhausted.
    public mutating func nextIncident() -> [TicketEvent]? {
        while let incident = nextRows() {
            summary.incidents += 1
            finishedNumbers.insert(incident.number)
            guard incident.openedAtMs != nil else {
                summary.incidentsSkipped += 1
                summary.skip(.badOpenedAt, rows: incident.rows.count)
                continue
            }

            let events = incident.events()
            for event in events { summary.eventsByKind[event.kind.name, default: 0] += 1 }
            return events
        }
        return nil
    }

    /// The events of up to `maxIncidents` next usable incidents.
    ///
    /// - Returns: the events, or `nil` once the export is exhausted.
    public mutating func nextBatch(maxIncidents: Int) -> [TicketEvent]? {
        precondition(maxIncidents > 0, "maxIncidents must be positive, got \(maxIncidents)")
        var batch: [TicketEvent] = []
        var taken = 0
        while taken < maxIncidents, let events = nextIncident() {
            batch.append(contentsOf: events)
            taken += 1
        }
        return taken == 0 ? nil : batch
    }

    /// Collects the consecutive usable rows of the next incident.
    private mutating func nextRows() -> ServiceNowIncident? {
        guard let first = pendingRow ?? nextUsableRow() else { return nil }
        pendingRow = nil
        var rows = [first]
        while let row = nextUsableRow() {
            guard row.number == first.number else {
                pendingRow = row
                break
            }
            rows.append(row)
        }
        return ServiceNowIncident(number: first.number, rows: rows)
    }

    /// Reads rows until one can be used, counting the others.
    private mutating func nextUsableRow() -> ServiceNowRow? {
        guard let columns = readHeaderIfNeeded() else {
            skipRemainingRows()
            return nil
        }
        while reader.readRecord(into: &record) {
            if record.isBlankLine { continue }
            summary.rowsRead += 1

            switch columns.decode(record, fileOrder: summary.rowsRead) {
            case .skipped(let reason):
                summary.skip(reason)
            case .row(let row) where finishedNumbers.contains(row.number):
                summary.skip(.incidentNotContiguous)
            case .row(let row):
                return row
            }
        }
        return nil
    }

    /// Reads the header line on first use.
    ///
    /// - Returns: the columns, or `nil` when the header lacks a required column or the input is empty.
    private mutating func readHeaderIfNeeded() -> ServiceNowColumns? {
        guard hasReadHeader == false else { return columns }
        hasReadHeader = true
        guard reader.readRecord(into: &record) else { return nil }

        switch ServiceNowColumns.find(in: record) {
        case .success(let found):
            columns = found
        case .failure(let missing):
            summary.missingColumns = missing.names
        }
        return columns
    }

    /// Counts every remaining row as skipped because the header is unusable.
    private mutating func skipRemainingRows() {
        while reader.readRecord(into: &record) {
            if record.isBlankLine { continue }
            summary.rowsRead += 1
            summary.skip(.missingColumn)
        }
    }
}
