/// The fields of one export row that the importer uses, decoded.
struct ServiceNowRow {
    /// `number`, the incident (ticket) id.
    var number: String
    /// `sys_mod_count`, the running number of the update.
    var modCount: Int
    /// `sys_updated_at`, the time of the update: the time of the row's events.
    var updatedAtMs: Int64
    /// `nil` when the row's `opened_at` is unusable; only the incident's first row needs it.
    var openedAtMs: Int64?
    /// `incident_state` after the update, as written (`New`, `Active`, `Resolved`, `Closed`, …).
    var state: String
    /// `reassignment_count`: moves to another group or resolver so far.
    var reassignmentCount: Int
    /// `reopen_count`: reopens so far.
    var reopenCount: Int
    /// `made_sla`: `true`, `false`, or `nil` for anything else.
    var madeSLA: Bool?
    /// `assignment_group`, the department holding the incident ("" for `?`).
    var group: String
    /// `assigned_to`, the agent holding the incident ("" for `?`).
    var agent: String
    /// `contact_type` ("" for `?`).
    var channel: String
    /// `priority` ("" for `?`).
    var priority: String
    /// The row's position among the incident's rows in the file; breaks ties when sorting.
    var fileOrder: Int

    /// Whether the row comes before `other` in the incident's history: by `sys_mod_count`, then by
    /// `sys_updated_at` (the export repeats a few mod counts), then by file position.
    func precedes(_ other: ServiceNowRow) -> Bool {
        if modCount != other.modCount { return modCount < other.modCount }
        if updatedAtMs != other.updatedAtMs { return updatedAtMs < other.updatedAtMs }
        return fileOrder < other.fileOrder
    }

    /// Whether the row names another group or agent than `other`.
    func changesHolder(from other: ServiceNowRow) -> Bool {
        group != other.group || agent != other.agent
    }
}

/// Where the needed columns are in the export, found by header name.
struct ServiceNowColumns {
    /// The header names the importer needs.
    static let required = [
        "number", "incident_state", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
        "opened_at", "sys_updated_at", "contact_type", "priority", "assignment_group", "assigned_to",
    ]

    let number: Int
    let state: Int
    let reassignmentCount: Int
    let reopenCount: Int
    let modCount: Int
    let madeSLA: Int
    let openedAt: Int
    let updatedAt: Int
    let channel: Int
    let priority: Int
    let group: Int
    let agent: Int
    /// The number of fields in the header; every row must have as many.
    let count: Int

    /// Finds the columns in the header record.
    ///
    /// - Returns: the columns, or the names of the required columns the header lacks.
    static func find(in header: CSVRecord) -> Result<ServiceNowColumns, MissingColumns> {
        var indexByName: [String: Int] = [:]
        for index in 0..<header.count {
            var name = header.string(at: index)
            // A byte-order mark would otherwise stick to the first column's name.
            if index == 0 && name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if indexByName[name] == nil { indexByName[name] = index }
        }

        let missing = required.filter { indexByName[$0] == nil }
        guard missing.isEmpty else { return .failure(MissingColumns(names: missing)) }
        return .success(ServiceNowColumns(indexByName: indexByName, count: header.count))
    }

    private init(indexByName: [String: Int], count: Int) {
        // `find` checked that every required name is present.
        func index(_ name: String) -> Int { indexByName[name]! }
        number = index("number")
        state = index("incident_state")
        reassignmentCount = index("reassignment_count")
        reopenCount = index("reopen_count")
        modCount = index("sys_mod_count")
        madeSLA = index("made_sla")
        openedAt = index("opened_at")
        updatedAt = index("sys_updated_at")
        channel = index("contact_type")
        priority = index("priority")
        group = index("assignment_group")
        agent = index("assigned_to")
        self.count = count
    }

    /// Decodes a data row.
    ///
    /// - Returns: the row, or why it cannot be used.
    func decode(_ record: CSVRecord, fileOrder: Int) -> RowDecoding {
        guard record.count == count else { return .skipped(.wrongColumnCount) }
        let number = Self.value(record, number)
        guard number.isEmpty == false else { return .skipped(.emptyNumber) }
        guard let modCount = Self.integer(record[modCount]) else { return .skipped(.badModCount) }
        guard let updatedAtMs = ServiceNowTimestamp.unixMilliseconds(record[updatedAt]) else {
            return .skipped(.badUpdatedAt)
        }
        guard let reassignments = Self.integer(record[reassignmentCount]) else {
            return .skipped(.badReassignmentCount)
        }
        guard let reopens = Self.integer(record[reopenCount]) else { return .skipped(.badReopenCount) }

        let row = ServiceNowRow(
            number: number,
            modCount: modCount,
            updatedAtMs: updatedAtMs,
            openedAtMs: ServiceNowTimestamp.unixMilliseconds(record[openedAt]),
            state: record.string(at: state),
            reassignmentCount: reassignments,
            reopenCount: reopens,
            madeSLA: Self.boolean(record[madeSLA]),
            group: Self.value(record, group),
            agent: Self.value(record, agent),
            channel: Self.value(record, channel),
            priority: Self.value(record, priority),
            fileOrder: fileOrder
        )
        return .row(row)
    }

    /// A text field, with the export's `?` (no value) read as empty.
    private static func value(_ record: CSVRecord, _ index: Int) -> String {
        let bytes = record[index]
        if bytes.count == 1 && bytes.first == UInt8(ascii: "?") { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A non-negative decimal integer of at most 9 digits.
    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard (1...9).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    private static func boolean(_ bytes: ArraySlice<UInt8>) -> Bool? {
        if bytes.elementsEqual("true".utf8) { return true }
        if bytes.elementsEqual("false".utf8) { return false }
        return nil
    }
}

/// A decoded row, or why it cannot be used.
enum RowDecoding {
    /// The row can be used.
    case row(ServiceNowRow)
    /// The row is left out, for this reason.
    case skipped(ServiceNowSkipReason)
}

/// The required columns a header lacks.
struct MissingColumns: Error {
    /// The missing names, in the order of ``ServiceNowColumns/required``.
    var names: [String]
}
