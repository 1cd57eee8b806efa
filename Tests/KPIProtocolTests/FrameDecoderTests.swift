import KPIProtocol
import Testing

@Suite("Frame decoder")
struct FrameDecoderTests {
    private static let ping = Frame(type: .ping, streamID: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8])
    private static let call = Frame(
        type: .call,
        flags: .endStream,
        streamID: 3,
        meta: Array(repeating: 0xAB, count: 40),
        payload: Array(0..<200)
    )

    /// Every result `next()` gives until it asks for more data.
    private func drain(_ decoder: inout FrameDecoder) throws(FrameError) -> [FrameDecodingResult] {
        var results: [FrameDecodingResult] = []
        while true {
            let result = try decoder.next()
            if result == .needMoreData { return results }
            results.append(result)
        }
    }

    /// The error `next()` throws after `bytes` are appended, or nil.
    private func error(after bytes: [UInt8], limits: ProtocolLimits = .default) -> FrameError? {
        var decoder = FrameDecoder(limits: limits)
        decoder.append(bytes)
        do {
            _ = try drain(&decoder)
            return nil
        } catch {
            return error
        }
    }

    @Test("decodes several frames from one chunk")
    func wholeChunk() throws {
        var decoder = FrameDecoder()
        decoder.append(Self.ping.encode() + Self.call.encode() + Self.ping.encode())

        #expect(try drain(&decoder) == [.frame(Self.ping), .frame(Self.call), .frame(Self.ping)])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test("decodes frames fed one byte at a time")
    func byteAtATime() throws {
        var decoder = FrameDecoder()
        var results: [FrameDecodingResult] = []

        for byte in Self.call.encode() + Self.ping.encode() + Self.call.encode() {
            decoder.append([byte])
            results += try drain(&decoder)
        }

        #expect(results == [.frame(Self.call), .frame(Self.ping), .frame(Self.call)])
    }

    @Test("asks for more data on a truncated header or body", arguments: [1, 15, 16, 17, 55, 255])
    func truncated(length: Int) throws {
        let encoded = Self.call.encode()
        var decoder = FrameDecoder()
        decoder.append(encoded.prefix(length))

        #expect(try decoder.next() == .needMoreData)
        decoder.append(encoded.dropFirst(length))
        #expect(try decoder.next() == .frame(Self.call))
    }

    @Test("accepts frames with no meta and no payload")
    func zeroLength() throws {
        let cancel = Frame(type: .cancel, streamID: 9)
        var decoder = FrameDecoder()
        decoder.append(cancel.encode())

        let results = try drain(&decoder)

        #expect(results == [.frame(cancel)])
        #expect(cancel.encode().count == FrameHeader.size)
    }

    @Test("returns unknown frame types for the connection to skip")
    func unknownType() throws {
        let unknown = Frame(type: FrameType(rawValue: 0x7E), streamID: 0, meta: [1], payload: [2, 3])
        var decoder = FrameDecoder()
        decoder.append(unknown.encode() + Self.ping.encode())

        #expect(try drain(&decoder) == [.frame(unknown), .frame(Self.ping)])
    }

    @Test("rejects a bad magic byte")
    func badMagic() {
        var bytes = Self.ping.encode()
        bytes[0] = 0x16
        #expect(error(after: bytes)?.code == .badMagic)
    }

    @Test("rejects a bad magic byte before the rest of the header arrives", arguments: ["G", "\u{16}", "P"])
    func badMagicEarly(first: String) {
        var decoder = FrameDecoder()
        decoder.append(Array(first.utf8))

        #expect(throws: FrameError.self) { try decoder.next() }
    }

    @Test("rejects an unsupported version", arguments: [0, 2, 255] as [UInt8])
    func badVersion(version: UInt8) {
        var bytes = Self.ping.encode()
        bytes[1] = version
        #expect(error(after: bytes)?.code == .unsupportedVersion)
    }

    @Test("rejects the COMPRESSED flag")
    func compressed() {
        let bytes = Frame.encode(type: .call, flags: [.endStream, .compressed], streamID: 1, meta: [0])
        #expect(error(after: bytes)?.code == .compressedFrame)
    }

    @Test("rejects meta over the limit before its bytes arrive")
    func metaTooLarge() {
        let header = FrameHeader(type: .call, streamID: 1, metaLength: 8193, payloadLength: 0)
        #expect(error(after: header.encode())?.code == .metaTooLarge)

        let atLimit = FrameHeader(type: .call, streamID: 1, metaLength: 8192, payloadLength: 0)
        #expect(error(after: atLimit.encode()) == nil)
    }

    @Test("rejects a frame over the hard cap before its bytes arrive")
    func overHardCap() {
        let header = FrameHeader(type: .call, streamID: 1, metaLength: 10, payloadLength: 16 << 20)
        #expect(error(after: header.encode())?.code == .frameTooLarge)

        let huge = FrameHeader(type: .call, streamID: 1, metaLength: 0, payloadLength: .max)
        #expect(error(after: huge.encode())?.code == .frameTooLarge)
    }

    @Test("keeps failing after an error")
    func staysFailed() {
        var decoder = FrameDecoder()
        decoder.append([0x00] + Self.ping.encode())
        #expect(throws: FrameError.self) { try decoder.next() }

        decoder.append(Self.ping.encode())
        #expect(throws: FrameError.self) { try decoder.next() }
    }

    @Test("skips an oversized frame in small chunks without buffering it, then decodes the next")
    func skipsOversized() throws {
        let limits = ProtocolLimits(maxFrameSize: 1024)
        let big = Frame(
            type: .call,
            flags: .endStream,
            streamID: 5,
            meta: [1, 2, 3],
            payload: Array(repeating: 7, count: 5000)
        )
        let stream = big.encode() + Self.ping.encode()
        var decoder = FrameDecoder(limits: limits)
        var results: [FrameDecodingResult] = []
        var largestBuffer = 0

        var offset = 0
        while offset < stream.count {
            let end = min(offset + 97, stream.count)
            decoder.append(stream[offset..<end])
            largestBuffer = max(largestBuffer, decoder.bufferedByteCount)
            results += try drain(&decoder)
            offset = end
        }

        #expect(results == [.skippedOversizedFrame(big.header), .frame(Self.ping)])
        #expect(largestBuffer <= 97 + FrameHeader.size)
    }

    @Test("skips an oversized frame that arrives in one chunk")
    func skipsOversizedWhole() throws {
        let limits = ProtocolLimits(maxFrameSize: 100)
        let big = Frame(type: .call, streamID: 7, payload: Array(repeating: 1, count: 101))
        var decoder = FrameDecoder(limits: limits)
        let cancel = Frame(type: .cancel, streamID: 3)
        decoder.append(Self.ping.encode() + big.encode() + cancel.encode())

        let results = try drain(&decoder)

        #expect(results == [.frame(Self.ping), .skippedOversizedFrame(big.header), .frame(cancel)])
    }

    @Test("a frame exactly at the size limit is decoded, not skipped")
    func atLimit() throws {
        let limits = ProtocolLimits(maxFrameSize: 240)
        var decoder = FrameDecoder(limits: limits)
        decoder.append(Self.call.encode())

        #expect(try drain(&decoder) == [.frame(Self.call)])
    }

    @Test("many frames keep the buffer small")
    func bufferStaysBounded() throws {
        var decoder = FrameDecoder()
        let chunk = Array((0..<50).map { _ in Self.call.encode() }.joined())
        var frames = 0

        for _ in 0..<200 {
            decoder.append(chunk.prefix(1000))
            decoder.append(chunk.dropFirst(1000))
            frames += try drain(&decoder).count
            #expect(decoder.bufferedByteCount == 0)
        }

        #expect(frames == 50 * 200)
    }
}
