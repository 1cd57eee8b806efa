import KPICore
import KPIMessages

/// A command line split into flags (`--name value`, `--name=value`, or bare `--name`) and positional words.
struct Options {
    private(set) var flags: [String: String] = [:]
    private(set) var words: [String] = []
    /// Flags that take no value.
    static let switches: Set<String> = [
        "--json", "--agents", "--help", "--departments", "--quiet", "--org", "--percentiles",
    ]
    /// Flags that take a value.
    static let valued: Set<String> = [
        "--addr", "--dept", "--agent", "--channel", "--window", "--at", "--from", "--to", "--top", "--repeat",
        "--batch",
        "--parallel", "--timeout-ms", "--step", "--tz", "--kpi", "--min", "--max", "--by",
    ]

    init(_ arguments: [String]) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                words.append(argument)
                continue
            }
            let name = argument.firstIndex(of: "=").map { String(argument[..<$0]) } ?? argument
            guard Self.switches.contains(name) || Self.valued.contains(name) else {
                throw UsageError("unknown option \(name) (see kpictl --help)")
            }
            if let equals = argument.firstIndex(of: "=") {
                flags[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
            } else if Self.switches.contains(argument) {
                flags[argument] = "true"
            } else {
                guard index < arguments.count else { throw UsageError("\(argument) needs a value") }
                flags[argument] = arguments[index]
                index += 1
            }
        }
    }

    subscript(_ flag: String) -> String? { flags[flag] }

    /// Refuses flags the command does not take and words beyond the ones it expects.
    func check(command: String, allows allowed: Set<String>, words expected: Int) throws(UsageError) {
        let global: Set<String> = ["--addr", "--help", "--timeout-ms"]
        if let stray = flags.keys.sorted().first(where: { !allowed.contains($0) && !global.contains($0) }) {
            throw UsageError("\(command) does not take \(stray) (see kpictl --help)")
        }
        guard words.count <= expected else {
            throw UsageError("unexpected \"\(words[expected])\" after \(command) (see kpictl --help)")
        }
    }

    /// The scope from `--channel`, `--dept` and `--agent`; the organisation when none is given.
    func scope() -> KPIScope {
        if let channel = flags["--channel"] { return .channel(channel) }
        switch (flags["--dept"], flags["--agent"]) {
        case (nil, nil): return .organization
        case (let department?, nil): return .department(department)
        case (nil, let agent?): return .agent(agent)
        case (let department?, let agent?): return .departmentAgent(department: department, agent: agent)
        }
    }

    /// The range from `--window` (with `--at`) or `--from`/`--to`; the last 24 hours when none is given.
    func timeRange() throws(UsageError) -> KPITimeRange {
        if let window = flags["--window"] {
            let endMs =
                try flags["--at"].map { (text) throws(UsageError) in try TimeArgument.parseMs(text, flag: "--at") }
                ?? 0
            return .rolling(durationMs: try TimeArgument.parseDurationMs(window), endMs: endMs)
        }
        guard let from = flags["--from"], let to = flags["--to"] else {
            return .rolling(durationMs: 86_400_000, endMs: 0)
        }
        return .absolute(
            fromMs: try TimeArgument.parseMs(from, flag: "--from"),
            toMs: try TimeArgument.parseMs(to, flag: "--to")
        )
    }

    /// The call deadline from `--timeout-ms` (default 5000).
    func timeoutMs() throws(UsageError) -> UInt32 {
        UInt32(try integer("--timeout-ms", default: 5_000, in: 1...600_000))
    }

    func has(_ flag: String) -> Bool { flags[flag] != nil }

    func integer(_ flag: String, default value: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = flags[flag] else { return value }
        guard let number = Int(text), range.contains(number) else {
            let upper = range.upperBound == Int.max ? "or more" : "to \(range.upperBound)"
            throw UsageError("\(flag) must be a whole number from \(range.lowerBound) \(upper), got \(text)")
        }
        return number
    }

    /// kpid's address from `--addr` or `KPID_ADDR`, default 127.0.0.1:7411.
    func address(environment: [String: String]) throws(UsageError) -> (host: String, port: UInt16) {
        let text = flags["--addr"] ?? environment["KPID_ADDR"] ?? "127.0.0.1:7411"
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw UsageError("--addr must be host:port, got \(text)")
        }
        return (String(text[..<colon]), port)
    }
}

/// A mistake on the command line; the message says what to do instead.
struct UsageError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Reads the times kpictl accepts: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` (UTC), or Unix milliseconds.
enum TimeArgument {
    static func parseMs(_ text: String, flag: String) throws(UsageError) -> Int64 {
        if text.allSatisfy(\.isNumber), let ms = Int64(text) { return ms }
        let parts = text.split(whereSeparator: { $0 == "T" || $0 == " " })
        let date = parts.first.map { $0.split(separator: "-").compactMap { Int64($0) } } ?? []
        let time = parts.count > 1 ? parts[1].split(separator: ":").compactMap { Int64($0) } : [0, 0]
        guard date.count == 3, time.count == 2, (1...12).contains(date[1]),
            (1...UTCCalendar.daysInMonth(year: date[0], month: date[1])).contains(date[2]),
            (0...23).contains(time[0]), (0...59).contains(time[1])
        else { throw UsageError("\(flag) must be YYYY-MM-DD, YYYY-MM-DDTHH:MM (UTC) or Unix ms, got \(text)") }
        let days = UTCCalendar.days(from: UTCCalendar.CivilDate(year: date[0], month: date[1], day: date[2]))
        return (days * 1_440 + time[0] * 60 + time[1]) * 60_000
    }

    /// `30m`, `1h`, `24h`, `7d`, `30d` → milliseconds.
    static func parseDurationMs(_ text: String) throws(UsageError) -> Int64 {
        let units: [Character: Int64] = ["m": 60_000, "h": 3_600_000, "d": 86_400_000]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0 else {
            throw UsageError("--window must be a count and a unit (m, h, d), like 1h, 24h, 7d or 30d; got \(text)")
        }
        return count * unit
    }

    static func format(ms: Int64) -> String {
        let minutes = ms >= 0 ? ms / 60_000 : (ms - 59_999) / 60_000
        let days = minutes >= 0 ? minutes / 1_440 : (minutes - 1_439) / 1_440
        let date = UTCCalendar.civilDate(fromDays: days)
        let minuteOfDay = minutes - days * 1_440
        return "\(date) \(pad(minuteOfDay / 60)):\(pad(minuteOfDay % 60)) UTC"
    }

    private static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
