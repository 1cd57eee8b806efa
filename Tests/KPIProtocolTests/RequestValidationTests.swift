import KPICore
import KPIMessages
import Testing

@Suite("Request validation")
struct RequestValidationTests {
    private static let good = rawEvent(id: Array("good".utf8))

    @Test(
        "a bad event is rejected with its reason while valid events in the batch survive",
        arguments: [
            (rawEvent(id: []), "event_id", EventProblem.missing),
            (rawEvent(ticket: []), "ticket_id", .missing),
            (rawEvent(id: Array("e\u{0}x".utf8)), "event_id", .containsNUL),
            (rawEvent(agent: Array("a\u{0}".utf8)), "agent", .containsNUL),
            (rawEvent(kind: (10, [0x0A, 0x02, 0x61, 0x00])), "ticket_created.channel", .containsNUL),
            (rawEvent(department: [0x61, 0xFF, 0x62]), "department", .invalidUTF8),
            (rawEvent(ticket: [0xC3, 0x28]), "ticket_id", .invalidUTF8),
            (rawEvent(kind: (10, [0x12, 0x01, 0x80])), "ticket_created.priority", .invalidUTF8),
            (rawEvent(agent: Array(repeating: 0x61, count: 129)), "agent", .tooLong),
            (rawEvent(id: Array(repeating: 0x69, count: 129)), "event_id", .tooLong),
            (rawEvent(kind: nil), "kind", .missing),
            (rawEvent(timeMs: 0), "time_ms", .outOfRange),
            (rawEvent(timeMs: -5), "time_ms", .outOfRange),
            (rawEvent(timeMs: 253_402_300_800_000), "time_ms", .outOfRange),
            (rawEvent(kind: (13, [0x08, 0x07])), "ticket_resolved.sla", .unknownValue),
            (rawEvent(kind: (13, [0x10, 0x03])), "ticket_resolved.first_contact", .unknownValue),
        ] as [([UInt8], String, EventProblem)]
    )
    func badEvent(event: [UInt8], field: String, problem: EventProblem) throws {
        let request = try RecordEventsRequest.decode(rawRequest([Self.good, event, Self.good]))

        #expect(request.entries.count == 3)
        #expect(request.validEvents.map(\.eventID) == ["good", "good"])
        let invalid = try #require(request.invalidEvents.first)
        #expect(request.invalidEvents.count == 1)
        #expect(invalid.field == field)
        #expect(invalid.problem == problem)
        #expect(invalid.reason.hasPrefix(field + ": "))
        guard case .invalid = request.entries[1] else {
            Issue.record("the bad event is not in its place")
            return
        }
    }

    @Test("an event at the limits is valid")
    func limits() throws {
        let longest = String(repeating: "é", count: 64)
        let event = rawEvent(
            id: Array(longest.utf8),
            timeMs: 253_402_300_799_999,
            agent: Array(longest.utf8),
            kind: (13, [0x08, 0x02, 0x10, 0x01])
        )

        let request = try RecordEventsRequest.decode(rawRequest([event]))

        let expected = TicketEvent(
            eventID: longest,
            ticketID: "t1",
            timeMs: 253_402_300_799_999,
            agent: longest,
            kind: .resolved(sla: .breached, firstContact: .yes)
        )
        #expect(request.validEvents == [expected])
    }

    @Test("a rejected event reports the id it was sent with")
    func reportsID() throws {
        let request = try RecordEventsRequest.decode(rawRequest([rawEvent(id: Array("evt-9".utf8), timeMs: 0)]))

        #expect(request.entries.map(\.eventID) == ["evt-9"])
        #expect(request.invalidEvents.first?.eventID == "evt-9")
    }

    @Test(
        "GetKpisRequest names the field it rejects",
        arguments: [
            ("range", rawGetKPIs(scope: [], range: nil)),
            ("range", rawGetKPIs(scope: [], range: [])),
            ("scope.department", rawGetKPIs(scope: [0x08, 0x01], range: rolling(60_000))),
            ("scope.agent", rawGetKPIs(scope: [0x08, 0x02, 0x12, 0x01, 0x64], range: rolling(60_000))),
            (
                "scope.agent",
                rawGetKPIs(scope: [0x08, 0x01, 0x12, 0x01, 0x64, 0x1A, 0x01, 0x61], range: rolling(60_000))
            ),
            ("scope.department", rawGetKPIs(scope: [0x12, 0x01, 0x64], range: rolling(60_000))),
            ("scope.kind", rawGetKPIs(scope: [0x08, 0x09], range: rolling(60_000))),
            ("scope.department", rawGetKPIs(scope: [0x08, 0x01, 0x12, 0x01, 0xFF], range: rolling(60_000))),
            ("range.rolling.duration_ms", rawGetKPIs(scope: [], range: rolling(0))),
            ("range.rolling.duration_ms", rawGetKPIs(scope: [], range: rolling(90_000))),
            ("range.rolling.end_ms", rawGetKPIs(scope: [], range: rolling(60_000, endMs: -1))),
            ("range.absolute", rawGetKPIs(scope: [], range: absolute(5, 5))),
            ("range.absolute", rawGetKPIs(scope: [], range: absolute(-1, 5))),
        ]
    )
    func getKPIsInvalid(field: String, bytes: [UInt8]) {
        do {
            let request = try GetKpisRequest.decode(bytes)
            Issue.record("decoded \(request)")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.field == field)
            #expect(error.message.hasPrefix(field))
        }
    }

    @Test("an absent scope means the organisation; a department agent keeps both names")
    func scopes() throws {
        let organization = try GetKpisRequest.decode(rawGetKPIs(scope: nil, range: rolling(60_000)))
        #expect(organization.scope == .organization)

        let scope: [UInt8] = [0x08, 0x02, 0x12, 0x01, 0x64, 0x1A, 0x01, 0x61]
        let departmentAgent = try GetKpisRequest.decode(rawGetKPIs(scope: scope, range: absolute(1, 2)))
        #expect(departmentAgent.scope == .departmentAgent(department: "d", agent: "a"))
        #expect(departmentAgent.range == .absolute(fromMs: 1, toMs: 2))
    }

    @Test("frame metas reject strings that are not UTF-8")
    func metaUTF8() {
        var writer = ProtoWriter()
        writer.bytesField(1, [0x2F, 0xFE])
        #expect(throws: MessageError.self) { try CallMeta.decode(writer.bytes) }
    }
}

private func rawGetKPIs(scope: [UInt8]?, range: [UInt8]?) -> [UInt8] {
    var writer = ProtoWriter()
    if let scope { writer.bytesField(1, scope) }
    if let range { writer.bytesField(2, range) }
    return writer.bytes
}

private func rolling(_ durationMs: Int64, endMs: Int64 = 0) -> [UInt8] {
    var window = ProtoWriter()
    window.varintField(1, UInt64(bitPattern: durationMs))
    window.varintField(2, UInt64(bitPattern: endMs))
    var range = ProtoWriter()
    range.bytesField(1, window.bytes)
    return range.bytes
}

private func absolute(_ fromMs: Int64, _ toMs: Int64) -> [UInt8] {
    var window = ProtoWriter()
    window.varintField(1, UInt64(bitPattern: fromMs))
    window.varintField(2, UInt64(bitPattern: toMs))
    var range = ProtoWriter()
    range.bytesField(2, window.bytes)
    return range.bytes
}
