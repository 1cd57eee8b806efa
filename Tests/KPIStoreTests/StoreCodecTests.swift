import KPICore
import Testing

@testable import KPIStore

@Suite("StoreCodec")
struct StoreCodecTests {
    /// The state of a new ticket held by ("Sup|port", "a n"): open, nothing else.
    static let newTicket = TicketState(createdMs: 1000, holder: TicketHolder(department: "Sup|port", agent: "a n"))

    /// Every flag set and both optional parts present, with awkward names and negative numbers.
    static var everything: TicketState {
        var state = TicketState(createdMs: -5, holder: TicketHolder(department: "{d}", agent: "x:y"))
        state.isOpen = false
        state.isClosed = true
        state.hasFirstResponse = true
        state.hasBeenResolved = true
        state.wasReassigned = true
        state.latestResolution = LatestResolution(
            countedAt: CountedAt(minute: -7, holder: TicketHolder(department: "a/b", agent: "")),
            seconds: 42,
            sla: .breached
        )
        state.firstContactCredit = CountedAt(minute: 9, holder: TicketHolder(department: "", agent: "é;"))
        return state
    }

    // MARK: - Ticket state

    @Test("a new ticket's state has the documented text form")
    func stateTextOfNewTicket() {
        // version | created | department | agent | flags (open = 1) | latest: minute, department, agent,
        // seconds, SLA | credit: minute, department, agent.
        #expect(StoreCodec.encode(Self.newTicket) == "1|1000|Sup%7Cport|a%20n|1|0|||0|0|0||")
    }

    @Test("a state with every part has the documented text form")
    func stateTextOfEverything() {
        // Flags: closed 2 + first response 4 + resolved 8 + reassigned 16 + latest 32 + credit 64 = 126.
        #expect(StoreCodec.encode(Self.everything) == "1|-5|%7Bd%7D|x%3Ay|126|-7|a%2Fb||42|2|9||é%3B")
        #expect(StoreCodec.decodeState("1|-5|%7Bd%7D|x%3Ay|126|-7|a%2Fb||42|2|9||é%3B") == Self.everything)
    }

    @Test("every combination of flags and optional parts round-trips, with awkward names")
    func stateRoundTripsEveryCombination() {
        let names = AwkwardNames.all
        let latestChoices: [SLAOutcome?] = [nil, .unknown, .met, .breached]
        var count = 0
        for bits in 0..<32 {
            for (latestIndex, sla) in latestChoices.enumerated() {
                for hasCredit in [false, true] {
                    let name = { (offset: Int) in names[(bits + latestIndex * 7 + offset) % names.count] }
                    var state = TicketState(
                        createdMs: Int64(bits) * 1_000_003 - 50_000,
                        holder: TicketHolder(department: name(0), agent: name(1))
                    )
                    state.isOpen = bits & 1 != 0
                    state.isClosed = bits & 2 != 0
                    state.hasFirstResponse = bits & 4 != 0
                    state.hasBeenResolved = bits & 8 != 0
                    state.wasReassigned = bits & 16 != 0
                    if let sla {
                        state.latestResolution = LatestResolution(
                            countedAt: CountedAt(
                                minute: -Int64(bits),
                                holder: TicketHolder(department: name(2), agent: name(3))
                            ),
                            seconds: Int64(latestIndex) * 86_400,
                            sla: sla
                        )
                    }
                    if hasCredit {
                        state.firstContactCredit = CountedAt(
                            minute: Int64(bits) - 16,
                            holder: TicketHolder(department: name(4), agent: name(5))
                        )
                    }

                    let text = StoreCodec.encode(state)
                    #expect(StoreCodec.decodeState(text) == state, "\(text)")
                    #expect(
                        text.utf8.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).count == 13,
                        "\(text)"
                    )
                    count += 1
                }
            }
        }
        #expect(count == 256)
    }

    @Test("every awkward name round-trips in every name field of the state", arguments: AwkwardNames.all)
    func stateRoundTripsName(name: String) {
        var state = TicketState(createdMs: Int64.max, holder: TicketHolder(department: name, agent: name))
        state.latestResolution = LatestResolution(
            countedAt: CountedAt(minute: Int64.min, holder: TicketHolder(department: name, agent: name)),
            seconds: Int64.max,
            sla: .met
        )
        state.firstContactCredit = CountedAt(minute: Int64.max, holder: TicketHolder(department: name, agent: name))

        #expect(StoreCodec.decodeState(StoreCodec.encode(state)) == state)
    }

    @Test("a name starting with a combining accent, which joins the delimiter before it, still decodes")
    func combiningAccentAfterDelimiter() {
        // "|" + U+0301 is a single Character, so a split by Character found 12 fields, not 13.
        let state = TicketState(createdMs: 1000, holder: TicketHolder(department: "Support", agent: "\u{301}ann"))
        let text = "1|1000|Support|\u{301}ann|1|0|||0|0|0||"

        #expect(StoreCodec.encode(state) == text)
        #expect(StoreCodec.decodeState(text) == state)

        let record = StoreCodec.EventRecord(
            recordedMs: 5,
            deltas: [
                CounterDelta(scope: .department("\u{301}D"), minute: 1, counter: .resolutions, delta: 1),
                CounterDelta(
                    scope: .departmentAgent(department: "x", agent: "\u{301}a"),
                    minute: 1,
                    counter: .resolutions,
                    delta: 1
                ),
            ]
        )
        #expect(StoreCodec.encode(record) == "5;d\u{301}D,1,r,1;xx/\u{301}a,1,r,1")
        #expect(StoreCodec.decodeRecord("5;d\u{301}D,1,r,1;xx/\u{301}a,1,r,1") == record)
    }

    static let validState = "1|1000|Sup|ann|1|0|||0|0|0||"

    @Test(
        "garbage state text decodes to nil",
        arguments: [
            "", "1", "|", "1|1000|Sup|ann|1|0|||0|0|0|",  // 12 fields
            "1|1000|Sup|ann|1|0|||0|0|0|||",  // 14 fields
            "2|1000|Sup|ann|1|0|||0|0|0||",  // unknown version
            "01|1000|Sup|ann|1|0|||0|0|0||",
            "|1000|Sup|ann|1|0|||0|0|0||",
            "1|x|Sup|ann|1|0|||0|0|0||",
            "1|1.5|Sup|ann|1|0|||0|0|0||",
            "1|99999999999999999999|Sup|ann|1|0|||0|0|0||",  // beyond Int64
            "1||Sup|ann|1|0|||0|0|0||",
            "1|1000|Sup|ann|f|0|||0|0|0||",
            "1|1000|Sup|ann|1|--1|||0|0|0||",
            "1|1000|Sup|ann|1|0|||s|0|0||",
            "1|1000|Sup|ann|1|0|||0|3|0||",  // no SLA outcome 3
            "1|1000|Sup|ann|1|0|||0|-1|0||",
            "1|1000|Sup|ann|1|0|||0|0|x||",
            "1|1000|S%G1|ann|1|0|||0|0|0||",  // not hex
            "1|1000|Sup|ann%|1|0|||0|0|0||",  // trailing %
            "1|1000|Sup|ann%4|1|0|||0|0|0||",
            "1|1000|Sup|ann|1|0|%zz||0|0|0||",
            "1|1000|Sup|ann|1|0||%|0|0|0||",
            "1|1000|Sup|ann|1|0|||0|0|0|%|",
            "1|1000|Sup|ann|1|0|||0|0|0||a%",
        ]
    )
    func garbageStateIsNil(text: String) {
        #expect(StoreCodec.decodeState(Self.validState) != nil)
        #expect(StoreCodec.decodeState(text) == nil)
    }

    // MARK: - Event records

    @Test("an event record has the documented text form")
    func recordText() {
        let record = StoreCodec.EventRecord(
            recordedMs: 5,
            deltas: [
                CounterDelta(
                    scope: .departmentAgent(department: "a/b", agent: "c;d"),
                    minute: -3,
                    counter: .openDelta,
                    delta: -1
                ),
                CounterDelta(scope: .organization, minute: 0, counter: .ticketsCreated, delta: 1),
                CounterDelta(scope: .department("x y"), minute: 7, counter: .slaMet, delta: 2),
                CounterDelta(scope: .agent("%"), minute: 8, counter: .firstResponseSeconds, delta: 450),
            ]
        )

        let text = "5;xa%2Fb/c%3Bd,-3,o,-1;o,0,c,1;dx%20y,7,slm,2;a%25,8,frs,450"
        #expect(StoreCodec.encode(record) == text)
        #expect(StoreCodec.decodeRecord(text) == record)
    }

    @Test("a record without changes round-trips")
    func emptyRecord() {
        let record = StoreCodec.EventRecord(recordedMs: -1, deltas: [])

        #expect(StoreCodec.encode(record) == "-1")
        #expect(StoreCodec.decodeRecord("-1") == record)
    }

    @Test("records round-trip for every scope kind, counter, awkward name and negative value")
    func recordRoundTrips() {
        let names = AwkwardNames.all
        var deltas: [CounterDelta] = []
        for (index, name) in names.enumerated() {
            let other = names[(index + 3) % names.count]
            let scopes: [KPIScope] = [
                .organization, .department(name), .agent(name), .departmentAgent(department: name, agent: other),
                .departmentAgent(department: other, agent: name),
            ]
            for (offset, scope) in scopes.enumerated() {
                let counter = KPICounter.allCases[(index + offset) % KPICounter.allCases.count]
                let minute = Int64(index * 1000 - 12_000) * (offset.isMultiple(of: 2) ? 1 : -1)
                deltas.append(CounterDelta(scope: scope, minute: minute, counter: counter, delta: Int64(offset) - 2))
            }
        }
        for (position, counter) in KPICounter.allCases.enumerated() {
            deltas.append(CounterDelta(scope: .agent("x"), minute: Int64(position), counter: counter, delta: -7))
        }
        deltas.append(CounterDelta(scope: .organization, minute: Int64.min, counter: .openDelta, delta: Int64.min))
        deltas.append(CounterDelta(scope: .agent(""), minute: Int64.max, counter: .slaKnown, delta: Int64.max))
        let record = StoreCodec.EventRecord(recordedMs: Int64.min, deltas: deltas)

        let text = StoreCodec.encode(record)

        #expect(StoreCodec.decodeRecord(text) == record)
        #expect(
            text.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).count == deltas.count + 1
        )
        #expect(Set(deltas.map(\.counter)) == Set(KPICounter.allCases))
    }

    @Test(
        "garbage record text decodes to nil",
        arguments: [
            "", "x", ";", "5;", "5;;o,1,c,1", "5;o,1,c,1;",  // empty parts
            "5.0;o,1,c,1", ";o,1,c,1",
            "5;o,1,c", "5;o,1,c,1,2",  // wrong field count
            "5;q,1,c,1", "5;,1,c,1", "5;ox,1,c,1",  // bad scope
            "5;o,1,zz,1", "5;o,1,C,1", "5;o,1,,1",  // bad counter
            "5;o,1.5,c,1", "5;o,,c,1", "5;o,1,c,x", "5;o,1,c,99999999999999999999",
            "5;dA%G1,1,c,1", "5;dA%,1,c,1", "5;aB%4,1,c,1",  // bad escapes
            "5;xA,1,c,1", "5;xA/B/C,1,c,1", "5;xA%/B,1,c,1", "5;xA/B%,1,c,1",  // bad department/agent pairs
        ]
    )
    func garbageRecordIsNil(text: String) {
        #expect(StoreCodec.decodeRecord("5;o,1,c,1") != nil)
        #expect(StoreCodec.decodeRecord(text) == nil)
    }

    // MARK: - Fuzz

    @Test("mangled state and record text never crashes the decoders, and what decodes re-encodes stably")
    func mangledTextNeverCrashes() {
        var generator = SeededGenerator(seed: 0x5EED_C0DE)
        let alphabet = Array("|;,%/{}:0123456789-+xdoacrGF é\n")
        let seeds = [
            StoreCodec.encode(Self.everything), StoreCodec.encode(Self.newTicket),
            "5;xa%2Fb/c%3Bd,-3,o,-1;o,0,c,1;dx%20y,7,slm,2;a%25,8,frs,450",
        ]
        var decoded = 0
        for round in 0..<3000 {
            var text = Array(seeds[round % seeds.count])
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0...text.count, using: &generator)
                let character = alphabet.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: text.insert(character, at: position)
                case 1 where position < text.count: text.remove(at: position)
                default: if position < text.count { text[position] = character }
                }
            }
            let mangled = String(text)

            if let state = StoreCodec.decodeState(mangled) {
                decoded += 1
                #expect(StoreCodec.decodeState(StoreCodec.encode(state)) == state, "\(mangled)")
            }
            if let record = StoreCodec.decodeRecord(mangled) {
                decoded += 1
                #expect(StoreCodec.decodeRecord(StoreCodec.encode(record)) == record, "\(mangled)")
            }
        }
        // Some mangled texts are still valid (a changed digit, say), so the stability check did run.
        #expect(decoded > 0)
    }
}
