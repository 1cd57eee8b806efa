/// Integer conversions between days since 1970-01-01 and the proleptic Gregorian calendar, in
/// UTC.
///
/// Day 0 is 1970-01-01; earlier days are negative. The algorithms are Howard Hinnant's
/// `days_from_civil` and `civil_from_days`, exact for every year from 1 to 9999 (and beyond)
/// without tables or floating point.
public enum UTCCalendar {
    /// A calendar date: year, month 1–12 and day of month 1–31.
    public struct CivilDate: Sendable, Hashable, CustomStringConvertible {
        /// The year, 1…9999 in the supported range.
        public var year: Int64
        /// The month, 1 (January) to 12 (December).
        public var month: Int64
        /// The day of the month, 1 to 28…31.
        public var day: Int64

        /// Creates a date without checking it; use ``UTCCalendar/daysInMonth(year:month:)`` to
        /// validate.
        public init(year: Int64, month: Int64, day: Int64) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// The date as `YYYY-MM-DD`, for test output and messages.
        public var description: String {
            "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        }
    }

    /// Days from 0000-03-01 to 1970-01-01: the algorithms count from a March 1st so leap days
    /// come last.
    private static let daysFromMarchEpochTo1970: Int64 = 719_468

    /// Days in a 400-year Gregorian cycle.
    private static let daysPerEra: Int64 = 146_097

    /// Whether `year` has a February 29th: every 4th year, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int64) -> Bool {
        year.flooredModulo(4) == 0 && (year.flooredModulo(100) != 0 || year.flooredModulo(400) == 0)
    }

    /// The number of days in a month.
    /// - Parameters:
    ///   - year: The calendar year.
    ///   - month: The month, 1–12.
    /// - Returns: 28, 29, 30 or 31.
    public static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        precondition((1...12).contains(month), "month \(month) is not in 1...12")
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a calendar date (negative before 1970).
    /// - Parameter date: A valid date; the day is not range-checked, so day 0 means the last day
    ///   of the month before.
    /// - Returns: The day number, 0 for 1970-01-01.
    public static func days(from date: CivilDate) -> Int64 {
        // Count years from March so February, with its leap day, is the last month of the year.
        let year = date.month <= 2 ? date.year - 1 : date.year
        let era = year.flooredDivision(by: 400)
        let yearOfEra = year - era * 400

        let shiftedMonth = date.month > 2 ? date.month - 3 : date.month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + date.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * daysPerEra + dayOfEra - daysFromMarchEpochTo1970
    }

    /// The calendar date of a day number.
    /// - Parameter days: Days since 1970-01-01, negative before it.
    /// - Returns: The date that day falls on.
    public static func civilDate(fromDays days: Int64) -> CivilDate {
        let shifted = days + daysFromMarchEpochTo1970
        let era = shifted.flooredDivision(by: daysPerEra)
        let dayOfEra = shifted - era * daysPerEra

        // Undo the 4/100/400-year leap corrections to find the year of the era (0...399).
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153

        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return CivilDate(year: year, month: month, day: day)
    }

    /// The month index of a year and month: months since January 1970 (negative before it).
    public static func monthIndex(year: Int64, month: Int64) -> Int64 {
        (year - 1970) * 12 + (month - 1)
    }

    /// The year and month (1–12) of a month index.
    public static func yearAndMonth(ofMonthIndex monthIndex: Int64) -> (year: Int64, month: Int64) {
        (1970 + monthIndex.flooredDivision(by: 12), monthIndex.flooredModulo(12) + 1)
    }

    /// Days since 1970-01-01 of the first day of a month index.
    public static func firstDay(ofMonthIndex monthIndex: Int64) -> Int64 {
        let (year, month) = yearAndMonth(ofMonthIndex: monthIndex)
        return days(from: CivilDate(year: year, month: month, day: 1))
    }

    /// Days since 1970-01-01 of January 1st of `year`.
    public static func firstDay(ofYear year: Int64) -> Int64 {
        days(from: CivilDate(year: year, month: 1, day: 1))
    }
}
