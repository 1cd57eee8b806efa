/// The fixed 16-byte header in front of every frame, all integers big-endian.
///
/// | Offset | Size | Field |
/// |---|---|---|
/// | 0 | 1 | magic `0xA7` |
/// | 1 | 1 | version `1` |
/// | 2 | 1 | type |
/// | 3 | 1 | flags |
/// | 4 | 4 | stream id |
/// | 8 | 4 | meta length M |
/// | 12 | 4 | payload length P |
public struct FrameHeader: Sendable, Hashable {
    /// Bytes in an encoded header.
    public static let size = 16
    /// The first byte of every frame.
    public static let magic: UInt8 = 0xA7
    /// The only framing version this code speaks.
    public static let version: UInt8 = 1

    public var type: FrameType
    public var flags: FrameFlags
    /// 0 for connection frames; 1...2^31-1 for calls.
    public var streamID: UInt32
    /// M, the length of the metadata that follows the header.
    public var metaLength: UInt32
    /// P, the length of the payload that follows the metadata.
    public var payloadLength: UInt32

    public init(
        type: FrameType,
        flags: FrameFlags = [],
        streamID: UInt32,
        metaLength: UInt32,
        payloadLength: UInt32
    ) {
        self.type = type
        self.flags = flags
        self.streamID = streamID
        self.metaLength = metaLength
        self.payloadLength = payloadLength
    }

    /// M + P, computed without overflow.
    public var bodyLength: UInt64 { UInt64(metaLength) + UInt64(payloadLength) }

    /// The 16 header bytes.
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.size)
        encode(into: &bytes)
        return bytes
    }

    /// Appends the 16 header bytes to `bytes`.
    public func encode(into bytes: inout [UInt8]) {
        bytes.append(Self.magic)
        bytes.append(Self.version)
        bytes.append(type.rawValue)
        bytes.append(flags.rawValue)
        appendBigEndian(streamID, to: &bytes)
        appendBigEndian(metaLength, to: &bytes)
        appendBigEndian(payloadLength, to: &bytes)
    }

    /// Reads a header from the first 16 bytes of `bytes`.
    ///
    /// Checks what a header alone can tell: magic, version and the COMPRESSED flag. Size limits are
    /// the decoder's business, because they depend on the connection's ``ProtocolLimits``.
    /// - Throws: ``FrameError`` with code `truncatedHeader`, `badMagic`, `unsupportedVersion` or
    ///   `compressedFrame`.
    public static func decode(_ bytes: some Collection<UInt8>) throws(FrameError) -> FrameHeader {
        let head = Array(bytes.prefix(size))
        guard head.count == size else {
            throw FrameError(code: .truncatedHeader, message: "header needs \(size) bytes, got \(head.count)")
        }
        return try head.withUnsafeBufferPointer { buffer throws(FrameError) in try decode(buffer) }
    }

    /// Reads a header from a buffer of at least 16 bytes.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(FrameError) -> FrameHeader {
        precondition(bytes.count >= size, "decode needs \(size) bytes, got \(bytes.count)")
        guard bytes[0] == magic else {
            throw FrameError(code: .badMagic, message: "bad magic byte 0x\(String(bytes[0], radix: 16))")
        }
        guard bytes[1] == version else {
            throw FrameError(code: .unsupportedVersion, message: "unsupported framing version \(bytes[1])")
        }
        let flags = FrameFlags(rawValue: bytes[3])
        guard !flags.contains(.compressed) else {
            throw FrameError(code: .compressedFrame, message: "COMPRESSED flag set; version 1 has no compression")
        }
        return FrameHeader(
            type: FrameType(rawValue: bytes[2]),
            flags: flags,
            streamID: readBigEndian(bytes, at: 4),
            metaLength: readBigEndian(bytes, at: 8),
            payloadLength: readBigEndian(bytes, at: 12)
        )
    }
}

private func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: value >> 24))
    bytes.append(UInt8(truncatingIfNeeded: value >> 16))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    bytes.append(UInt8(truncatingIfNeeded: value))
}

private func readBigEndian(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
        | UInt32(bytes[offset + 3])
}
