/// Reads the ServiceNow export's timestamps, `D/M/YYYY H:MM` (day first, optional `:SS`), as UTC.
enum ServiceNowTimestamp {
    /// The Unix time in milliseconds of a timestamp, or `nil` when it is malformed or names no real date.
    static func unixMilliseconds<Bytes: Collection<UInt8>>(_ text: Bytes) -> Int64? {
        var scanner = DigitScanner(text)
        guard
            let day = scanner.number(maxDigits: 2, then: "/"),
            let month = scanner.number(maxDigits: 2, then: "/"),
            let year = scanner.number(maxDigits: 4, then: " "),
            let hour = scanner.number(maxDigits: 2, then: ":"),
            let minute = scanner.number(maxDigits: 2, then: ":")
        else { return nil }

        // Seconds are optional; the export has minute precision.
        var second = 0
        if scanner.isAtEnd == false {
            guard let value = scanner.number(maxDigits: 2, then: nil) else { return nil }
            second = value
        }
        guard scanner.isAtEnd, scanner.endedOnSeparator == false else { return nil }

        // Years are written with four digits; fewer digits would be read as the first centuries.
        guard (1000...9999).contains(year) else { return nil }
        guard (1...12).contains(month), (1...daysInMonth(month, year: year)).contains(day) else { return nil }
        guard hour < 24, minute < 60, second < 60 else { return nil }
        let days = Int64(CivilDate.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1000
    }

    /// The number of days in `month` (1–12) of `year` in the proleptic Gregorian calendar.
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: CivilDate.isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Calendar arithmetic on proleptic Gregorian dates, without Foundation.
enum CivilDate {
    /// Whether `year` has a 29 February.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Days from 1970-01-01 to the given date (negative before it).
    ///
    /// Counts in 400-year eras that start on 1 March, so the leap day is the last day of its "year" and the
    /// month lengths from March on repeat in a fixed pattern.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        // 719,468 days separate 0000-03-01 from 1970-01-01.
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// Reads unsigned decimal numbers, each followed by a separator byte, from ASCII text.
private struct DigitScanner<Bytes: Collection<UInt8>> {
    private let text: Bytes
    private var index: Bytes.Index
    /// Whether the last `number` call consumed a separator.
    private(set) var endedOnSeparator = false

    init(_ text: Bytes) {
        self.text = text
        self.index = text.startIndex
    }

    var isAtEnd: Bool { index == text.endIndex }

    /// Reads 1 to `maxDigits` digits, then `separator` if one is given and the text goes on.
    ///
    /// - Returns: the number, or `nil` when there is no digit, too many digits, or another byte than the
    ///   separator follows.
    mutating func number(maxDigits: Int, then separator: Unicode.Scalar?) -> Int? {
        var value = 0
        var digits = 0
        while index != text.endIndex, let digit = Self.digitValue(text[index]) {
            value = value * 10 + digit
            digits += 1
            index = text.index(after: index)
        }
        guard (1...maxDigits).contains(digits) else { return nil }

        endedOnSeparator = false
        if let separator, index != text.endIndex {
            guard text[index] == UInt8(ascii: separator) else { return nil }
            index = text.index(after: index)
            endedOnSeparator = true
        }
        return value
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        (48...57).contains(byte) ? Int(byte - 48) : nil
    }
}
