/// One counter bucket: a field `index` in the Redis hash of `parent` for `tier`.
public struct BucketAddress: Sendable, Hashable, CustomStringConvertible {
    /// The bucket's granularity.
    public var tier: TimeTier
    /// The parent period whose hash holds the bucket (see ``TimeTier``).
    public var parent: Int64
    /// The bucket's field inside the parent hash.
    public var index: Int64

    /// Creates an address without checking that `index` exists in `parent`.
    public init(tier: TimeTier, parent: Int64, index: Int64) {
        self.tier = tier
        self.parent = parent
        self.index = index
    }

    /// `tier:parent:index`, for test output and logs.
    public var description: String { "\(tier):\(parent):\(index)" }

    /// The first epoch minute of the bucket.
    public var startMinute: Int64 { tier.startMinute(parent: parent, index: index) }

    /// The epoch minute just after the bucket.
    public var endMinute: Int64 { tier.endMinute(parent: parent, index: index) }

    /// The first epoch minute of the parent period.
    public var parentStartMinute: Int64 { tier.parentStartMinute(parent) }

    /// The epoch minute just after the parent period; a parent hash may expire once this is past
    /// retention.
    public var parentEndMinute: Int64 { tier.parentEndMinute(parent) }

    /// The buckets one event increments: one per tier, finest first.
    /// - Parameter minute: The event's epoch minute.
    /// - Returns: Five addresses, in `TimeTier.allCases` order.
    public static func addresses(forMinute minute: Int64) -> [BucketAddress] {
        TimeTier.allCases.map { $0.address(forMinute: minute) }
    }
}
