/// How long the fine tiers are kept; day, month and year buckets are always kept.
///
/// A bucket is *kept* while `bucketEnd + retention > now` (all in minutes). Parent hashes of a
/// limited tier get a TTL running to `parentEnd + retention`, so every bucket lives at least as
/// long as promised.
public struct RetentionPolicy: Sendable, Hashable {
    /// Minutes a minute bucket is kept after it ends, or nil to keep it forever.
    public var minuteTierMinutes: Int64?
    /// Minutes an hour bucket is kept after it ends, or nil to keep it forever.
    public var hourTierMinutes: Int64?

    /// Creates a policy.
    /// - Parameters:
    ///   - minuteTierMinutes: Minutes a minute bucket is kept after it ends (≥ 0), or nil for
    ///     forever.
    ///   - hourTierMinutes: Minutes an hour bucket is kept after it ends (≥ 0), or nil for
    ///     forever.
    public init(minuteTierMinutes: Int64?, hourTierMinutes: Int64?) {
        // A negative retention would drop buckets before they end; that is a configuration bug.
        precondition((minuteTierMinutes ?? 0) >= 0, "minute retention \(minuteTierMinutes ?? 0) < 0")
        precondition((hourTierMinutes ?? 0) >= 0, "hour retention \(hourTierMinutes ?? 0) < 0")
        self.minuteTierMinutes = minuteTierMinutes
        self.hourTierMinutes = hourTierMinutes
    }

    /// Every tier kept forever.
    public static let forever = RetentionPolicy(minuteTierMinutes: nil, hourTierMinutes: nil)

    /// The retention of a tier in minutes, or nil when it is kept forever.
    public func retentionMinutes(of tier: TimeTier) -> Int64? {
        switch tier {
        case .minute: minuteTierMinutes
        case .hour: hourTierMinutes
        case .day, .month, .year: nil
        }
    }

    /// Whether a bucket is still kept at `now`.
    /// - Parameters:
    ///   - address: The bucket.
    ///   - now: The current epoch minute.
    /// - Returns: True if its tier is kept forever or `bucketEnd + retention > now`.
    public func keeps(_ address: BucketAddress, now: Int64) -> Bool {
        guard let retention = retentionMinutes(of: address.tier) else { return true }
        return address.endMinute + retention > now
    }
}
