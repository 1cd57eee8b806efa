/// Why the importer left out a row of the export. The raw value is the key in
/// ``ServiceNowImportResult/skippedRows``.
public enum ServiceNowSkipReason: String, Sendable, Hashable, CaseIterable {
    /// The header lacks a column the importer needs; every data row is skipped.
    case missingColumn = "missing_column"
    /// The row has another number of fields than the header.
    case wrongColumnCount = "wrong_column_count"
    /// `number` is empty or `?`.
    case emptyNumber = "empty_number"
    /// `sys_mod_count` is not a whole number.
    case badModCount = "bad_sys_mod_count"
    /// `sys_updated_at` is not a valid `D/M/YYYY H:MM` time.
    case badUpdatedAt = "bad_sys_updated_at"
    /// `reassignment_count` is not a whole number.
    case badReassignmentCount = "bad_reassignment_count"
    /// `reopen_count` is not a whole number.
    case badReopenCount = "bad_reopen_count"
    /// The incident's `opened_at` is not a valid time, so none of its rows can be used.
    case badOpenedAt = "bad_opened_at"
    /// The row belongs to an incident whose rows ended earlier in the file; rows of an incident must be
    /// consecutive.
    case incidentNotContiguous = "incident_not_contiguous"
}
