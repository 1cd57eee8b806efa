import Testing

@testable import KPICore

@Suite("SeriesPlan: points at step boundaries in a named time zone")
struct SeriesPlanTests {
    /// Unix ms of a UTC date and time, worked out from 2024-01-01T00:00Z = 1,704,067,200 s.
    private static func ms(day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
        Clock.ms(day: day, hour, minute)
    }

    @Test("a daily series in Europe/Paris has a 23-hour day when the clocks go forward (31 March 2024)")
    func daylightSavingDay() throws {
        // Local midnights: 30 Mar 00:00 CET = 29 Mar 23:00Z; 31 Mar 00:00 CET = 30 Mar 23:00Z;
        // 1 Apr 00:00 CEST = 31 Mar 22:00Z. Day 89 of 2024 is 30 March.
        let points = try SeriesPlan.points(
            fromMs: Self.ms(day: 88, 23),
            toMs: Self.ms(day: 90, 22),
            step: .day,
            timeZone: "Europe/Paris"
        )
        #expect(points.map { $0.upperBound - $0.lowerBound } == [1_440, 1_380])
        #expect(points.first?.lowerBound == Clock.minute(day: 88, 23))
        #expect(points.last?.upperBound == Clock.minute(day: 90, 22))
    }

    @Test("days in Asia/Kolkata start at 18:30 UTC; the first and last points are cut at the range's edges")
    func halfHourZone() throws {
        let points = try SeriesPlan.points(
            fromMs: Self.ms(day: 0, 12),
            toMs: Self.ms(day: 2, 6),
            step: .day,
            timeZone: "Asia/Kolkata"
        )
        #expect(
            points == [
                Clock.minute(day: 0, 12)..<Clock.minute(day: 0, 18, 30),
                Clock.minute(day: 0, 18, 30)..<Clock.minute(day: 1, 18, 30),
                Clock.minute(day: 1, 18, 30)..<Clock.minute(day: 2, 6),
            ]
        )
    }

    @Test("hourly points in UTC, and weeks that start on Monday")
    func hoursAndWeeks() throws {
        let hours = try SeriesPlan.points(
            fromMs: Self.ms(day: 0, 9, 30),
            toMs: Self.ms(day: 0, 12),
            step: .hour,
            timeZone: "UTC"
        )
        #expect(
            hours.map(\.lowerBound) == [
                Clock.minute(day: 0, 9, 30), Clock.minute(day: 0, 10), Clock.minute(day: 0, 11),
            ]
        )
        // 1 January 2024 is a Monday; 8 January the next.
        let weeks = try SeriesPlan.points(fromMs: Self.ms(day: 3), toMs: Self.ms(day: 17), step: .week, timeZone: "UTC")
        #expect(weeks.map(\.lowerBound) == [Clock.minute(day: 3), Clock.minute(day: 7), Clock.minute(day: 14)])
    }

    @Test("an unknown zone, an empty range or too many points are refused with a message")
    func refusals() {
        #expect(throws: SeriesPlanError.self) {
            try SeriesPlan.points(fromMs: Self.ms(day: 0), toMs: Self.ms(day: 1), step: .day, timeZone: "Mars/Olympus")
        }
        #expect(throws: SeriesPlanError.self) {
            try SeriesPlan.points(fromMs: Self.ms(day: 1), toMs: Self.ms(day: 0), step: .day, timeZone: "UTC")
        }
        #expect(throws: SeriesPlanError.self) {
            try SeriesPlan.points(fromMs: Self.ms(day: 0), toMs: Self.ms(day: 60), step: .hour, timeZone: "UTC")
        }
    }
}
