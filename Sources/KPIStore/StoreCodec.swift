import KPICore

/// Text encodings of what kpid keeps per ticket in Redis: the ticket's state and each applied event's record.
///
/// Fields are separated by `|` (state) or `;` and `,` (records), and names are escaped with
/// `KeySchema.escape`, so any department or agent name round-trips. The leading version number lets a later
/// kpid read what an earlier one wrote.
public enum StoreCodec {
    private struct Flag: OptionSet {
        let rawValue: Int
        static let open = Flag(rawValue: 1)
        static let closed = Flag(rawValue: 2)
        static let firstResponse = Flag(rawValue: 4)
        static let resolved = Flag(rawValue: 8)
        static let reassigned = Flag(rawValue: 16)
        static let latestResolution = Flag(rawValue: 32)
        static let firstContactCredit = Flag(rawValue: 64)
        static let everClosed = Flag(rawValue: 128)
    }

    public static func encode(_ state: TicketState) -> String {
        var flags: Flag = []
        if state.isOpen { flags.insert(.open) }
        if state.isClosed { flags.insert(.closed) }
        if state.hasFirstResponse { flags.insert(.firstResponse) }
        if state.hasBeenResolved { flags.insert(.resolved) }
        if state.wasReassigned { flags.insert(.reassigned) }
        if state.latestResolution != nil { flags.insert(.latestResolution) }
        if state.firstContactCredit != nil { flags.insert(.firstContactCredit) }
        if state.hasBeenClosed { flags.insert(.everClosed) }
        let latest = state.latestResolution
        let credit = state.firstContactCredit
        let fields: [String] = [
            "1", "\(state.createdMs)", KeySchema.escape(state.holder.department), KeySchema.escape(state.holder.agent),
            "\(flags.rawValue)",
            "\(latest?.countedAt.minute ?? 0)", KeySchema.escape(latest?.countedAt.holder.department ?? ""),
            KeySchema.escape(latest?.countedAt.holder.agent ?? ""), "\(latest?.seconds ?? 0)",
            "\(latest?.sla.rawValue ?? 0)",
            "\(credit?.minute ?? 0)", KeySchema.escape(credit?.holder.department ?? ""),
            KeySchema.escape(credit?.holder.agent ?? ""),
        ]
        guard hasConversationFields(state) else { return fields.joined(separator: "|") }
        // Version 3 adds the conversation, survey, bot, handoff and work fields (version 2 had the first five);
        // tickets that have none stay in the shorter version 1 form.
        var extra = [
            state.waitingSinceMs.map { "\($0)" } ?? "", encodeHolder(state.lastResponder),
            encodeHolder(state.responderAtResolution),
        ]
        extra += SurveyAnswer.Kind.allCases.map { encodeSurvey(state.surveys[$0]) }
        extra += [
            encodeBot(state.bot), encodeHandoff(state.handoff), encodeNames(state.workedAgents),
            KeySchema.escape(state.channel),
        ]
        return (["3"] + fields.dropFirst() + extra).joined(separator: "|")
    }

    private static func hasConversationFields(_ state: TicketState) -> Bool {
        state.waitingSinceMs != nil || state.lastResponder != nil || state.responderAtResolution != nil
            || !state.surveys.isEmpty || state.bot != nil || state.handoff != nil || !state.workedAgents.isEmpty
            || !state.channel.isEmpty
    }

    private static func encodeBot(_ bot: BotConversation?) -> String {
        guard let bot else { return "" }
        let holder = bot.countedAt.holder
        return [
            "\(bot.countedAt.minute)", KeySchema.escape(holder.department), KeySchema.escape(holder.agent),
            "\(bot.outcome.rawValue)",
        ].joined(separator: "/")
    }

    private static func decodeBot(_ text: Substring) -> BotConversation?? {
        guard !text.isEmpty else { return .some(nil) }
        let parts = split(text, at: "/")
        guard parts.count == 4, let minute = Int64(parts[0]), let department = KeySchema.unescape(parts[1]),
            let agent = KeySchema.unescape(parts[2]),
            let outcome = Int(parts[3]).flatMap(BotConversation.Outcome.init(rawValue:))
        else { return nil }
        let countedAt = CountedAt(minute: minute, holder: TicketHolder(department: department, agent: agent))
        return .some(BotConversation(countedAt: countedAt, outcome: outcome))
    }

    private static func encodeHandoff(_ handoff: Handoff?) -> String {
        guard let handoff else { return "" }
        let holder = handoff.countedAt.holder
        let pickedUp = handoff.pickedUpInTime.map { $0 ? "1" : "0" } ?? "-"
        return [
            "\(handoff.countedAt.minute)", KeySchema.escape(holder.department), KeySchema.escape(holder.agent),
            "\(handoff.atMs)", pickedUp, handoff.succeeded ? "1" : "0",
        ].joined(separator: "/")
    }

    private static func decodeHandoff(_ text: Substring) -> Handoff?? {
        guard !text.isEmpty else { return .some(nil) }
        let parts = split(text, at: "/")
        guard parts.count == 6, let minute = Int64(parts[0]), let department = KeySchema.unescape(parts[1]),
            let agent = KeySchema.unescape(parts[2]), let atMs = Int64(parts[3]),
            ["-", "0", "1"].contains(parts[4]), ["0", "1"].contains(parts[5])
        else { return nil }
        let countedAt = CountedAt(minute: minute, holder: TicketHolder(department: department, agent: agent))
        let pickedUp: Bool? = parts[4] == "-" ? nil : parts[4] == "1"
        return .some(Handoff(countedAt: countedAt, atMs: atMs, pickedUpInTime: pickedUp, succeeded: parts[5] == "1"))
    }

    private static func encodeNames(_ names: Set<String>) -> String {
        names.sorted().map(KeySchema.escape).joined(separator: ",")
    }

    private static func decodeNames(_ text: Substring) -> Set<String>? {
        guard !text.isEmpty else { return [] }
        var names: Set<String> = []
        for part in split(text, at: ",") {
            guard let name = KeySchema.unescape(part) else { return nil }
            names.insert(name)
        }
        return names
    }

    private static func encodeHolder(_ holder: TicketHolder?) -> String {
        guard let holder else { return "" }
        return "h" + KeySchema.escape(holder.department) + "/" + KeySchema.escape(holder.agent)
    }

    private static func decodeHolder(_ text: Substring) -> TicketHolder?? {
        guard !text.isEmpty else { return .some(nil) }
        guard text.first == "h" else { return nil }
        let names = split(text.dropFirst(), at: "/")
        guard names.count == 2, let department = KeySchema.unescape(names[0]), let agent = KeySchema.unescape(names[1])
        else { return nil }
        return .some(TicketHolder(department: department, agent: agent))
    }

    private static func encodeSurvey(_ survey: CountedSurvey?) -> String {
        guard let survey else { return "" }
        let holder = survey.countedAt.holder
        return [
            "\(survey.countedAt.minute)", KeySchema.escape(holder.department), KeySchema.escape(holder.agent),
            "\(survey.answer.kind.rawValue)", "\(survey.answer.score)", "\(survey.answer.scale)",
        ].joined(separator: "/")
    }

    private static func decodeSurvey(_ text: Substring) -> CountedSurvey?? {
        guard !text.isEmpty else { return .some(nil) }
        let parts = split(text, at: "/")
        guard parts.count == 6, let minute = Int64(parts[0]), let department = KeySchema.unescape(parts[1]),
            let agent = KeySchema.unescape(parts[2]),
            let kind = Int(parts[3]).flatMap(SurveyAnswer.Kind.init(rawValue:)),
            let score = Int64(parts[4]), let scale = Int64(parts[5])
        else { return nil }
        let holder = TicketHolder(department: department, agent: agent)
        return .some(
            CountedSurvey(
                countedAt: CountedAt(minute: minute, holder: holder),
                answer: SurveyAnswer(kind: kind, score: score, scale: scale)
            )
        )
    }

    public static func decodeState(_ text: String) -> TicketState? {
        let fields = split(Substring(text), at: "|")
        let version2 = fields.count == 19 && fields[0] == "2"
        let version3 = fields.count == 23 && fields[0] == "3"
        guard (fields.count == 13 && fields[0] == "1") || version2 || version3,
            let createdMs = Int64(fields[1]), let department = KeySchema.unescape(fields[2]),
            let agent = KeySchema.unescape(fields[3]), let rawFlags = Int(fields[4]),
            let latestMinute = Int64(fields[5]), let latestDepartment = KeySchema.unescape(fields[6]),
            let latestAgent = KeySchema.unescape(fields[7]), let latestSeconds = Int64(fields[8]),
            let latestSLA = Int(fields[9]).flatMap(SLAOutcome.init(rawValue:)),
            let creditMinute = Int64(fields[10]), let creditDepartment = KeySchema.unescape(fields[11]),
            let creditAgent = KeySchema.unescape(fields[12])
        else { return nil }
        let flags = Flag(rawValue: rawFlags)
        var state = TicketState(createdMs: createdMs, holder: TicketHolder(department: department, agent: agent))
        state.isOpen = flags.contains(.open)
        state.isClosed = flags.contains(.closed)
        state.hasFirstResponse = flags.contains(.firstResponse)
        state.hasBeenResolved = flags.contains(.resolved)
        state.wasReassigned = flags.contains(.reassigned)
        state.hasBeenClosed = flags.contains(.everClosed)
        if flags.contains(.latestResolution) {
            state.latestResolution = LatestResolution(
                countedAt: CountedAt(
                    minute: latestMinute,
                    holder: TicketHolder(department: latestDepartment, agent: latestAgent)
                ),
                seconds: latestSeconds,
                sla: latestSLA
            )
        }
        if flags.contains(.firstContactCredit) {
            state.firstContactCredit = CountedAt(
                minute: creditMinute,
                holder: TicketHolder(department: creditDepartment, agent: creditAgent)
            )
        }
        guard version2 || version3 else { return state }
        guard var extended = decodeConversationFields(fields[13..<19], into: state) else { return nil }
        guard version3 else { return extended }
        guard let bot = decodeBot(fields[19]), let handoff = decodeHandoff(fields[20]),
            let workedAgents = decodeNames(fields[21]), let channel = KeySchema.unescape(fields[22])
        else { return nil }
        extended.channel = channel
        extended.bot = bot
        extended.handoff = handoff
        extended.workedAgents = workedAgents
        return extended
    }

    private static func decodeConversationFields(
        _ fields: ArraySlice<Substring>,
        into state: TicketState
    ) -> TicketState? {
        var state = state
        let first = fields.startIndex
        if !fields[first].isEmpty {
            guard let waitingSince = Int64(fields[first]) else { return nil }
            state.waitingSinceMs = waitingSince
        }
        guard let lastResponder = decodeHolder(fields[first + 1]),
            let responderAtResolution = decodeHolder(fields[first + 2])
        else { return nil }
        state.lastResponder = lastResponder
        state.responderAtResolution = responderAtResolution
        for (offset, kind) in SurveyAnswer.Kind.allCases.enumerated() {
            guard let survey = decodeSurvey(fields[first + 3 + offset]) else { return nil }
            guard survey == nil || survey?.answer.kind == kind else { return nil }
            state.surveys[kind] = survey
        }
        return state
    }

    /// The record of an applied event: when kpid recorded it and the counter changes it caused, so a retry
    /// after a failure between the two write phases can finish the job.
    public struct EventRecord: Sendable, Hashable {
        public var recordedMs: Int64
        public var deltas: [CounterDelta]

        public init(recordedMs: Int64, deltas: [CounterDelta]) {
            self.recordedMs = recordedMs
            self.deltas = deltas
        }
    }

    public static func encode(_ record: EventRecord) -> String {
        var parts = ["\(record.recordedMs)"]
        for delta in record.deltas {
            // A histogram change carries its bin as a fifth field.
            let bin = delta.bin.map { ",\($0)" } ?? ""
            parts.append("\(scopeCode(delta.scope)),\(delta.minute),\(delta.counter.rawValue),\(delta.delta)\(bin)")
        }
        return parts.joined(separator: ";")
    }

    public static func decodeRecord(_ text: String) -> EventRecord? {
        let parts = split(Substring(text), at: ";")
        guard let first = parts.first, let recordedMs = Int64(first) else { return nil }
        var deltas: [CounterDelta] = []
        for part in parts.dropFirst() {
            let fields = split(part, at: ",")
            guard fields.count == 4 || fields.count == 5, let scope = decodeScope(fields[0]),
                let minute = Int64(fields[1]), let counter = KPICounter(rawValue: String(fields[2])),
                let delta = Int64(fields[3])
            else { return nil }
            var bin: Int32?
            if fields.count == 5 {
                // Only durations that keep a histogram have bins.
                guard let value = Int32(fields[4]), value >= 0, KPICounter.histogrammed.contains(counter) else {
                    return nil
                }
                bin = value
            }
            deltas.append(CounterDelta(scope: scope, minute: minute, counter: counter, delta: delta, bin: bin))
        }
        return EventRecord(recordedMs: recordedMs, deltas: deltas)
    }

    private static func scopeCode(_ scope: KPIScope) -> String {
        switch scope {
        case .organization: "o"
        case .department(let department): "d" + KeySchema.escape(department)
        case .agent(let agent): "a" + KeySchema.escape(agent)
        case .departmentAgent(let department, let agent):
            "x" + KeySchema.escape(department) + "/" + KeySchema.escape(agent)
        case .channel(let channel): "c" + KeySchema.escape(channel)
        }
    }

    /// Splits `text` at each `delimiter` byte. Splitting by `Character` would miss a delimiter that Unicode joins
    /// with its neighbour into one grapheme (an escaped name may start with a combining accent or end with a
    /// prepended mark), and the record or state would no longer decode.
    private static func split(_ text: Substring, at delimiter: Unicode.Scalar) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: delimiter), omittingEmptySubsequences: false).map { Substring($0) }
    }

    private static func decodeScope(_ code: Substring) -> KPIScope? {
        guard let kind = code.utf8.first else { return nil }
        let rest = Substring(code.utf8.dropFirst())
        switch kind {
        case UInt8(ascii: "o"): return rest.isEmpty ? .organization : nil
        case UInt8(ascii: "d"): return KeySchema.unescape(rest).map { .department($0) }
        case UInt8(ascii: "a"): return KeySchema.unescape(rest).map { .agent($0) }
        case UInt8(ascii: "x"):
            let names = split(rest, at: "/")
            guard names.count == 2, let department = KeySchema.unescape(names[0]),
                let agent = KeySchema.unescape(names[1])
            else { return nil }
            return .departmentAgent(department: department, agent: agent)
        case UInt8(ascii: "c"): return KeySchema.unescape(rest).map { .channel($0) }
        default: return nil
        }
    }
}
