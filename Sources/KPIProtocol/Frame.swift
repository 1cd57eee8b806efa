/// One whole frame: its header, then M bytes of protobuf metadata, then P bytes
/// of protobuf payload.
public struct Frame: Sendable, Hashable {
    public var header: FrameHeader
    public var meta: [UInt8]
    public var payload: [UInt8]

    /// Creates a frame whose header lengths match `meta` and `payload`.
    public init(type: FrameType, flags: FrameFlags = [], streamID: UInt32, meta: [UInt8] = [], payload: [UInt8] = []) {
        precondition(meta.count <= UInt32.max && payload.count <= UInt32.max, "frame body does not fit 32-bit lengths")
        self.header = FrameHeader(
            type: type,
            flags: flags,
            streamID: streamID,
            metaLength: UInt32(meta.count),
            payloadLength: UInt32(payload.count)
        )
        self.meta = meta
        self.payload = payload
    }

    /// Wraps a decoded header and body; the lengths must match the header's.
    init(header: FrameHeader, meta: [UInt8], payload: [UInt8]) {
        precondition(meta.count == header.metaLength && payload.count == header.payloadLength, "body/header mismatch")
        self.header = header
        self.meta = meta
        self.payload = payload
    }

    public var type: FrameType { header.type }
    public var flags: FrameFlags { header.flags }
    public var streamID: UInt32 { header.streamID }

    /// The frame's bytes: header, meta, payload.
    public func encode() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(FrameHeader.size + meta.count + payload.count)
        header.encode(into: &bytes)
        bytes.append(contentsOf: meta)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The bytes of a frame built from its parts, without keeping a ``Frame`` around.
    public static func encode(
        type: FrameType,
        flags: FrameFlags = [],
        streamID: UInt32,
        meta: [UInt8] = [],
        payload: [UInt8] = []
    ) -> [UInt8] {
        Frame(type: type, flags: flags, streamID: streamID, meta: meta, payload: payload).encode()
    }
}
