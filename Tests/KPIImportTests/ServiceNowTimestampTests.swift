import Testing

@testable import KPIImport

@Suite("ServiceNow timestamps")
struct ServiceNowTimestampTests {
    private func parse(_ text: String) -> Int64? {
        ServiceNowTimestamp.unixMilliseconds(Array(text.utf8))
    }

    @Test(
        "valid D/M/YYYY H:MM times read as UTC",
        arguments: [
            ("1/1/1970 0:00", 0),
            ("29/2/2016 01:16", 1_456_708_560_000),
            ("29/2/2016 1:16", 1_456_708_560_000),
            ("1/3/2016 0:00", 1_456_790_400_000),
            ("5/3/2016 12:00", 1_457_179_200_000),
            ("31/12/2016 23:59", 1_483_228_740_000),
            ("1/1/2017 00:00", 1_483_228_800_000),
            ("08/02/2017 9:05", 1_486_544_700_000),
            ("29/2/2000 12:00", 951_825_600_000),
            ("31/12/1969 23:59", -60_000),
            ("5/3/2016 12:00:30", 1_457_179_230_000),
        ] as [(String, Int64)]
    )
    func valid(text: String, expected: Int64) {
        #expect(parse(text) == expected)
    }

    @Test(
        "malformed or impossible times are rejected",
        arguments: [
            "", "?", "31/2/2016 10:00", "29/2/2015 10:00", "29/2/1900 10:00", "31/4/2016 10:00", "0/1/2016 10:00",
            "1/13/2016 10:00", "1/1/2016 24:00", "1/1/2016 10:60", "1/1/2016", "1/1/2016 10", "1/1/2016 10:",
            "1/1/16 10:00", "1/1/2016 10:00:", "1/1/2016 10:00 ", " 1/1/2016 10:00", "1-1-2016 10:00",
            "123/1/2016 10:00", "1/1/2016 10:00:60", "2016-03-01T10:00:00Z",
        ]
    )
    func invalid(text: String) {
        #expect(parse(text) == nil)
    }

    @Test("days since the epoch agree with a day-by-day count across leap years")
    func civilDays() {
        var expected = 0
        var mismatches: [String] = []
        for year in 1970...2030 {
            for month in 1...12 {
                for day in 1...ServiceNowTimestamp.daysInMonth(month, year: year) {
                    let days = CivilDate.daysSinceEpoch(year: year, month: month, day: day)
                    if days != expected { mismatches.append("\(day)/\(month)/\(year): \(days) != \(expected)") }
                    expected += 1
                }
            }
        }
        #expect(mismatches.isEmpty)
        #expect(expected == 22_280)
    }
}
