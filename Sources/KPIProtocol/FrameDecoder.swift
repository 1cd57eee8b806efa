/// What ``FrameDecoder/next()`` found in the bytes received so far.
public enum FrameDecodingResult: Sendable, Hashable {
    /// A whole frame. Its type may be unknown to this version; the connection skips those.
    case frame(Frame)
    /// The buffered bytes end inside a frame; append more and call ``FrameDecoder/next()`` again.
    case needMoreData
    /// A frame bigger than ``ProtocolLimits/maxFrameSize`` (but within the hard cap) was read past
    /// without being kept. Its header names the stream and type, so the server can refuse that
    /// call with RESOURCE_EXHAUSTED.
    case skippedOversizedFrame(FrameHeader)
}

/// Cuts a byte stream into frames, however the stream was split into chunks.
///
/// Feed received bytes with ``append(_:)``, then call ``next()`` until it returns
/// ``FrameDecodingResult/needMoreData``. Used that way, the decoder never holds more than one frame
/// within ``ProtocolLimits/maxFrameSize`` plus the last chunk: oversized frames are dropped as
/// their bytes arrive, not buffered.
///
/// Once ``next()`` has thrown, the stream is out of sync; every later call throws the same error.
public struct FrameDecoder: Sendable {
    /// The limits frames are checked against.
    public let limits: ProtocolLimits

    private var buffer: [UInt8] = []
    /// Bytes before this index have been consumed; compacting moves the rest to the front
    /// now and then.
    private var readIndex = 0
    /// The oversized frame being skipped and how many of its body bytes are still to come.
    private var skipping: (header: FrameHeader, remaining: Int)?
    private var failure: FrameError?

    /// Buffers kept across frames are released when they grow past this, so an idle
    /// connection stays small.
    private static let retainedCapacity = 64 << 10

    public init(limits: ProtocolLimits = .default) {
        self.limits = limits
    }

    /// Bytes received but not yet returned as frames or skipped.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes. Bytes that belong to a frame being skipped are dropped here,
    /// without being copied.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard var skip = skipping, bufferedByteCount == 0 else {
            buffer.append(contentsOf: bytes)
            return
        }
        let dropped = min(skip.remaining, bytes.count)
        skip.remaining -= dropped
        skipping = skip
        buffer.append(contentsOf: bytes.dropFirst(dropped))
    }

    /// Returns the next frame, a skipped frame, or ``FrameDecodingResult/needMoreData``.
    ///
    /// - Throws: ``FrameError`` for a bad magic byte, an unsupported version, the COMPRESSED flag,
    ///   metadata over ``ProtocolLimits/maxMetaSize`` or a frame over
    ///   ``ProtocolLimits/hardFrameCap``. The connection must end.
    public mutating func next() throws(FrameError) -> FrameDecodingResult {
        if let failure { throw failure }
        do {
            let result = try decodeNext()
            compactIfWorthwhile()
            return result
        } catch {
            failure = error
            buffer = []
            readIndex = 0
            throw error
        }
    }

    private mutating func decodeNext() throws(FrameError) -> FrameDecodingResult {
        if let skip = skipping {
            return continueSkipping(skip)
        }
        // Check the magic byte as soon as it arrives, so a stray HTTP or TLS client fails at once.
        if bufferedByteCount > 0 && buffer[readIndex] != FrameHeader.magic {
            throw FrameError(code: .badMagic, message: "bad magic byte 0x\(String(buffer[readIndex], radix: 16))")
        }
        guard bufferedByteCount >= FrameHeader.size else { return .needMoreData }

        let header = try buffer.withUnsafeBufferPointer { bytes throws(FrameError) in
            try FrameHeader.decode(UnsafeBufferPointer(rebasing: bytes[readIndex...]))
        }
        try check(header)

        // Past the negotiated size but under the hard cap: drop the body as it streams in.
        let bodyLength = Int(header.bodyLength)
        if bodyLength > limits.maxFrameSize {
            readIndex += FrameHeader.size
            return continueSkipping((header, bodyLength))
        }

        guard bufferedByteCount >= FrameHeader.size + bodyLength else { return .needMoreData }
        let metaStart = readIndex + FrameHeader.size
        let payloadStart = metaStart + Int(header.metaLength)
        let end = metaStart + bodyLength
        readIndex = end
        return .frame(
            Frame(
                header: header,
                meta: Array(buffer[metaStart..<payloadStart]),
                payload: Array(buffer[payloadStart..<end])
            )
        )
    }

    private func check(_ header: FrameHeader) throws(FrameError) {
        guard header.metaLength <= limits.maxMetaSize else {
            throw FrameError(
                code: .metaTooLarge,
                message: "meta length \(header.metaLength) exceeds \(limits.maxMetaSize)"
            )
        }
        guard header.bodyLength <= limits.hardFrameCap else {
            throw FrameError(
                code: .frameTooLarge,
                message: "frame length \(header.bodyLength) exceeds the hard cap \(limits.hardFrameCap)"
            )
        }
    }

    private mutating func continueSkipping(_ skip: (header: FrameHeader, remaining: Int)) -> FrameDecodingResult {
        let dropped = min(skip.remaining, bufferedByteCount)
        readIndex += dropped
        let remaining = skip.remaining - dropped
        if remaining > 0 {
            skipping = (skip.header, remaining)
            return .needMoreData
        }
        skipping = nil
        return .skippedOversizedFrame(skip.header)
    }

    /// Moves unread bytes to the front once the consumed prefix is large, so each byte is
    /// copied O(1) times.
    private mutating func compactIfWorthwhile() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= Self.retainedCapacity)
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
