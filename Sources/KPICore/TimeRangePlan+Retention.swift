extension RangePlan {
    /// `range` with each edge that needs expired buckets floored to the next coarser tier.
    ///
    /// Buckets expire oldest first, so a span is fully kept exactly when its first bucket is.
    /// Each pass aligns one edge to the hour or the day, so the loop ends after at most four
    /// passes.
    static func retainedRange(
        _ range: Range<Int64>,
        now: Int64,
        policy: RetentionPolicy
    ) -> Range<Int64> {
        var range = range
        while let expired = firstExpiredSpan(covering: range, now: now, policy: policy) {
            range = flooringEdge(of: range, holding: expired)
        }
        return range
    }

    /// The oldest span of the plan for `range` that uses a bucket no longer kept, if any.
    private static func firstExpiredSpan(
        covering range: Range<Int64>,
        now: Int64,
        policy: RetentionPolicy
    ) -> BucketSpan? {
        spans(covering: range).first { !policy.keeps(firstBucket(of: $0), now: now) }
    }

    /// The address of a span's first (oldest) bucket.
    private static func firstBucket(of span: BucketSpan) -> BucketAddress {
        BucketAddress(tier: span.tier, parent: span.parent, index: span.lo)
    }

    /// `range` with the edge that `span` belongs to floored to the tier above the span's.
    private static func flooringEdge(
        of range: Range<Int64>,
        holding span: BucketSpan
    ) -> Range<Int64> {
        // Only minute and hour buckets expire, so there is always a coarser tier.
        let coarser = TimeTier(rawValue: span.tier.rawValue + 1)!
        let lower = range.lowerBound
        let upper = range.upperBound

        // Spans before the first coarser boundary serve the start; the others serve the end.
        if span.minutes.lowerBound < coarser.ceilMinute(lower) {
            return coarser.floorMinute(lower)..<upper
        }
        let flooredUpper = max(coarser.floorMinute(upper), lower)
        precondition(flooredUpper < upper, "span \(span) of \(range) belongs to neither edge")
        return lower..<flooredUpper
    }
}
