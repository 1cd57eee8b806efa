/// The flags byte of a frame. Bits this version does not define are kept but mean nothing.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The sender sends nothing more on this stream (set on every version 1 CALL and STATUS).
    public static let endStream = FrameFlags(rawValue: 1 << 0)
    /// The body is compressed; version 1 forbids it, and a decoder rejects frames that set it.
    public static let compressed = FrameFlags(rawValue: 1 << 1)
}
