import Testing

@testable import KPICore

@Suite("TimeTier and BucketAddress")
struct TimeTierTests {
    typealias M = NaiveCalendar

    @Test("an event increments one bucket per tier, each in its parent hash")
    func addressesOfOneEvent() {
        let minute = M.minute(2016, 3, 1, 10, 37)
        let day = M.days(year: 2016, month: 3, day: 1)
        #expect(
            BucketAddress.addresses(forMinute: minute) == [
                BucketAddress(tier: .minute, parent: day * 24 + 10, index: 37),
                BucketAddress(tier: .hour, parent: day, index: 10),
                BucketAddress(tier: .day, parent: 554, index: 0),
                BucketAddress(tier: .month, parent: 2016, index: 2),
                BucketAddress(tier: .year, parent: 0, index: 2016),
            ]
        )
    }

    @Test("the last minute of 1969 lands in the last bucket of each 1969 parent")
    func minuteBefore1970() {
        #expect(
            BucketAddress.addresses(forMinute: -1) == [
                BucketAddress(tier: .minute, parent: -1, index: 59),
                BucketAddress(tier: .hour, parent: -1, index: 23),
                BucketAddress(tier: .day, parent: -1, index: 30),
                BucketAddress(tier: .month, parent: 1969, index: 11),
                BucketAddress(tier: .year, parent: 0, index: 1969),
            ]
        )
        #expect(TimeTier.day.address(forMinute: -1).startMinute == -1440)
    }

    @Test("leap day 2016-02-29 is day index 28 and February 2016 has 29 day buckets")
    func leapDay() {
        let address = TimeTier.day.address(forMinute: M.minute(2016, 2, 29, 23, 59))
        #expect(address == BucketAddress(tier: .day, parent: 553, index: 28))
        #expect(address.parentEndMinute - address.parentStartMinute == 29 * 1440)
    }

    @Test("bucket and parent bounds agree with the naive calendar for seeded random minutes")
    func boundsAgreeWithNaiveCalendar() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let minute = RangePlanTests.randomMinute(using: &generator)
            for address in BucketAddress.addresses(forMinute: minute) {
                let span = BucketSpan(tier: address.tier, parent: address.parent, lo: address.index, hi: address.index)
                let expected = try #require(SpanOracle.minutes(of: span), "\(address)")
                try #require(expected.contains(minute), "\(address) does not hold minute \(minute)")
                try #require(address.startMinute..<address.endMinute == expected, "\(address)")
                try #require(address.tier == .year || Self.parentMatches(address), "\(address)")
            }
        }
    }

    /// Whether the address's parent bounds are those of the span of all its parent's buckets.
    static func parentMatches(_ address: BucketAddress) -> Bool {
        let last = address.tier.address(forMinute: address.parentEndMinute - 1)
        let whole = BucketSpan(tier: address.tier, parent: address.parent, lo: 0, hi: last.index)
        return last.parent == address.parent
            && SpanOracle.minutes(of: whole) == address.parentStartMinute..<address.parentEndMinute
    }
}
