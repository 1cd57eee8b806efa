/// A read-only walk over protobuf wire bytes, for what protobuf-c hides: string fields with a
/// NUL byte inside.
///
/// protobuf-c NUL-terminates strings without checking them, so `"a\0b"` reaches C as `"a"`.
/// Scanning the raw bytes is the only way to see the difference. The scan reads lengths only; it
/// allocates one small array.
struct WireScan {
    /// For each `events` entry of a `RecordEventsRequest`, in order, the string fields that hold
    /// a NUL byte.
    ///
    /// Returns nil when the bytes do not parse; protobuf-c then rejects them too.
    static func eventFieldsWithNUL(inRecordEventsRequest bytes: [UInt8]) -> [[String]]? {
        var result: [[String]] = []
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            forEachField(in: buffer[...]) { number, value in
                guard number == 1, let value else { return true }
                guard let fields = nulFields(inEvent: value) else { return false }
                result.append(fields)
                return true
            }
        }
        return parsed ? result : nil
    }

    /// The names of the event's string fields (and its `ticket_created` strings) that contain
    /// a NUL byte.
    private static func nulFields(inEvent bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [String]? {
        let names: [UInt64: String] = [1: "event_id", 2: "ticket_id", 4: "department", 5: "agent"]
        var fields: [String] = []
        let parsed = forEachField(in: bytes) { number, value in
            guard let value else { return true }
            if let name = names[number], value.contains(0) {
                fields.append(name)
            } else if number == 10 {
                let created = forEachField(in: value) { inner, innerValue in
                    if let innerValue, inner == 1 || inner == 2, innerValue.contains(0) {
                        fields.append(inner == 1 ? "ticket_created.channel" : "ticket_created.priority")
                    }
                    return true
                }
                return created
            } else if number == 23, hasNUL(in: value, path: [1]) == true {
                fields.append("automation_reviewed.subject")
            } else if number == 24, hasNUL(in: value, path: [1, 1]) == true {
                fields.append("qa_reviewed.categories.name")
            }
            return true
        }
        return parsed ? fields : nil
    }

    /// Refuses a request whose string fields at `paths` (field numbers through nested messages, each with the
    /// field's name) hold a NUL byte: protobuf-c would silently cut them there.
    static func refuseNUL(_ bytes: [UInt8], at paths: [([UInt64], String)], in messageType: String) throws(MessageError)
    {
        for (path, field) in paths where hasNUL(in: bytes, path: path) == true {
            throw MessageError.invalid(messageType, field: field, "must not contain a NUL byte")
        }
    }

    /// The string fields of a `Scope` at field `number` of a message, for `refuseNUL`.
    static func scopeStrings(
        at number: UInt64,
        prefix: [UInt64] = [],
        named name: String = "scope"
    ) -> [([UInt64], String)] {
        [(2, "department"), (3, "agent"), (4, "channel")].map { (prefix + [number, $0.0], "\(name).\($0.1)") }
    }

    /// Whether a string field, reached through nested messages by field numbers (`path`, repeated fields
    /// included), holds a NUL byte anywhere in `bytes`; nil when the bytes do not parse.
    static func hasNUL(in bytes: [UInt8], path: [UInt64]) -> Bool? {
        bytes.withUnsafeBufferPointer { hasNUL(in: $0[...], path: path[...]) }
    }

    private static func hasNUL(in bytes: Slice<UnsafeBufferPointer<UInt8>>, path: ArraySlice<UInt64>) -> Bool? {
        guard let number = path.first else { return nil }
        var found = false
        let parsed = forEachField(in: bytes) { field, value in
            guard field == number, let value else { return true }
            if path.count == 1 {
                found = found || value.contains(0)
            } else if let inner = hasNUL(in: value, path: path.dropFirst()) {
                found = found || inner
            } else {
                return false
            }
            return true
        }
        return parsed ? found : nil
    }

    /// Calls `body` with each field number and, for length-delimited fields, its bytes (nil for
    /// other wire types). Stops when `body` returns false. Returns false when the bytes do not
    /// parse or `body` stopped.
    private static func forEachField(
        in bytes: Slice<UnsafeBufferPointer<UInt8>>,
        _ body: (UInt64, Slice<UnsafeBufferPointer<UInt8>>?) -> Bool
    ) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let key = readVarint(bytes, &index) else { return false }
            let number = key >> 3
            switch key & 7 {
            case 0:
                guard readVarint(bytes, &index) != nil, body(number, nil) else { return false }
            case 1, 5:
                let width = key & 7 == 1 ? 8 : 4
                guard bytes.endIndex - index >= width, body(number, nil) else { return false }
                index += width
            case 2:
                guard let length = readVarint(bytes, &index), length <= UInt64(bytes.endIndex - index) else {
                    return false
                }
                let end = index + Int(length)
                guard body(number, bytes[index..<end]) else { return false }
                index = end
            default:
                return false
            }
        }
        return true
    }

    private static func readVarint(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard index < bytes.endIndex else { return nil }
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return value }
        }
        return nil
    }
}
