import Foundation

/// Bytes from a hex string; spaces and line breaks are ignored.
func bytes(hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    precondition(digits.count.isMultiple(of: 2), "odd number of hex digits in \(hex)")
    var result: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        result.append(UInt8(digits[index..<next], radix: 16)!)
        index = next
    }
    return result
}

/// Lowercase hex of `bytes`, no separators.
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// Writes protobuf wire bytes by hand, for payloads a well-behaved encoder would never produce.
struct ProtoWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func varintField(_ number: UInt64, _ value: UInt64) {
        varint(number << 3)
        varint(value)
    }

    mutating func bytesField(_ number: UInt64, _ value: [UInt8]) {
        varint(number << 3 | 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func stringField(_ number: UInt64, _ value: String) {
        bytesField(number, Array(value.utf8))
    }
}

/// The raw bytes of one `kpi.v1.Event`, with every field under the caller's control.
func rawEvent(
    id: [UInt8] = Array("e1".utf8),
    ticket: [UInt8] = Array("t1".utf8),
    timeMs: Int64 = 1_700_000_000_000,
    department: [UInt8] = [],
    agent: [UInt8] = [],
    kind: (number: UInt64, body: [UInt8])? = (11, [])
) -> [UInt8] {
    var writer = ProtoWriter()
    if !id.isEmpty { writer.bytesField(1, id) }
    if !ticket.isEmpty { writer.bytesField(2, ticket) }
    if timeMs != 0 { writer.varintField(3, UInt64(bitPattern: timeMs)) }
    if !department.isEmpty { writer.bytesField(4, department) }
    if !agent.isEmpty { writer.bytesField(5, agent) }
    if let kind { writer.bytesField(kind.number, kind.body) }
    return writer.bytes
}

/// The raw bytes of a `kpi.v1.RecordEventsRequest` holding `events`.
func rawRequest(_ events: [[UInt8]]) -> [UInt8] {
    var writer = ProtoWriter()
    for event in events { writer.bytesField(1, event) }
    return writer.bytes
}
