import KPICore

#if canImport(Glibc)
import Glibc
#endif

/// How long kpid keeps what it writes to Redis.
public struct StoreConfiguration: Sendable {
    /// How long each counter tier is kept (minute and hour buckets expire; days, months and years stay).
    public var retention: RetentionPolicy
    /// How long a ticket's state and event records live after its last event.
    public var ticketTTLSeconds: Int64
    /// How long an "applied" marker lives: the window in which a retried event's interrupted counter writes
    /// are finished instead of being reported as duplicates.
    public var applyWindowSeconds: Int64
    /// Attempts to save a ticket that other writers keep changing before its events are rejected.
    public var maxCommitAttempts: Int
    /// The clock, as Unix milliseconds; tests replace it.
    public var now: @Sendable () -> Int64

    public init(
        retention: RetentionPolicy = RetentionPolicy(minuteTierMinutes: 48 * 60, hourTierMinutes: 90 * 24 * 60),
        ticketTTLSeconds: Int64 = 400 * 86_400,
        applyWindowSeconds: Int64 = 3_600,
        maxCommitAttempts: Int = 5,
        now: @escaping @Sendable () -> Int64 = StoreConfiguration.systemNow
    ) {
        self.retention = retention
        self.ticketTTLSeconds = ticketTTLSeconds
        self.applyWindowSeconds = applyWindowSeconds
        self.maxCommitAttempts = maxCommitAttempts
        self.now = now
    }

    @Sendable public static func systemNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
