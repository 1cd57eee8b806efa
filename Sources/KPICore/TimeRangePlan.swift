/// The fewest bucket spans whose sum is a counter's total over a half-open range of epoch
/// minutes.
///
/// Spans are chosen greedily from the coarsest tier: the complete years inside the range, then
/// complete months, days and hours at its edges, then the remaining minutes. A range needs at
/// most 9 spans (minutes, hours, days and months on each side of a run of years), and no two
/// spans share a parent hash.
///
/// With a ``RetentionPolicy``, an edge that would need minute (or hour) buckets no longer kept is
/// floored to the hour (or day); ``effective`` then differs from ``requested`` and ``isAdjusted``
/// is true.
public struct RangePlan: Sendable, Hashable {
    /// Where an unbounded range starts: 1970-01-01 00:00 UTC.
    ///
    /// Events before 1970 can be stored (the tiers handle negative minutes) but unbounded ranges
    /// do not count them; ``KPIWindow`` rejects times before 1970 anyway.
    public static let unboundedStartMinute: Int64 = 0

    /// The range asked for, with an unbounded start replaced by ``unboundedStartMinute``.
    public let requested: Range<Int64>
    /// The range the spans actually cover.
    public let effective: Range<Int64>
    /// The spans, in chronological order.
    public let spans: [BucketSpan]

    /// Whether retention moved an edge, so ``effective`` differs from ``requested``.
    public var isAdjusted: Bool { effective != requested }

    /// Plans a range assuming every bucket is kept.
    /// - Parameters:
    ///   - from: The first epoch minute, or nil for ``unboundedStartMinute``.
    ///   - to: The epoch minute just after the range; at least `from`.
    public init(from: Int64?, to: Int64) {
        self.init(from: from, to: to, now: to, policy: .forever)
    }

    /// Plans a range, flooring edges whose fine buckets are past retention.
    /// - Parameters:
    ///   - from: The first epoch minute, or nil for ``unboundedStartMinute``.
    ///   - to: The epoch minute just after the range; at least `from`.
    ///   - now: The current epoch minute, which decides what retention has dropped.
    ///   - policy: How long the minute and hour tiers are kept.
    public init(from: Int64?, to: Int64, now: Int64, policy: RetentionPolicy) {
        let start = from ?? Self.unboundedStartMinute
        precondition(start <= to, "range start \(start) is after its end \(to)")

        requested = start..<to
        effective = Self.retainedRange(requested, now: now, policy: policy)
        spans = Self.spans(covering: effective)
    }

    /// The greedy decomposition of a range with every bucket kept.
    static func spans(covering range: Range<Int64>) -> [BucketSpan] {
        var spans: [BucketSpan] = []
        appendSpans(from: range.lowerBound, to: range.upperBound, tier: .year, into: &spans)
        return spans
    }

    /// Appends the spans for `[start, end)` using `tier` and finer, in chronological order.
    private static func appendSpans(
        from start: Int64,
        to end: Int64,
        tier: TimeTier,
        into spans: inout [BucketSpan]
    ) {
        guard start < end else { return }
        guard let finer = tier.finer else {
            // Minutes are the finest buckets, and every epoch minute is a whole one.
            appendWholeBuckets(start..<end, tier: tier, into: &spans)
            return
        }

        let wholeStart = tier.ceilMinute(start)
        let wholeEnd = tier.floorMinute(end)
        guard wholeStart < wholeEnd else {
            appendSpans(from: start, to: end, tier: finer, into: &spans)
            return
        }

        appendSpans(from: start, to: wholeStart, tier: finer, into: &spans)
        appendWholeBuckets(wholeStart..<wholeEnd, tier: tier, into: &spans)
        appendSpans(from: wholeEnd, to: end, tier: finer, into: &spans)
    }

    /// Appends one span per parent for bucket-aligned `range`.
    private static func appendWholeBuckets(
        _ range: Range<Int64>,
        tier: TimeTier,
        into spans: inout [BucketSpan]
    ) {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let first = tier.address(forMinute: cursor)
            let stop = min(first.parentEndMinute, range.upperBound)
            let last = tier.address(forMinute: stop - 1)
            let span = BucketSpan(tier: tier, parent: first.parent, lo: first.index, hi: last.index)
            spans.append(span)
            cursor = stop
        }
    }
}
