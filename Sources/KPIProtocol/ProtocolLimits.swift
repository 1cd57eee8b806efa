/// The limits one connection enforces, in one place so the server, the client and the tests agree.
///
/// Frame sizes count the metadata and payload bytes (M + P), not the 16-byte header.
public struct ProtocolLimits: Sendable, Hashable {
    /// Largest frame (M + P) processed; bigger frames up to ``hardFrameCap`` are skipped and
    /// their call refused.
    public var maxFrameSize: Int
    /// Frames bigger than this (M + P) end the connection, because skipping them would tie it
    /// up too long.
    public var hardFrameCap: Int
    /// Largest metadata block (M).
    public var maxMetaSize: Int
    /// Calls that may be in flight on one connection at once.
    public var maxConcurrentCalls: Int
    /// A connection with no calls and no frames for this long is closed.
    public var idleTimeoutMs: Int
    /// Time a client has to send HELLO after connecting.
    public var helloTimeoutMs: Int
    /// Deadline of a call whose `timeout_ms` is 0.
    public var defaultCallTimeoutMs: Int
    /// Longest deadline a call may ask for; longer ones are shortened to it.
    public var maxCallTimeoutMs: Int

    /// Creates limits; every argument defaults to protocol version 1's value.
    public init(
        maxFrameSize: Int = 1 << 20,
        hardFrameCap: Int = 16 << 20,
        maxMetaSize: Int = 8 << 10,
        maxConcurrentCalls: Int = 256,
        idleTimeoutMs: Int = 300_000,
        helloTimeoutMs: Int = 5_000,
        defaultCallTimeoutMs: Int = 5_000,
        maxCallTimeoutMs: Int = 60_000
    ) {
        precondition(maxFrameSize >= 0 && maxFrameSize <= hardFrameCap, "maxFrameSize \(maxFrameSize) out of range")
        precondition(maxMetaSize >= 0, "maxMetaSize \(maxMetaSize) is negative")
        self.maxFrameSize = maxFrameSize
        self.hardFrameCap = hardFrameCap
        self.maxMetaSize = maxMetaSize
        self.maxConcurrentCalls = maxConcurrentCalls
        self.idleTimeoutMs = idleTimeoutMs
        self.helloTimeoutMs = helloTimeoutMs
        self.defaultCallTimeoutMs = defaultCallTimeoutMs
        self.maxCallTimeoutMs = maxCallTimeoutMs
    }

    /// Protocol version 1's defaults.
    public static let `default` = ProtocolLimits()

    /// The deadline a call gets for the `timeout_ms` it asked for: the default for 0,
    /// capped at ``maxCallTimeoutMs``.
    public func effectiveCallTimeoutMs(requested: UInt32) -> Int {
        if requested == 0 { return defaultCallTimeoutMs }
        return min(Int(requested), maxCallTimeoutMs)
    }
}
