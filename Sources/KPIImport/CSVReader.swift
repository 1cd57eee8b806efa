/// One CSV record: the unescaped bytes of all its fields, back to back, and where each field ends.
///
/// A record is reused from row to row so reading a file allocates once per buffer, not once per field.
struct CSVRecord {
    /// The fields' bytes, quotes removed and doubled quotes collapsed.
    private(set) var storage: [UInt8] = []
    /// `fieldEnds[i]` is the end offset of field `i` in `storage`; field `i` starts where field `i - 1` ends.
    private(set) var fieldEnds: [Int] = []

    /// The number of fields.
    var count: Int { fieldEnds.count }

    /// The bytes of field `index`.
    subscript(index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return storage[start..<fieldEnds[index]]
    }

    /// Whether the record is an empty line: one field with no bytes.
    var isBlankLine: Bool { fieldEnds.count == 1 && storage.isEmpty }

    /// Field `index` as text (invalid UTF-8 is repaired with replacement characters).
    func string(at index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// Empties the record, keeping its buffers for the next one.
    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    /// Adds bytes to the field being read.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        storage.append(contentsOf: bytes)
    }

    /// Adds one byte to the field being read.
    mutating func append(_ byte: UInt8) {
        storage.append(byte)
    }

    /// Ends the field being read; the next bytes start a new one.
    mutating func endField() {
        fieldEnds.append(storage.count)
    }
}

/// Reads RFC 4180 CSV from bytes: fields separated by commas, records by CRLF, LF or a lone CR; a field in
/// double quotes may hold commas, line breaks and doubled quotes.
///
/// It is lenient where RFC 4180 leaves a file invalid: bytes after a closing quote are kept as part of the field,
/// a quote inside an unquoted field is an ordinary byte, and an unterminated quoted field runs to the end of
/// the input.
struct CSVReader {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let bytes: [UInt8]
    private var position = 0

    /// Prepares to read `bytes` from the start.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Replaces `record` with the next record.
    ///
    /// - Returns: `false` when the input is exhausted; a line break at the very end does not start a record.
    mutating func readRecord(into record: inout CSVRecord) -> Bool {
        guard position < bytes.count else { return false }
        record.removeAll()
        position = bytes.withUnsafeBufferPointer { buffer in
            Self.readRecord(from: buffer, at: position, into: &record)
        }
        return true
    }

    /// Reads fields from `start` until the end of the record and returns the offset after its line break.
    private static func readRecord(
        from buffer: UnsafeBufferPointer<UInt8>,
        at start: Int,
        into record: inout CSVRecord
    ) -> Int {
        var position = start
        while true {
            if position < buffer.count && buffer[position] == quote {
                position = readQuoted(from: buffer, at: position + 1, into: &record)
            }
            position = readUnquoted(from: buffer, at: position, into: &record)
            record.endField()

            guard position < buffer.count else { return position }
            switch buffer[position] {
            case comma:
                position += 1
            case carriageReturn:
                position += 1
                if position < buffer.count && buffer[position] == lineFeed { position += 1 }
                return position
            default:
                return position + 1
            }
        }
    }

    /// Appends the content of a quoted field that starts after its opening quote; returns the offset after the
    /// closing quote.
    private static func readQuoted(
        from buffer: UnsafeBufferPointer<UInt8>,
        at start: Int,
        into record: inout CSVRecord
    ) -> Int {
        var position = start
        while true {
            let closing = buffer[position...].firstIndex(of: quote) ?? buffer.count
            record.append(buffer[position..<closing])
            guard closing < buffer.count else { return closing }

            // A doubled quote stands for one quote; anything else after a quote ends the quoted part.
            position = closing + 1
            guard position < buffer.count && buffer[position] == quote else { return position }
            record.append(quote)
            position += 1
        }
    }

    /// Appends bytes up to the next comma or line break; returns the offset of that delimiter.
    private static func readUnquoted(
        from buffer: UnsafeBufferPointer<UInt8>,
        at start: Int,
        into record: inout CSVRecord
    ) -> Int {
        var end = start
        while end < buffer.count {
            let byte = buffer[end]
            if byte == comma || byte == lineFeed || byte == carriageReturn { break }
            end += 1
        }
        record.append(buffer[start..<end])
        return end
    }
}
