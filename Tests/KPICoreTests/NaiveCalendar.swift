/// A deliberately slow calendar for checking `UTCCalendar` and the tiers: it walks years and months one by one
/// from 1970 with a plain month-length table, sharing no arithmetic with the code under test.
enum NaiveCalendar {
    /// Month lengths of a common year, January first.
    static let commonMonthLengths: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// The leap rule written out as the Gregorian reform states it.
    static func isLeap(_ year: Int64) -> Bool {
        if year % 400 == 0 { return true }
        if year % 100 == 0 { return false }
        return year % 4 == 0
    }

    static func monthLength(year: Int64, month: Int64) -> Int64 {
        month == 2 && isLeap(year) ? 29 : commonMonthLengths[Int(month - 1)]
    }

    /// Days since 1970-01-01 of January 1st, by adding whole years; for years 1970 and later.
    static func firstDay(ofYear year: Int64) -> Int64 {
        var days: Int64 = 0
        for y in 1970..<max(year, 1970) {
            days += isLeap(y) ? 366 : 365
        }
        return days
    }

    /// Days since 1970-01-01 of a date, by adding whole months; for years 1970 and later.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        var days = firstDay(ofYear: year)
        for m in 1..<month {
            days += monthLength(year: year, month: m)
        }
        return days + day - 1
    }

    /// Epoch minute of a date and time, for writing test ranges readably.
    static func minute(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        days(year: year, month: month, day: day) * 1440 + hour * 60 + minute
    }
}
