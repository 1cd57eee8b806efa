/// How a call ended, from `outcome`.
enum CallCenterOutcome: Sendable, Hashable {
    /// `AGENT`: the call reached an agent (the log names `NO_SERVER` for some of them).
    case agent
    /// `HANG`: the caller hung up before service.
    case hang
}

/// One call of the log, decoded: times are Unix milliseconds (UTC); `nil` means "did not happen" (`0:00:00`
/// with a zero duration).
struct CallCenterRow: Sendable, Hashable {
    /// `<vru+line>/<call_id>`, the ticket id.
    var ticketID: String
    /// `type`, the service line: the department.
    var serviceLine: String
    /// `priority`, as written (`0`, `1`, `2`).
    var priority: String
    var outcome: CallCenterOutcome
    /// `server`, the agent who served the call, or `NO_SERVER`.
    var server: String
    var vruEntryMs: Int64
    var vruExitMs: Int64?
    var queueStartMs: Int64?
    var queueExitMs: Int64?
    var serviceStartMs: Int64?
    var serviceExitMs: Int64?
    /// `q_time`, seconds waited in the agent queue.
    var queueSeconds: Int
    /// `ser_time`, seconds of service.
    var serviceSeconds: Int

    /// The `server` value of a call no agent served.
    static let noServer = "NO_SERVER"
}

/// A column of the log the importer needs.
enum CallCenterColumn: Int, CaseIterable {
    case line, callID, priority, type, date, vruEntry, vruExit, vruTime, queueStart, queueExit, queueTime, outcome
    case serviceStart, serviceExit, serviceTime, server

    /// The column's name in the header.
    var name: String {
        switch self {
        case .line: "vru+line"
        case .callID: "call_id"
        case .priority: "priority"
        case .type: "type"
        case .date: "date"
        case .vruEntry: "vru_entry"
        case .vruExit: "vru_exit"
        case .vruTime: "vru_time"
        case .queueStart: "q_start"
        case .queueExit: "q_exit"
        case .queueTime: "q_time"
        case .outcome: "outcome"
        case .serviceStart: "ser_start"
        case .serviceExit: "ser_exit"
        case .serviceTime: "ser_time"
        case .server: "server"
        }
    }
}

/// Where the needed columns are in the log, found by header name.
struct CallCenterColumns {
    /// Each needed column's field index, by ``CallCenterColumn`` raw value.
    private let indexes: [Int]
    /// The number of fields in the header; every row must have as many.
    let count: Int

    /// Finds the columns in the header record.
    ///
    /// - Returns: the columns, or the names of the needed columns the header lacks.
    static func find(in header: CSVRecord) -> Result<CallCenterColumns, MissingColumns> {
        var indexByName: [String: Int] = [:]
        for index in 0..<header.count {
            var name = header.string(at: index)
            // A byte-order mark would otherwise stick to the first column's name.
            if index == 0 && name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if indexByName[name] == nil { indexByName[name] = index }
        }
        let missing = CallCenterColumn.allCases.map(\.name).filter { indexByName[$0] == nil }
        guard missing.isEmpty else { return .failure(MissingColumns(names: missing)) }
        let indexes = CallCenterColumn.allCases.compactMap { indexByName[$0.name] }
        return .success(CallCenterColumns(indexes: indexes, count: header.count))
    }

    private init(indexes: [Int], count: Int) {
        self.indexes = indexes
        self.count = count
    }

    /// The bytes of `column` in `record`.
    private func field(_ record: CSVRecord, _ column: CallCenterColumn) -> ArraySlice<UInt8> {
        record[indexes[column.rawValue]]
    }

    /// Decodes a data row.
    ///
    /// - Returns: the call, or why the row cannot be used.
    func decode(_ record: CSVRecord) -> CallCenterDecoding {
        guard record.count == count else { return .skipped(.wrongColumnCount) }
        let outcome: CallCenterOutcome
        switch field(record, .outcome) {
        case let bytes where bytes.elementsEqual("AGENT".utf8): outcome = .agent
        case let bytes where bytes.elementsEqual("HANG".utf8): outcome = .hang
        case let bytes where bytes.elementsEqual("PHANTOM".utf8): return .skipped(.phantom)
        default: return .skipped(.badOutcome)
        }

        let line = field(record, .line)
        let callID = field(record, .callID)
        guard !line.isEmpty, !callID.isEmpty else { return .skipped(.emptyCallID) }
        guard let dayMs = CallCenterClock.dayStartMs(field(record, .date)) else { return .skipped(.badDate) }
        guard
            let vruSeconds = CallCenterClock.duration(field(record, .vruTime)),
            let queueSeconds = CallCenterClock.duration(field(record, .queueTime)),
            let serviceSeconds = CallCenterClock.duration(field(record, .serviceTime))
        else { return .skipped(.badDuration) }

        var times: [Int?] = []
        let clockColumns: [CallCenterColumn] = [
            .vruEntry, .vruExit, .queueStart, .queueExit, .serviceStart, .serviceExit,
        ]
        for column in clockColumns {
            guard let seconds = CallCenterClock.secondsOfDay(field(record, column)) else { return .skipped(.badTime) }
            times.append(seconds)
        }
        // `times` holds six values, each parsed above.
        let entry = times[0]!
        func moment(_ index: Int, duration: Int) -> Int64? {
            CallCenterClock.moment(times[index]!, duration: duration, entrySeconds: entry, dayStartMs: dayMs)
        }

        let row = CallCenterRow(
            ticketID: String(decoding: line, as: UTF8.self) + "/" + String(decoding: callID, as: UTF8.self),
            serviceLine: String(decoding: field(record, .type), as: UTF8.self),
            priority: String(decoding: field(record, .priority), as: UTF8.self),
            outcome: outcome,
            server: String(decoding: field(record, .server), as: UTF8.self),
            vruEntryMs: dayMs + Int64(entry) * 1000,
            vruExitMs: moment(1, duration: vruSeconds),
            queueStartMs: moment(2, duration: queueSeconds),
            queueExitMs: moment(3, duration: queueSeconds),
            serviceStartMs: moment(4, duration: serviceSeconds),
            serviceExitMs: moment(5, duration: serviceSeconds),
            queueSeconds: queueSeconds,
            serviceSeconds: serviceSeconds
        )
        return .row(row)
    }
}

/// A decoded call, or why its row cannot be used.
enum CallCenterDecoding {
    case row(CallCenterRow)
    case skipped(CallCenterSkipReason)
}

/// Reads the log's `YYMMDD` dates and `H:MM:SS` clock times, as UTC.
enum CallCenterClock {
    /// Half a day: a time this much before the call's VRU entry is on the next day (the call crossed midnight).
    static let midnightThresholdSeconds = 43_200

    /// The Unix time in milliseconds of 00:00 on a `YYMMDD` date of the 1900s, or `nil` when it is malformed.
    static func dayStartMs(_ text: ArraySlice<UInt8>) -> Int64? {
        guard text.count == 6, let value = digits(text) else { return nil }
        let (year, month, day) = (1900 + value / 10_000, value / 100 % 100, value % 100)
        guard (1...12).contains(month), (1...ServiceNowTimestamp.daysInMonth(month, year: year)).contains(day) else {
            return nil
        }
        return Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day)) * 86_400_000
    }

    /// Seconds since midnight of an `H:MM:SS` time (one or two hour digits), or `nil` when it is malformed.
    static func secondsOfDay(_ text: ArraySlice<UInt8>) -> Int? {
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), parts[1].count == 2, parts[2].count == 2,
            let hour = digits(parts[0]), let minute = digits(parts[1]), let second = digits(parts[2]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    /// A whole number of seconds, possibly negative (`vru_time` is negative in a few rows).
    static func duration(_ text: ArraySlice<UInt8>) -> Int? {
        if text.first == UInt8(ascii: "-") { return digits(text.dropFirst()).map { -$0 } }
        return digits(text)
    }

    /// The Unix time of a clock time of the call, or `nil` when it did not happen (`0:00:00` with a zero
    /// duration). A time more than half a day before the VRU entry is on the next day.
    static func moment(_ seconds: Int, duration: Int, entrySeconds: Int, dayStartMs: Int64) -> Int64? {
        if seconds == 0 && duration == 0 { return nil }
        let nextDay = seconds < entrySeconds - midnightThresholdSeconds
        return dayStartMs + Int64(nextDay ? seconds + 86_400 : seconds) * 1000
    }

    /// A non-negative decimal number of 1 to 9 digits.
    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard (1...9).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
