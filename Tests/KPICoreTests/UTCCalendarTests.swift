import Testing

@testable import KPICore

@Suite("UTCCalendar")
struct UTCCalendarTests {
    typealias CivilDate = UTCCalendar.CivilDate

    // Day numbers worked out by hand: 1970…1999 is 30 years with 7 leap days (72, 76, …, 96) = 10957 days;
    // 2000-03-01 adds 31 + 29 more; 2016-01-01 adds 16 years with 4 leap days (2000, 2004, 2008, 2012) = 5844,
    // then 31 + 29 for January and February; 9999-12-31 is 2932896 (checked with the naive walk below too).
    @Test(
        "known dates map to their day numbers and back",
        arguments: [
            (CivilDate(year: 1970, month: 1, day: 1), Int64(0)),
            (CivilDate(year: 1969, month: 12, day: 31), -1),
            (CivilDate(year: 2000, month: 1, day: 1), 10_957),
            (CivilDate(year: 2000, month: 2, day: 29), 11_016),
            (CivilDate(year: 2000, month: 3, day: 1), 11_017),
            (CivilDate(year: 2016, month: 2, day: 29), 16_860),
            (CivilDate(year: 2016, month: 3, day: 1), 16_861),
            (CivilDate(year: 9999, month: 12, day: 31), 2_932_896),
            (CivilDate(year: 1, month: 1, day: 1), -719_162),
        ] as [(CivilDate, Int64)]
    )
    func knownDates(date: CivilDate, days: Int64) {
        #expect(UTCCalendar.days(from: date) == days)
        #expect(UTCCalendar.civilDate(fromDays: days) == date)
    }

    @Test(
        "leap years follow the 4, 100 and 400 rules",
        arguments: [(1900, false), (2000, true), (2100, false), (2016, true), (2015, false), (2400, true)]
            as [(Int64, Bool)]
    )
    func leapYears(year: Int64, isLeap: Bool) {
        #expect(UTCCalendar.isLeapYear(year) == isLeap)
        #expect(UTCCalendar.daysInMonth(year: year, month: 2) == (isLeap ? 29 : 28))
        let marchFirst = UTCCalendar.days(from: CivilDate(year: year, month: 3, day: 1))
        let februaryFirst = UTCCalendar.days(from: CivilDate(year: year, month: 2, day: 1))
        #expect(marchFirst - februaryFirst == (isLeap ? 29 : 28))
    }

    @Test("every day from 1970 to 2100 agrees with a day-by-day walk of the calendar")
    func walkAgreesWithNaiveCalendar() throws {
        var expected = CivilDate(year: 1970, month: 1, day: 1)
        let lastDay = NaiveCalendar.days(year: 2100, month: 12, day: 31)
        for days in Int64(0)...lastDay {
            let date = UTCCalendar.civilDate(fromDays: days)
            try #require(date == expected, "day \(days)")
            try #require(UTCCalendar.days(from: date) == days)
            expected = Self.nextDay(after: expected)
        }
    }

    @Test("day numbers round-trip across the whole supported range, negative days included")
    func roundTripsEverywhere() {
        let first = UTCCalendar.days(from: CivilDate(year: 1, month: 1, day: 1))
        let last = UTCCalendar.days(from: CivilDate(year: 9999, month: 12, day: 31))
        var failures = 0
        for days in stride(from: first, through: last, by: 97)
        where UTCCalendar.days(from: UTCCalendar.civilDate(fromDays: days)) != days {
            failures += 1
        }
        #expect(failures == 0)
        #expect(UTCCalendar.civilDate(fromDays: last + 1) == CivilDate(year: 10_000, month: 1, day: 1))
    }

    @Test("month lengths match the naive table for every month of a few centuries")
    func monthLengths() {
        for year in Int64(1896)...2404 {
            for month in Int64(1)...12 {
                #expect(
                    UTCCalendar.daysInMonth(year: year, month: month)
                        == NaiveCalendar.monthLength(year: year, month: month)
                )
            }
        }
    }

    @Test(
        "month indices count months from January 1970",
        arguments: [(1970, 1, Int64(0)), (1970, 12, 11), (1971, 1, 12), (2016, 3, 554), (1969, 12, -1), (1969, 1, -12)]
            as [(Int64, Int64, Int64)]
    )
    func monthIndices(year: Int64, month: Int64, index: Int64) {
        #expect(UTCCalendar.monthIndex(year: year, month: month) == index)
        let back = UTCCalendar.yearAndMonth(ofMonthIndex: index)
        #expect(back.year == year && back.month == month)
        #expect(
            UTCCalendar.firstDay(ofMonthIndex: index)
                == UTCCalendar.days(from: CivilDate(year: year, month: month, day: 1))
        )
    }

    @Test("the first day of 2016-03 by month index is day 16861")
    func firstDayOfMonthIndex() {
        #expect(UTCCalendar.firstDay(ofMonthIndex: 554) == 16_861)
        #expect(UTCCalendar.firstDay(ofYear: 2016) == 16_801)
    }

    /// The day after `date`, by the naive month table.
    static func nextDay(after date: CivilDate) -> CivilDate {
        if date.day < NaiveCalendar.monthLength(year: date.year, month: date.month) {
            return CivilDate(year: date.year, month: date.month, day: date.day + 1)
        }
        if date.month < 12 {
            return CivilDate(year: date.year, month: date.month + 1, day: 1)
        }
        return CivilDate(year: date.year + 1, month: 1, day: 1)
    }
}
