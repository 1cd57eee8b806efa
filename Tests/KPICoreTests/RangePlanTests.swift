import Testing

@testable import KPICore

@Suite("RangePlan")
struct RangePlanTests {
    typealias M = NaiveCalendar

    /// Epoch hour of a date and hour, the parent of minute buckets.
    static func epochHour(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64) -> Int64 {
        M.days(year: year, month: month, day: day) * 24 + hour
    }

    static func day(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        M.days(year: year, month: month, day: day)
    }

    static func monthIndex(_ year: Int64, _ month: Int64) -> Int64 {
        (year - 1970) * 12 + month - 1
    }

    @Test("March 2016, month-aligned, is a single month span")
    func monthAligned() {
        let plan = RangePlan(from: M.minute(2016, 3, 1), to: M.minute(2016, 4, 1))
        #expect(plan.spans == [BucketSpan(tier: .month, parent: 2016, lo: 2, hi: 2)])
        #expect(plan.effective == plan.requested)
    }

    @Test("a 24 h window ending at 10:37 is minutes, hours, hours, minutes")
    func dayEndingAt1037() {
        let plan = RangePlan(from: M.minute(2016, 3, 1, 10, 37), to: M.minute(2016, 3, 2, 10, 37))
        #expect(
            plan.spans == [
                BucketSpan(tier: .minute, parent: Self.epochHour(2016, 3, 1, 10), lo: 37, hi: 59),
                BucketSpan(tier: .hour, parent: Self.day(2016, 3, 1), lo: 11, hi: 23),
                BucketSpan(tier: .hour, parent: Self.day(2016, 3, 2), lo: 0, hi: 9),
                BucketSpan(tier: .minute, parent: Self.epochHour(2016, 3, 2, 10), lo: 0, hi: 36),
            ]
        )
    }

    @Test("one hour ending on the hour is a single hour bucket")
    func hourEndingOnTheHour() {
        let plan = RangePlan(from: M.minute(2016, 3, 1, 9), to: M.minute(2016, 3, 1, 10))
        #expect(plan.spans == [BucketSpan(tier: .hour, parent: Self.day(2016, 3, 1), lo: 9, hi: 9)])
    }

    @Test("one hour ending at 10:37 is minutes in two hour hashes")
    func hourEndingMidHour() {
        let plan = RangePlan(from: M.minute(2016, 3, 1, 9, 37), to: M.minute(2016, 3, 1, 10, 37))
        #expect(
            plan.spans == [
                BucketSpan(tier: .minute, parent: Self.epochHour(2016, 3, 1, 9), lo: 37, hi: 59),
                BucketSpan(tier: .minute, parent: Self.epochHour(2016, 3, 1, 10), lo: 0, hi: 36),
            ]
        )
    }

    @Test("a few hours across New Year split at midnight")
    func hoursAcrossNewYear() {
        let plan = RangePlan(from: M.minute(2015, 12, 31, 22, 30), to: M.minute(2016, 1, 1, 1, 15))
        #expect(
            plan.spans == [
                BucketSpan(tier: .minute, parent: Self.epochHour(2015, 12, 31, 22), lo: 30, hi: 59),
                BucketSpan(tier: .hour, parent: Self.day(2015, 12, 31), lo: 23, hi: 23),
                BucketSpan(tier: .hour, parent: Self.day(2016, 1, 1), lo: 0, hi: 0),
                BucketSpan(tier: .minute, parent: Self.epochHour(2016, 1, 1, 1), lo: 0, hi: 14),
            ]
        )
    }

    @Test("months across New Year use the month hashes of both years")
    func monthsAcrossNewYear() {
        let plan = RangePlan(from: M.minute(2015, 11, 15), to: M.minute(2016, 2, 10))
        #expect(
            plan.spans == [
                BucketSpan(tier: .day, parent: Self.monthIndex(2015, 11), lo: 14, hi: 29),
                BucketSpan(tier: .month, parent: 2015, lo: 11, hi: 11),
                BucketSpan(tier: .month, parent: 2016, lo: 0, hi: 0),
                BucketSpan(tier: .day, parent: Self.monthIndex(2016, 2), lo: 0, hi: 8),
            ]
        )
    }

    @Test("a range across 2016-02-29 counts the leap day as day index 28")
    func acrossLeapDay() {
        let plan = RangePlan(from: M.minute(2016, 2, 28, 12), to: M.minute(2016, 3, 1, 6))
        #expect(
            plan.spans == [
                BucketSpan(tier: .hour, parent: Self.day(2016, 2, 28), lo: 12, hi: 23),
                BucketSpan(tier: .day, parent: Self.monthIndex(2016, 2), lo: 28, hi: 28),
                BucketSpan(tier: .hour, parent: Self.day(2016, 3, 1), lo: 0, hi: 5),
            ]
        )
    }

    @Test("the worst case uses all five tiers on both sides of the years: 9 spans")
    func worstCase() {
        let plan = RangePlan(from: M.minute(2014, 11, 29, 22, 59), to: M.minute(2017, 2, 2, 1, 1))
        #expect(
            plan.spans == [
                BucketSpan(tier: .minute, parent: Self.epochHour(2014, 11, 29, 22), lo: 59, hi: 59),
                BucketSpan(tier: .hour, parent: Self.day(2014, 11, 29), lo: 23, hi: 23),
                BucketSpan(tier: .day, parent: Self.monthIndex(2014, 11), lo: 29, hi: 29),
                BucketSpan(tier: .month, parent: 2014, lo: 11, hi: 11),
                BucketSpan(tier: .year, parent: 0, lo: 2015, hi: 2016),
                BucketSpan(tier: .month, parent: 2017, lo: 0, hi: 0),
                BucketSpan(tier: .day, parent: Self.monthIndex(2017, 2), lo: 0, hi: 0),
                BucketSpan(tier: .hour, parent: Self.day(2017, 2, 2), lo: 0, hi: 0),
                BucketSpan(tier: .minute, parent: Self.epochHour(2017, 2, 2, 1), lo: 0, hi: 0),
            ]
        )
    }

    @Test("an unbounded start counts whole years from 1970")
    func unboundedStart() {
        let plan = RangePlan(from: nil, to: M.minute(2026, 12, 3, 10, 37))
        #expect(plan.requested.lowerBound == 0)
        #expect(
            plan.spans == [
                BucketSpan(tier: .year, parent: 0, lo: 1970, hi: 2025),
                BucketSpan(tier: .month, parent: 2026, lo: 0, hi: 10),
                BucketSpan(tier: .day, parent: Self.monthIndex(2026, 12), lo: 0, hi: 1),
                BucketSpan(tier: .hour, parent: Self.day(2026, 12, 3), lo: 0, hi: 9),
                BucketSpan(tier: .minute, parent: Self.epochHour(2026, 12, 3, 10), lo: 0, hi: 36),
            ]
        )
    }

    @Test("a range up to the end of 9999 ends with the year 9999 bucket")
    func rangeToTheEndOf9999() {
        let end = UTCCalendar.firstDay(ofYear: 10_000) * 1440
        let plan = RangePlan(from: end - 366 * 1440 - 90, to: end)
        #expect(plan.spans.last == BucketSpan(tier: .year, parent: 0, lo: 9999, hi: 9999))
        #expect(SpanOracle.problem(with: plan.spans, covering: plan.effective) == nil)
    }

    @Test("an empty range has no spans")
    func emptyRange() {
        let minute = M.minute(2016, 3, 1, 10, 37)
        #expect(RangePlan(from: minute, to: minute).spans.isEmpty)
    }

    @Test("hand-picked edge ranges tile exactly, without sharing a hash")
    func edgeRangesTile() {
        let edges: [Int64] = [
            0, 1, 59, 60, 1439, 1440, M.minute(1970, 2, 1) - 1, M.minute(1971, 1, 1), M.minute(2000, 2, 29, 23, 59),
            M.minute(2000, 3, 1), M.minute(2016, 2, 29), M.minute(2016, 3, 1), M.minute(2099, 12, 31, 23, 59),
        ]
        for from in edges {
            for to in edges where from < to {
                let plan = RangePlan(from: from, to: to)
                #expect(SpanOracle.problem(with: plan.spans, covering: from..<to) == nil, "[\(from), \(to))")
                #expect(plan.spans.count <= 9)
            }
        }
    }

    @Test("thousands of seeded random ranges, minutes to decades long, tile exactly in at most 9 spans")
    func randomRangesTile() throws {
        var generator = SeededGenerator(seed: 0x6B70_6964)
        for _ in 0..<4000 {
            let range = Self.randomRange(using: &generator)
            let plan = RangePlan(from: range.lowerBound, to: range.upperBound)
            let problem = SpanOracle.problem(with: plan.spans, covering: range)
            try #require(problem == nil, "\(range): \(problem ?? "")")
            try #require(plan.spans.count <= 9, "\(range): \(plan.spans)")
        }
    }

    /// A range in 1970…2099 whose ends are often aligned to hours, days, months or years, and whose length is
    /// spread over every order of magnitude from one minute to about 95 years.
    static func randomRange(using generator: inout SeededGenerator) -> Range<Int64> {
        let from = randomMinute(using: &generator)
        let magnitude = Int64.random(in: 0...7, using: &generator)
        var power: Int64 = 1
        for _ in 0..<magnitude { power *= 10 }

        // Half the time the end is an independent, often aligned, minute; otherwise a random length away.
        let limit = M.minute(2100, 1, 1)
        let other =
            Bool.random(using: &generator)
            ? randomMinute(using: &generator) : min(from + Int64.random(in: 1...5 * power, using: &generator), limit)
        return other == from ? from..<from + 1 : min(from, other)..<max(from, other)
    }

    /// A minute in 1970…2099 whose smaller fields are each zero (or the first day) half the time.
    static func randomMinute(using generator: inout SeededGenerator) -> Int64 {
        func field(_ range: ClosedRange<Int64>) -> Int64 {
            Bool.random(using: &generator) ? range.lowerBound : Int64.random(in: range, using: &generator)
        }
        let year = Int64.random(in: 1970...2099, using: &generator)
        let month = field(1...12)
        let day = field(1...M.monthLength(year: year, month: month))
        return M.minute(year, month, day, field(0...23), field(0...59))
    }
}
