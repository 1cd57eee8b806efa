import KPIProtocol
import Testing

@testable import KPIMessages

/// protobuf-c cuts strings at a NUL; kpid must refuse such strings, not answer for the shorter name.
@Suite("Strings with a NUL byte in queries and nested event fields")
struct NULScanTests {
    /// A length-delimited field (`number`, wire type 2) holding `bytes`.
    private static func field(_ number: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        [number << 3 | 2, UInt8(bytes.count)] + bytes
    }

    private static let nulName: [UInt8] = [0x61, 0x00, 0x62]  // "a\0b"

    @Test("a scope name with a NUL is INVALID_ARGUMENT naming the field, for each of the three names")
    func scopeNames() {
        for (number, name) in [(UInt8(2), "scope.department"), (3, "scope.agent"), (4, "scope.channel")] {
            let request = Self.field(1, [0x08, 0x03] + Self.field(number, Self.nulName))
            do {
                _ = try GetKpisRequest.decode(request)
                Issue.record("\(name) with a NUL was accepted")
            } catch {
                #expect(error.field == name)
                #expect(error.statusCode == .invalidArgument)
            }
        }
    }

    @Test("a time zone with a NUL is refused; without one the same bytes decode")
    func timeZone() throws {
        #expect(throws: MessageError.self) { try GetKpiSeriesRequest.decode(Self.field(4, [0x55, 0x54, 0x43, 0x00])) }
        let clean = Self.field(2, [0x10, 0x01]) + [0x18, 0x02] + Self.field(4, [0x55, 0x54, 0x43])
        #expect(try GetKpiSeriesRequest.decode(clean).timeZone == "UTC")
    }

    @Test("a target KPI name or department with a NUL is refused")
    func targets() {
        let kpi = Self.field(1, Self.field(2, [0x63, 0x73, 0x61, 0x74, 0x00, 0x78]))
        #expect(throws: MessageError.self) { try SetTargetRequest.decode(kpi) }
        let department = Self.field(1, Self.field(1, [0x08, 0x01] + Self.field(2, Self.nulName)))
        #expect(throws: MessageError.self) { try SetTargetRequest.decode(department) }
    }

    @Test("nested event strings are scanned: automation subject and QA category names")
    func nestedEventStrings() throws {
        // Event fields 23 and 24 need a two-byte tag; build them by hand around the common fields.
        func event(_ tail: [UInt8]) -> [UInt8] {
            Self.field(1, [0x65]) + Self.field(2, [0x74]) + [0x18, 0x01] + tail
        }
        let subject = [0xBA, 0x01, 5] + Self.field(1, Self.nulName)
        let category = [0xC2, 0x01, 7] + Self.field(1, Self.field(1, Self.nulName))
        let scanned = try #require(
            WireScan.eventFieldsWithNUL(
                inRecordEventsRequest: Self.field(1, event(subject)) + Self.field(1, event(category))
            )
        )
        #expect(scanned == [["automation_reviewed.subject"], ["qa_reviewed.categories.name"]])
    }
}
