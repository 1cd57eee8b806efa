import KPICore
import KPIStore
import Testing

@Suite("StoreCodec: conversation, survey, bot and work fields (state version 3)")
struct StoreCodecConversationTests {
    private static func state() -> TicketState {
        var state = TicketState(createdMs: 1_000, holder: TicketHolder(department: "Care|1", agent: "ann/x"))
        state.hasFirstResponse = true
        state.waitingSinceMs = 7_200_000
        state.lastResponder = TicketHolder(department: "Care|1", agent: "ann/x")
        state.responderAtResolution = TicketHolder(department: "", agent: "")
        state.surveys[.csat] = CountedSurvey(
            countedAt: CountedAt(minute: 42, holder: TicketHolder(department: "Care|1", agent: "ann/x")),
            answer: SurveyAnswer(kind: .csat, score: 4)
        )
        state.surveys[.ces] = CountedSurvey(
            countedAt: CountedAt(minute: -3, holder: TicketHolder(department: "", agent: "bob")),
            answer: SurveyAnswer(kind: .ces, score: 2, scale: 5)
        )
        state.bot = BotConversation(
            countedAt: CountedAt(minute: 40, holder: TicketHolder(department: "Bots", agent: "")),
            outcome: .escalated
        )
        state.handoff = Handoff(
            countedAt: CountedAt(minute: 41, holder: TicketHolder(department: "Care|1", agent: "")),
            atMs: 2_460_000,
            pickedUpInTime: true,
            succeeded: false
        )
        state.workedAgents = ["ann/x", "bob,y", "c%d"]
        return state
    }

    @Test("a state with conversation fields round-trips, absent and empty holders kept apart")
    func roundTrip() throws {
        let state = Self.state()
        let text = StoreCodec.encode(state)
        #expect(text.hasPrefix("3|"))
        #expect(StoreCodec.decodeState(text) == state)
    }

    @Test("a state without them keeps the version 1 form")
    func versionOneWhenUnused() {
        let state = TicketState(createdMs: 5, holder: TicketHolder(department: "D", agent: ""))
        #expect(StoreCodec.encode(state).hasPrefix("1|"))
        #expect(StoreCodec.decodeState(StoreCodec.encode(state)) == state)
    }

    @Test(
        "damaged version 2 fields are refused, never crash",
        arguments: ["x", "hD", "h%ZZ/a", "1/2/3", "1/d/a/9/4/7", "1/d/a/1/4"]
    )
    func damaged(field: String) {
        var parts = StoreCodec.encode(Self.state()).split(separator: "|", omittingEmptySubsequences: false).map(
            String.init
        )
        parts[14] = field  // lastResponder
        #expect(StoreCodec.decodeState(parts.joined(separator: "|")) == nil)
        var surveyParts = StoreCodec.encode(Self.state()).split(separator: "|", omittingEmptySubsequences: false).map(
            String.init
        )
        surveyParts[16] = field  // the CSAT survey
        #expect(StoreCodec.decodeState(surveyParts.joined(separator: "|")) == nil)
    }
}

@Suite("StoreCodec: histogram changes in event records")
struct StoreCodecHistogramTests {
    @Test("a change with a bin round-trips; a negative or non-numeric bin is refused")
    func binRoundTrip() throws {
        let record = StoreCodec.EventRecord(
            recordedMs: 5,
            deltas: [
                CounterDelta(scope: .organization, minute: 7, counter: .firstResponseCount, delta: 1, bin: 312),
                CounterDelta(scope: .channel("chat"), minute: 7, counter: .firstResponseCount, delta: 1),
            ]
        )
        let text = StoreCodec.encode(record)
        #expect(text == "5;o,7,frn,1,312;cchat,7,frn,1")
        #expect(StoreCodec.decodeRecord(text) == record)
        #expect(StoreCodec.decodeRecord("5;o,7,frn,1,-3") == nil)
        #expect(StoreCodec.decodeRecord("5;o,7,frn,1,x") == nil)
    }
}
