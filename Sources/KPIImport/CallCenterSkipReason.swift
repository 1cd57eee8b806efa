/// Why the importer left out a row of the call-centre log. The raw value is the key in
/// ``CallCenterImportResult/skippedRows``.
public enum CallCenterSkipReason: String, Sendable, Hashable, CaseIterable {
    /// The header lacks a column the importer needs; every data row is skipped.
    case missingColumn = "missing_column"
    /// The row has another number of fields than the header.
    case wrongColumnCount = "wrong_column_count"
    /// `outcome` is `PHANTOM`: an artefact record of the switch, not a call.
    case phantom = "phantom"
    /// `outcome` is neither `AGENT`, `HANG` nor `PHANTOM`.
    case badOutcome = "bad_outcome"
    /// `vru+line` or `call_id` is empty.
    case emptyCallID = "empty_call_id"
    /// `date` is not a valid `YYMMDD` date.
    case badDate = "bad_date"
    /// A clock time is not a valid `H:MM:SS`.
    case badTime = "bad_time"
    /// `vru_time`, `q_time` or `ser_time` is not a whole number of seconds.
    case badDuration = "bad_duration"
    /// `(vru+line, call_id)` came earlier in the file; the first row wins.
    case duplicateCall = "duplicate_call"
}
