import KPICore

/// Counts kept while importing a call-centre log.
public struct CallCenterImportSummary: Sendable, Hashable {
    /// Data rows read, header and blank lines excluded.
    public var rowsRead = 0
    /// Calls imported (rows that made events).
    public var calls = 0
    /// Events made, by ``TicketEventKind/name``.
    public var eventsByKind: [String: Int] = [:]
    /// Rows left out, by ``CallCenterSkipReason`` raw value.
    public var skippedRows: [String: Int] = [:]
    /// Required columns the header lacks; when not empty, every row is skipped.
    public var missingColumns: [String] = []

    /// Creates an empty summary.
    public init() {}

    mutating func skip(_ reason: CallCenterSkipReason) {
        skippedRows[reason.rawValue, default: 0] += 1
    }
}

/// Turns the "Anonymous Bank" call-centre log (tab-separated, one row per call) into ticket events, one call at a
/// time, so a caller can send batches while the file is still being read.
///
/// Works on the file's bytes and does no I/O. Rows that cannot be used are counted in ``summary`` by reason and
/// never stop the import. See ``CallCenterImport`` for the mapping from calls to events.
public struct CallCenterImporter: Sendable {
    private var reader: CSVReader
    private var record = CSVRecord()
    private var columns: CallCenterColumns?
    private var hasReadHeader = false
    private var seenTickets: Set<String> = []

    /// What has been read so far; complete once ``nextCall()`` has returned `nil`.
    public private(set) var summary = CallCenterImportSummary()

    /// Prepares to import the log in `bytes` (tab-separated, with a header line).
    public init(bytes: [UInt8]) {
        reader = CSVReader(bytes: bytes, separator: CSVReader.tab)
    }

    /// The events of the next usable call in file order, or `nil` once the log is exhausted.
    public mutating func nextCall() -> [TicketEvent]? {
        guard let row = nextRow() else { return nil }
        summary.calls += 1
        let events = row.events()
        for event in events { summary.eventsByKind[event.kind.name, default: 0] += 1 }
        return events
    }

    /// The events of up to `maxCalls` next usable calls, or `nil` once the log is exhausted.
    public mutating func nextBatch(maxCalls: Int) -> [TicketEvent]? {
        precondition(maxCalls > 0, "maxCalls must be positive, got \(maxCalls)")
        var batch: [TicketEvent] = []
        var taken = 0
        while taken < maxCalls, let events = nextCall() {
            batch.append(contentsOf: events)
            taken += 1
        }
        return taken == 0 ? nil : batch
    }

    /// Reads rows until one can be used, counting the others.
    private mutating func nextRow() -> CallCenterRow? {
        if !hasReadHeader { readHeader() }
        while reader.readRecord(into: &record) {
            if record.isBlankLine { continue }
            summary.rowsRead += 1
            guard let columns else {
                summary.skip(.missingColumn)
                continue
            }
            switch columns.decode(record) {
            case .skipped(let reason):
                summary.skip(reason)
            case .row(let row):
                guard seenTickets.insert(row.ticketID).inserted else {
                    summary.skip(.duplicateCall)
                    continue
                }
                return row
            }
        }
        return nil
    }

    private mutating func readHeader() {
        hasReadHeader = true
        guard reader.readRecord(into: &record) else { return }
        switch CallCenterColumns.find(in: record) {
        case .success(let found): columns = found
        case .failure(let missing): summary.missingColumns = missing.names
        }
    }
}
