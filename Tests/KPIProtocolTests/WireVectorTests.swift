import Foundation
import KPIMessages
import KPIProtocol
import Testing

/// The hex test vectors printed in proto/README.md. If one of these changes, the README must change with it.
@Suite("README wire vectors")
struct WireVectorTests {
    static let helloHex = "a7010100 00000000 00000008 00000000 0a0101 1203646f63"
    static let callHex = """
        a7011001 00000001 0000001e 00000000
        0a19 2f6b70692e76312e4b7069536572766963652f4865616c7468 10e807
        """
    static let statusHex = """
        a7011201 00000001 00000000 00000013
        0801 1001 1a05312e302e30 22066b7069642d30
        """
    static let pingHex = "a7012000 00000000 00000000 00000008 0102030405060708"
    static let pongHex = "a7012100 00000000 00000000 00000008 0102030405060708"
    static let goAwayHex = "a7012200 00000000 00000004 00000000 0807 1001"

    static let health = HealthResponse(serving: true, redisConnected: true, version: "1.0.0", serverID: "kpid-0")

    @Test("HELLO with versions [1] and client_name \"doc\"")
    func hello() throws {
        let encoded = Frame.encode(type: .hello, streamID: 0, meta: Hello(versions: [1], clientName: "doc").encode())
        #expect(hex(encoded) == hex(bytes(hex: Self.helloHex)))

        let frame = try decodeOne(Self.helloHex)
        #expect(frame.type == .hello && frame.streamID == 0 && frame.payload.isEmpty)
        #expect(try Hello.decode(frame.meta) == Hello(versions: [1], clientName: "doc"))
    }

    @Test("CALL for Health on stream 1 with a 1000 ms timeout")
    func call() throws {
        let meta = CallMeta(method: .health, timeoutMs: 1000)
        let encoded = Frame.encode(
            type: .call,
            flags: .endStream,
            streamID: 1,
            meta: meta.encode(),
            payload: HealthRequest().encode()
        )
        #expect(hex(encoded) == hex(bytes(hex: Self.callHex)))

        let frame = try decodeOne(Self.callHex)
        #expect(frame.type == .call && frame.flags == .endStream && frame.streamID == 1)
        #expect(try CallMeta.decode(frame.meta) == meta)
        #expect(try HealthRequest.decode(frame.payload) == HealthRequest())
    }

    @Test("STATUS OK answering stream 1 with a HealthResponse")
    func status() throws {
        let encoded = Frame.encode(
            type: .status,
            flags: .endStream,
            streamID: 1,
            meta: StatusMeta(code: .ok).encode(),
            payload: Self.health.encode()
        )
        #expect(hex(encoded) == hex(bytes(hex: Self.statusHex)))

        let frame = try decodeOne(Self.statusHex)
        #expect(frame.type == .status && frame.flags == .endStream && frame.streamID == 1)
        #expect(try StatusMeta.decode(frame.meta) == StatusMeta(code: .ok))
        #expect(try HealthResponse.decode(frame.payload) == Self.health)
    }

    @Test("PING and the PONG echoing its payload")
    func pingPong() throws {
        let opaque: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        #expect(hex(Frame.encode(type: .ping, streamID: 0, payload: opaque)) == hex(bytes(hex: Self.pingHex)))
        #expect(hex(Frame.encode(type: .pong, streamID: 0, payload: opaque)) == hex(bytes(hex: Self.pongHex)))

        #expect(try decodeOne(Self.pongHex).payload == decodeOne(Self.pingHex).payload)
    }

    @Test("GOAWAY SHUTDOWN with last_stream_id 7")
    func goAway() throws {
        let meta = GoAway(lastStreamID: 7, reason: .shutdown)
        #expect(hex(Frame.encode(type: .goAway, streamID: 0, meta: meta.encode())) == hex(bytes(hex: Self.goAwayHex)))

        let frame = try decodeOne(Self.goAwayHex)
        #expect(frame.type == .goAway)
        #expect(try GoAway.decode(frame.meta) == meta)
    }

    @Test(
        "the README prints the same vectors",
        arguments: [helloHex, callHex, statusHex, pingHex, pongHex, goAwayHex]
    )
    func readmeMatches(vector: String) throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("proto/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)

        // Code blocks, with their spacing removed, hold the vectors back to back.
        let blocks = text.components(separatedBy: "```").enumerated().filter { !$0.offset.isMultiple(of: 2) }
        let compact = blocks.map { $0.element.filter { !$0.isWhitespace } }.joined()
        #expect(compact.contains(hex(bytes(hex: vector))))
    }

    private func decodeOne(_ hexString: String) throws -> Frame {
        var decoder = FrameDecoder()
        decoder.append(bytes(hex: hexString))
        guard case .frame(let frame) = try decoder.next() else {
            Issue.record("no frame in \(hexString)")
            return Frame(type: FrameType(rawValue: 0), streamID: 0)
        }
        #expect(decoder.bufferedByteCount == 0)
        return frame
    }
}
