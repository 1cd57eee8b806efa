import Testing

@testable import KPICore

@Suite("Retention")
struct RetentionTests {
    typealias M = NaiveCalendar

    /// Minute buckets for a day, hour buckets for 90 days.
    static let policy = RetentionPolicy(minuteTierMinutes: 1440, hourTierMinutes: 90 * 1440)
    static let now = M.minute(2016, 3, 5, 10, 37)

    @Test("a live event writes all five tiers, with TTLs running to parent end plus retention")
    func liveWrite() {
        let writes = BucketAddress.writableAddresses(forMinute: Self.now, now: Self.now, policy: Self.policy)
        #expect(writes.map(\.address) == BucketAddress.addresses(forMinute: Self.now))
        // The hour 10:00 ends 23 minutes from now; the day ends 13 h 23 min from now.
        let expected: [Int64?] = [(23 + 1440) * 60, (803 + 90 * 1440) * 60, nil, nil, nil]
        #expect(writes.map(\.ttlSeconds) == expected)
    }

    @Test("an event three days old skips the minute tier; one a year old skips minute and hour tiers")
    func oldWrites() {
        let threeDaysAgo = BucketAddress.writableAddresses(
            forMinute: Self.now - 3 * 1440,
            now: Self.now,
            policy: Self.policy
        )
        #expect(threeDaysAgo.map(\.address.tier) == [.hour, .day, .month, .year])
        #expect(threeDaysAgo.allSatisfy { ($0.ttlSeconds ?? 1) > 0 })

        let yearAgo = BucketAddress.writableAddresses(
            forMinute: Self.now - 366 * 1440,
            now: Self.now,
            policy: Self.policy
        )
        #expect(yearAgo.map(\.address.tier) == [.day, .month, .year])
        #expect(yearAgo.allSatisfy { $0.ttlSeconds == nil })
    }

    @Test(
        "a minute bucket is written while its end plus retention is after now, never with a TTL of 0",
        arguments: [(Int64(1440), true), (1441, false)]
    )
    func retentionBoundary(age: Int64, written: Bool) throws {
        let writes = BucketAddress.writableAddresses(forMinute: Self.now - age, now: Self.now, policy: Self.policy)
        let minuteWrite = writes.first { $0.address.tier == .minute }
        #expect((minuteWrite != nil) == written)
        if let minuteWrite {
            #expect(try #require(minuteWrite.ttlSeconds) > 0)
        }
    }

    @Test("random writes under random policies keep exactly the live buckets and never return a TTL ≤ 0")
    func randomWrites() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            let minute = RangePlanTests.randomMinute(using: &generator)
            let now = minute + Int64.random(in: -100...5000, using: &generator)
            let minuteRetention = Int64.random(in: 0...3000, using: &generator)
            let hourRetention = Int64.random(in: 0...3000, using: &generator)
            let policy = RetentionPolicy(minuteTierMinutes: minuteRetention, hourTierMinutes: hourRetention)
            let writes = BucketAddress.writableAddresses(forMinute: minute, now: now, policy: policy)

            // Independent arithmetic: the minute bucket ends at minute + 1, the hour bucket at the next full hour.
            let hourEnd = minute - minute % 60 + 60
            let tiers = writes.map(\.address.tier)
            try #require(tiers.contains(.minute) == (minute + 1 + minuteRetention > now))
            try #require(tiers.contains(.hour) == (hourEnd + hourRetention > now))
            try #require(writes.allSatisfy { ($0.ttlSeconds ?? 1) > 0 }, "\(writes)")
        }
    }

    @Test("with every tier kept forever, writes have all five tiers and no TTL")
    func foreverWrites() {
        let writes = BucketAddress.writableAddresses(forMinute: 0, now: Self.now, policy: .forever)
        #expect(writes.count == 5)
        #expect(writes.allSatisfy { $0.ttlSeconds == nil })
    }

    @Test("a range entirely within retention is planned unchanged")
    func liveRange() {
        let plan = RangePlan(from: Self.now - 1440, to: Self.now, now: Self.now, policy: Self.policy)
        #expect(!plan.isAdjusted)
        #expect(plan.effective == Self.now - 1440..<Self.now)
        #expect(plan.spans == RangePlan(from: Self.now - 1440, to: Self.now).spans)
    }

    @Test("a start older than minute retention is floored to the hour and reported")
    func startFlooredToHour() {
        let from = M.minute(2016, 3, 3, 10, 37)
        let plan = RangePlan(from: from, to: Self.now, now: Self.now, policy: Self.policy)
        #expect(plan.isAdjusted)
        #expect(plan.requested == from..<Self.now)
        #expect(plan.effective == M.minute(2016, 3, 3, 10)..<Self.now)
        #expect(
            plan.spans == [
                BucketSpan(tier: .hour, parent: M.days(year: 2016, month: 3, day: 3), lo: 10, hi: 23),
                BucketSpan(tier: .day, parent: 554, lo: 3, hi: 3),
                BucketSpan(tier: .hour, parent: M.days(year: 2016, month: 3, day: 5), lo: 0, hi: 9),
                BucketSpan(tier: .minute, parent: M.days(year: 2016, month: 3, day: 5) * 24 + 10, lo: 0, hi: 36),
            ]
        )
    }

    @Test("a start older than hour retention too is floored to the day")
    func startFlooredToDay() {
        let shortHours = RetentionPolicy(minuteTierMinutes: 1440, hourTierMinutes: 2 * 1440)
        let plan = RangePlan(from: M.minute(2016, 3, 1, 10, 37), to: Self.now, now: Self.now, policy: shortHours)
        #expect(plan.effective == M.minute(2016, 3, 1)..<Self.now)
        #expect(plan.spans.first == BucketSpan(tier: .day, parent: 554, lo: 0, hi: 3))
    }

    @Test("an end older than minute retention is floored to the hour")
    func endFlooredToHour() {
        let plan = RangePlan(
            from: M.minute(2016, 1, 1),
            to: M.minute(2016, 1, 10, 10, 37),
            now: Self.now,
            policy: Self.policy
        )
        #expect(plan.effective == M.minute(2016, 1, 1)..<M.minute(2016, 1, 10, 10))
        #expect(plan.isAdjusted)
    }

    @Test("an expired range inside one hour plans to nothing rather than to wrong data")
    func expiredWithinOneHour() {
        let plan = RangePlan(
            from: M.minute(2016, 1, 1, 10, 5),
            to: M.minute(2016, 1, 1, 10, 50),
            now: Self.now,
            policy: Self.policy
        )
        #expect(plan.effective.isEmpty)
        #expect(plan.spans.isEmpty)
    }

    @Test("random ranges under random retention plan only kept buckets, moving edges only to hours or days")
    func randomRetainedRanges() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<2000 {
            let range = RangePlanTests.randomRange(using: &generator)
            let now = range.upperBound + Int64.random(in: -3000...20_000, using: &generator)
            let policy = RetentionPolicy(
                minuteTierMinutes: Int64.random(in: 0...5000, using: &generator),
                hourTierMinutes: Int64.random(in: 0...20_000, using: &generator)
            )
            let plan = RangePlan(from: range.lowerBound, to: range.upperBound, now: now, policy: policy)
            try Self.check(plan, now: now, policy: policy)
        }
    }

    /// Checks a retained plan with independent arithmetic.
    static func check(_ plan: RangePlan, now: Int64, policy: RetentionPolicy) throws {
        let problem = SpanOracle.problem(with: plan.spans, covering: plan.effective)
        try #require(problem == nil, "\(plan.requested): \(problem ?? "")")

        for span in plan.spans {
            let oldest = BucketSpan(tier: span.tier, parent: span.parent, lo: span.lo, hi: span.lo)
            let oldestEnd = try #require(SpanOracle.minutes(of: oldest)).upperBound
            let retention = policy.retentionMinutes(of: span.tier).map { oldestEnd + $0 > now } ?? true
            try #require(retention, "\(plan.requested) uses expired \(span) at \(now)")
        }

        func allowed(_ edge: Int64) -> [Int64] { [edge, edge - edge % 60, edge - edge % 1440] }
        try #require(allowed(plan.requested.lowerBound).contains(plan.effective.lowerBound))
        try #require(allowed(plan.requested.upperBound).contains(plan.effective.upperBound) || plan.effective.isEmpty)
        let unadjusted = RangePlan(from: plan.requested.lowerBound, to: plan.requested.upperBound)
        if unadjusted.spans.allSatisfy({ Self.isKept($0, now: now, policy: policy) }) {
            try #require(!plan.isAdjusted, "\(plan.requested) was adjusted though all its buckets are kept")
        }
    }

    static func isKept(_ span: BucketSpan, now: Int64, policy: RetentionPolicy) -> Bool {
        let oldest = BucketSpan(tier: span.tier, parent: span.parent, lo: span.lo, hi: span.lo)
        guard let retention = policy.retentionMinutes(of: span.tier), let minutes = SpanOracle.minutes(of: oldest)
        else {
            return true
        }
        return minutes.upperBound + retention > now
    }
}
