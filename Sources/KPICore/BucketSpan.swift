/// A run of consecutive buckets in one parent hash: fields `lo…hi` (inclusive) of `parent` for
/// `tier`.
///
/// A range read sums the fields of each span, e.g. with one `HMGET` per span.
public struct BucketSpan: Sendable, Hashable, CustomStringConvertible {
    /// The buckets' granularity.
    public var tier: TimeTier
    /// The parent period whose hash holds the buckets.
    public var parent: Int64
    /// The first index, inclusive.
    public var lo: Int64
    /// The last index, inclusive.
    public var hi: Int64

    /// Creates a span.
    /// - Parameters:
    ///   - tier: The buckets' granularity.
    ///   - parent: The parent period whose hash holds the buckets.
    ///   - lo: The first index, inclusive.
    ///   - hi: The last index, inclusive; at least `lo`.
    public init(tier: TimeTier, parent: Int64, lo: Int64, hi: Int64) {
        precondition(lo <= hi, "span \(tier):\(parent) has lo \(lo) after hi \(hi)")
        self.tier = tier
        self.parent = parent
        self.lo = lo
        self.hi = hi
    }

    /// `tier:parent[lo…hi]`, for test output and logs.
    public var description: String { "\(tier):\(parent)[\(lo)…\(hi)]" }

    /// The number of buckets in the span.
    public var count: Int64 { hi - lo + 1 }

    /// The epoch minutes the span covers.
    public var minutes: Range<Int64> {
        tier.startMinute(parent: parent, index: lo)..<tier.endMinute(parent: parent, index: hi)
    }
}
