/// One CSV record: where each field's bytes are.
///
/// An unquoted field is a range of the input itself; a quoted field is copied, unescaped, to a scratch buffer.
/// A record is reused from row to row, so reading a file allocates once per buffer, not once per field.
struct CSVRecord {
    /// Where one field's bytes are: `source[start..<end]`, or `unescaped[start..<end]` for a quoted field.
    private struct Span {
        var start: Int
        var end: Int
        var isUnescaped: Bool
    }

    /// The reader's input; shares its storage.
    private var source: [UInt8] = []
    /// The content of quoted fields, quotes removed and doubled quotes collapsed.
    private var unescaped: [UInt8] = []
    private var spans: [Span] = []

    /// The number of fields.
    var count: Int { spans.count }

    /// The bytes of field `index`.
    subscript(index: Int) -> ArraySlice<UInt8> {
        let span = spans[index]
        return span.isUnescaped ? unescaped[span.start..<span.end] : source[span.start..<span.end]
    }

    /// Whether the record is an empty line: one field with no bytes.
    var isBlankLine: Bool { spans.count == 1 && spans[0].start == spans[0].end }

    /// Field `index` as text (invalid UTF-8 is repaired with replacement characters).
    func string(at index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    /// Empties the record before reading a record of `input`, keeping its buffers.
    mutating func reset(input: [UInt8]) {
        source = input
        unescaped.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
    }

    /// Adds a field that is `source[range]` unchanged.
    mutating func appendField(sourceRange range: Range<Int>) {
        spans.append(Span(start: range.lowerBound, end: range.upperBound, isUnescaped: false))
    }

    /// Starts a field whose content is added with ``appendUnescaped(_:)``.
    mutating func startUnescapedField() {
        spans.append(Span(start: unescaped.count, end: unescaped.count, isUnescaped: true))
    }

    /// Adds bytes to the field started with ``startUnescapedField()``.
    mutating func appendUnescaped(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
        unescaped.append(contentsOf: bytes)
        spans[spans.count - 1].end = unescaped.count
    }
}

/// Reads RFC 4180 CSV from bytes: fields separated by commas (or another separator byte, such as a tab),
/// records by CRLF, LF or a lone CR; a field in double quotes may hold separators, line breaks and doubled quotes.
///
/// It is lenient where RFC 4180 leaves a file invalid: bytes after a closing quote are kept as part of the field,
/// a quote inside an unquoted field is an ordinary byte, and an unterminated quoted field runs to the end of
/// the input.
struct CSVReader {
    /// The default field separator.
    static let comma = UInt8(ascii: ",")
    /// The field separator of tab-separated values.
    static let tab = UInt8(ascii: "\t")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let bytes: [UInt8]
    private let separator: UInt8
    private var position = 0

    /// Prepares to read `bytes` from the start, splitting fields at `separator`.
    ///
    /// - Precondition: `separator` is neither a double quote nor a line break.
    init(bytes: [UInt8], separator: UInt8 = comma) {
        precondition(
            separator != Self.quote && separator != Self.lineFeed && separator != Self.carriageReturn,
            "a field separator cannot be a quote or a line break"
        )
        self.bytes = bytes
        self.separator = separator
    }

    /// Replaces `record` with the next record.
    ///
    /// - Returns: `false` when the input is exhausted; a line break at the very end does not start a record.
    mutating func readRecord(into record: inout CSVRecord) -> Bool {
        guard position < bytes.count else { return false }
        record.reset(input: bytes)
        position = bytes.withUnsafeBufferPointer { buffer in
            Self.readRecord(from: buffer, at: position, separator: separator, into: &record)
        }
        return true
    }

    /// Reads fields from `start` until the end of the record and returns the offset after its line break.
    private static func readRecord(
        from buffer: UnsafeBufferPointer<UInt8>,
        at start: Int,
        separator: UInt8,
        into record: inout CSVRecord
    ) -> Int {
        var position = start
        while true {
            if position < buffer.count && buffer[position] == quote {
                record.startUnescapedField()
                position = readQuoted(from: buffer, at: position + 1, into: &record)
                // Bytes between the closing quote and the delimiter are kept, as if they were quoted.
                let end = delimiter(in: buffer, from: position, separator: separator)
                record.appendUnescaped(buffer[position..<end])
                position = end
            } else {
                let end = delimiter(in: buffer, from: position, separator: separator)
                record.appendField(sourceRange: position..<end)
                position = end
            }

            guard position < buffer.count else { return position }
            switch buffer[position] {
            case separator:
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
            record.appendUnescaped(buffer[position..<closing])
            guard closing < buffer.count else { return closing }

            // A doubled quote stands for one quote; anything else after a quote ends the quoted part.
            position = closing + 1
            guard position < buffer.count && buffer[position] == quote else { return position }
            record.appendUnescaped(buffer[(position - 1)..<position])
            position += 1
        }
    }

    /// The offset of the next separator or line break at or after `start`, or the end of the input.
    private static func delimiter(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, separator: UInt8) -> Int {
        var end = start
        while end < buffer.count {
            let byte = buffer[end]
            if byte == separator || byte == lineFeed || byte == carriageReturn { break }
            end += 1
        }
        return end
    }
}
