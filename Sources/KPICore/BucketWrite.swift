/// A bucket an event increments, with the TTL its parent hash must carry.
public struct BucketWrite: Sendable, Hashable {
    /// The bucket to increment.
    public var address: BucketAddress
    /// Seconds until the parent hash may expire (always > 0), or nil when the tier is kept
    /// forever.
    public var ttlSeconds: Int64?

    /// Creates a write.
    /// - Parameters:
    ///   - address: The bucket to increment.
    ///   - ttlSeconds: Seconds until the parent hash may expire, or nil for no expiry.
    public init(address: BucketAddress, ttlSeconds: Int64?) {
        self.address = address
        self.ttlSeconds = ttlSeconds
    }
}

extension BucketAddress {
    /// The buckets an event at `minute` should increment at `now`: those still kept, each with
    /// its parent's TTL.
    ///
    /// Buckets already past retention are left out: their hash may be gone, and an `EXPIRE` with
    /// a TTL ≤ 0 would delete what was just written.
    /// - Parameters:
    ///   - minute: The event's epoch minute.
    ///   - now: The current epoch minute.
    ///   - policy: How long each tier is kept.
    /// - Returns: Up to five writes, finest tier first; the day, month and year buckets are
    ///   always included.
    public static func writableAddresses(
        forMinute minute: Int64,
        now: Int64,
        policy: RetentionPolicy
    ) -> [BucketWrite] {
        addresses(forMinute: minute).compactMap { address in
            guard policy.keeps(address, now: now) else { return nil }
            guard let retention = policy.retentionMinutes(of: address.tier) else {
                return BucketWrite(address: address, ttlSeconds: nil)
            }

            // Kept means bucketEnd + retention > now, and parentEnd ≥ bucketEnd, so this is at
            // least 60 s.
            let ttlMinutes = address.parentEndMinute + retention - now
            return BucketWrite(address: address, ttlSeconds: ttlMinutes * 60)
        }
    }
}
