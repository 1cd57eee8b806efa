import KPIMessages
import Testing

@Suite("Hostile message bodies")
struct HostileInputTests {
    /// Every decoder, behind one signature so one table drives them all.
    static let decoders: [(String, @Sendable ([UInt8]) throws -> Void)] = [
        ("Hello", { _ = try Hello.decode($0) }),
        ("HelloAck", { _ = try HelloAck.decode($0) }),
        ("CallMeta", { _ = try CallMeta.decode($0) }),
        ("StatusMeta", { _ = try StatusMeta.decode($0) }),
        ("GoAway", { _ = try GoAway.decode($0) }),
        ("RecordEventsRequest", { _ = try RecordEventsRequest.decode($0) }),
        ("RecordEventsResponse", { _ = try RecordEventsResponse.decode($0) }),
        ("GetKpisRequest", { _ = try GetKpisRequest.decode($0) }),
        ("GetKpisResponse", { _ = try GetKpisResponse.decode($0) }),
        ("ListDepartmentsRequest", { _ = try ListDepartmentsRequest.decode($0) }),
        ("ListDepartmentsResponse", { _ = try ListDepartmentsResponse.decode($0) }),
        ("HealthRequest", { _ = try HealthRequest.decode($0) }),
        ("HealthResponse", { _ = try HealthResponse.decode($0) }),
    ]

    /// Bytes no message of the schema parses: a truncated length, a bad wire type, an endless varint.
    static let garbage: [[UInt8]] = [
        [0x0A, 0x05, 0x61],
        [0x0F],
        [0x08] + Array(repeating: 0xFF, count: 11),
        [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F],
        [0x00],
    ]

    @Test("every decoder throws on garbage instead of crashing", arguments: 0..<13)
    func garbage(decoder: Int) {
        let (name, decode) = Self.decoders[decoder]
        for bytes in Self.garbage {
            #expect(throws: MessageError.self, "\(name) accepted \(bytes)") { try decode(bytes) }
        }
    }

    @Test("every decoder survives random bytes", arguments: 0..<13)
    func random(decoder: Int) {
        var generator = SplitMix(seed: UInt64(decoder))
        for _ in 0..<300 {
            let count = Int(generator.next() % 64)
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? Self.decoders[decoder].1(bytes)
        }
    }

    @Test("100,000 empty events are refused by the allocation budget")
    func allocationBomb() {
        let bomb = Array([[UInt8]](repeating: [0x0A, 0x00], count: 100_000).joined())

        do {
            let request = try RecordEventsRequest.decode(bomb)
            Issue.record("decoded \(request.entries.count) events")
        } catch {
            #expect(error.code == .allocationBudgetExceeded)
            #expect(error.messageType == "kpi.v1.RecordEventsRequest")
        }
    }

    @Test("a batch of 1,000 real events fits the budget")
    func honestBatch() throws {
        let events = (0..<1000).map { rawEvent(id: Array("event-\($0)".utf8), department: Array("Support".utf8)) }

        let request = try RecordEventsRequest.decode(rawRequest(events))

        #expect(request.validEvents.count == 1000)
    }

    @Test("embedded empty sub-messages in a department list are refused too")
    func departmentBomb() {
        let bomb = Array([[UInt8]](repeating: [0x0A, 0x00], count: 100_000).joined())
        let error = #expect(throws: MessageError.self) { try ListDepartmentsResponse.decode(bomb) }
        #expect(error?.code == .allocationBudgetExceeded)
    }
}

/// A small deterministic generator, so a failing random case reproduces.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Allocation budget")
struct AllocationBudgetTests {
    @Test(
        "a full frame of the smallest valid events fits the budget",
        arguments: [(11, [UInt8]()), (10, []), (13, [0x08, 0x01])] as [(UInt64, [UInt8])]
    )
    func smallestEvents(kind: UInt64, body: [UInt8]) throws {
        let event = rawEvent(id: [0x31], ticket: [0x74], timeMs: 1, kind: (kind, body))
        let count = (1 << 20) / (event.count + 2)

        let request = try RecordEventsRequest.decode(rawRequest(Array(repeating: event, count: count)))

        #expect(request.validEvents.count == count)
    }
}
