import Foundation
import KPICore
import KPIMessages
import KPIProtocol
import KPIServer
import Testing

/// A GetKpis request that needs Redis (so it can be held in flight by pausing Redis).
private let orgDay = GetKpisRequest(
    scope: .organization,
    range: .absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 5, 2))
)
.encode()

/// Bytes from a hex string with spaces and newlines (as printed in proto/README.md).
private func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter(\.isHexDigit))
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// A frame header written by hand, so any field may be wrong.
private func header(
    magic: UInt8 = 0xA7,
    version: UInt8 = 1,
    type: UInt8,
    flags: UInt8 = 0,
    stream: UInt32 = 0,
    metaLength: UInt32,
    payloadLength: UInt32
) -> [UInt8] {
    var bytes = [magic, version, type, flags]
    for value in [stream, metaLength, payloadLength] {
        bytes += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
    return bytes
}

@Suite("Wire protocol rules, over a raw socket against a real kpid")
struct RawProtocolTests {
    @Test("HELLO gets HELLO_ACK with the configured limits")
    func helloAckCarriesLimits() throws {
        let harness = try ServerHarness {
            $0.limits.maxFrameSize = 4_096
            $0.limits.maxConcurrentCalls = 7
            $0.limits.idleTimeoutMs = 60_000
            $0.serverID = "kpid-raw"
        }
        let socket = try RawSocket(port: harness.port)
        let ack = try socket.hello()
        #expect(
            ack
                == HelloAck(
                    version: 1,
                    maxFrameSize: 4_096,
                    maxConcurrentCalls: 7,
                    idleTimeoutMs: 60_000,
                    serverID: "kpid-raw"
                )
        )
    }

    @Test("the hex test vectors of proto/README.md work against the live server")
    func documentedVectors() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.write(hex("a7 01 01 00  00000000  00000008  00000000  0a 01 01  12 03 646f63"))
        #expect(try socket.readFrame().type == .helloAck)
        try socket.write(
            hex(
                """
                a7 01 10 01  00000001  0000001e  00000000
                0a 19 2f6b70692e76312e4b7069536572766963652f4865616c7468  10 e807
                """
            )
        )
        let reply = try socket.readFrame()
        #expect(reply.type == .status && reply.streamID == 1 && reply.flags.contains(.endStream))
        #expect(try StatusMeta.decode(reply.meta).code == .ok)
        let health = try HealthResponse.decode(reply.payload)
        #expect(health.version == "0.1.0")
        try socket.write(hex("a7 01 20 00  00000000  00000000  00000008  0102030405060708"))
        #expect(try socket.readFrame().encode() == hex("a7 01 21 00  00000000  00000000  00000008  0102030405060708"))
    }

    @Test("a bad magic byte gets GOAWAY PROTOCOL_ERROR, then the connection ends")
    func badMagic() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.write(header(magic: 0x47, type: 0x01, metaLength: 0, payloadLength: 0))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("an unknown framing version gets GOAWAY PROTOCOL_ERROR")
    func wrongVersion() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.write(
            header(version: 2, type: 0x20, metaLength: 0, payloadLength: 8) + Array(repeating: 0, count: 8)
        )
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a CALL before HELLO gets GOAWAY PROTOCOL_ERROR")
    func callBeforeHello() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.call(1, .health)
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a second HELLO gets GOAWAY PROTOCOL_ERROR")
    func helloTwice() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.send(Frame(type: .hello, streamID: 0, meta: Hello().encode()))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("HELLO on a stream other than 0 gets GOAWAY PROTOCOL_ERROR")
    func helloOnStream() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.send(Frame(type: .hello, streamID: 3, meta: Hello().encode()))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a HELLO without version 1 gets GOAWAY PROTOCOL_ERROR")
    func helloWithoutVersionOne() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.send(Frame(type: .hello, streamID: 0, meta: Hello(versions: [2, 3]).encode()))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a CALL on stream 0 gets GOAWAY PROTOCOL_ERROR")
    func callOnStreamZero() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.call(0, .health)
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a CALL whose stream id is not above the previous one gets GOAWAY naming the last accepted id")
    func nonIncreasingStream() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.call(5, .health)
        let first = try socket.readStatus()
        #expect(first.stream == 5 && first.status.code == .ok)
        try socket.call(5, .health)
        let goAway = try socket.expectGoAwayThenClose()
        #expect(goAway.reason == .protocolError)
        #expect(goAway.lastStreamID == 5)
    }

    @Test("frames after a protocol error in the same write are not processed: GOAWAY, then the end")
    func nothingAfterProtocolError() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        // One write: a CALL on stream 0 (fatal), then a valid Health call and a PING.
        let bytes =
            RawSocket.callFrame(stream: 0, method: RPCMethod.health.rawValue).encode()
            + RawSocket.callFrame(stream: 7, method: RPCMethod.health.rawValue).encode()
            + Frame(type: .ping, streamID: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8]).encode()
        try socket.write(bytes)
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a CALL without END_STREAM gets GOAWAY PROTOCOL_ERROR")
    func callWithoutEndStream() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.send(RawSocket.callFrame(stream: 1, method: RPCMethod.health.rawValue, flags: []))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("the COMPRESSED flag gets GOAWAY PROTOCOL_ERROR")
    func compressedFlag() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.send(
            RawSocket.callFrame(stream: 1, method: RPCMethod.health.rawValue, flags: [.endStream, .compressed])
        )
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("metadata over 8 KiB gets GOAWAY PROTOCOL_ERROR (proto/README.md, Limits)")
    func metaTooLarge() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        let meta = CallMeta(method: RPCMethod.health.rawValue, traceID: String(repeating: "x", count: 9_000)).encode()
        try socket.send(Frame(type: .call, flags: .endStream, streamID: 1, meta: meta))
        #expect(try socket.expectGoAwayThenClose().reason == .protocolError)
    }

    @Test("a CALL over max_frame_size gets RESOURCE_EXHAUSTED and the connection keeps working")
    func frameOverMaxFrameSize() throws {
        let harness = try ServerHarness { $0.limits.maxFrameSize = 4_096 }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        // Sent in pieces, so the server skips the body as it streams in.
        let big = RawSocket.callFrame(
            stream: 1,
            method: RPCMethod.recordEvents.rawValue,
            payload: Array(repeating: 0x55, count: 100_000)
        )
        .encode()
        for start in stride(from: 0, to: big.count, by: 7_000) {
            try socket.write(Array(big[start..<min(start + 7_000, big.count)]))
        }
        let refused = try socket.readStatus()
        #expect(refused.stream == 1)
        #expect(refused.status.code == .resourceExhausted)
        try socket.call(2, .health)
        let health = try socket.readStatus()
        #expect(health.stream == 2 && health.status.code == .ok)
    }

    @Test("a frame header over the 16 MiB hard cap gets GOAWAY FRAME_TOO_LARGE and a close, body unread")
    func frameOverHardCap() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.write(header(type: 0x10, flags: 1, stream: 1, metaLength: 0, payloadLength: 17 << 20))
        #expect(try socket.expectGoAwayThenClose().reason == .frameTooLarge)
        // The server is gone: pushing the announced 17 MiB must fail long before it is all written.
        var written = 0
        let chunk = [UInt8](repeating: 0, count: 64 << 10)
        while written < 17 << 20, (try? socket.write(chunk)) != nil { written += chunk.count }
        #expect(written < 17 << 20)
    }

    @Test("an unknown method gets UNIMPLEMENTED")
    func unknownMethod() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.send(RawSocket.callFrame(stream: 1, method: "/kpi.v1.KpiService/DropEverything"))
        let reply = try socket.readStatus()
        #expect(reply.stream == 1 && reply.status.code == .unimplemented)
        #expect(reply.payload.isEmpty)
    }

    @Test(
        "request bytes that are not protobuf get INTERNAL (gRPC's code for an unparseable message), and the connection keeps working"
    )
    func garbagePayloads() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0A, 0xFF, 0x01]
        try socket.call(1, .getKPIs, garbage)
        try socket.call(2, .recordEvents, garbage)
        try socket.call(3, .listDepartments, garbage)
        var codes: [UInt32: StatusCode] = [:]
        for _ in 0..<3 {
            let reply = try socket.readStatus()
            codes[reply.stream] = reply.status.code
        }
        #expect(codes == [1: .internal, 2: .internal, 3: .internal])
        try socket.call(4, .health)
        #expect(try socket.readStatus().status.code == .ok)
    }

    @Test("a frame of an unknown type is skipped")
    func unknownFrameTypeSkipped() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.write(
            header(type: 0x7E, stream: 9, metaLength: 3, payloadLength: 5) + Array(repeating: 0xEE, count: 8)
        )
        try socket.call(1, .health)
        let reply = try socket.readStatus()
        #expect(reply.stream == 1 && reply.status.code == .ok)
    }

    @Test("PING gets PONG with the same 8 bytes")
    func pingPong() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        let bytes: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF, 0, 1, 2, 3]
        try socket.send(Frame(type: .ping, streamID: 0, payload: bytes))
        let pong = try socket.readFrame()
        #expect(pong.type == .pong && pong.streamID == 0 && pong.payload == bytes)
    }

    @Test("a cancelled call gets no STATUS; later calls are answered")
    func cancel() throws {
        let harness = try ServerHarness()
        defer { harness.redis.resume() }
        try harness.redis.command("PING")
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        harness.redis.pause()
        try socket.call(1, .getKPIs, orgDay, timeoutMs: 5_000)
        try socket.send(Frame(type: .cancel, streamID: 1))
        // CANCEL of a stream that never existed is ignored.
        try socket.send(Frame(type: .cancel, streamID: 99))
        harness.redis.resume()
        // Stream 100's command goes to Redis after stream 1's, so its STATUS comes after any for stream 1.
        try socket.call(100, .getKPIs, orgDay, timeoutMs: 5_000)
        let reply = try socket.readStatus()
        #expect(reply.stream == 100)
        #expect(reply.status.code == .ok)
    }

    @Test("no HELLO within the HELLO timeout: GOAWAY PROTOCOL_ERROR, then close")
    func helloTimeout() throws {
        let harness = try ServerHarness { $0.limits.helloTimeoutMs = 200 }
        let socket = try RawSocket(port: harness.port)
        let start = monotonicMs()
        #expect(try socket.expectGoAwayThenClose(timeoutMs: 3_000).reason == .protocolError)
        #expect(monotonicMs() - start >= 150)
    }

    @Test("an idle connection gets GOAWAY IDLE_TIMEOUT, then close")
    func idleTimeout() throws {
        let harness = try ServerHarness { $0.limits.idleTimeoutMs = 300 }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        let start = monotonicMs()
        let goAway = try socket.expectGoAwayThenClose(timeoutMs: 3_000)
        #expect(goAway.reason == .idleTimeout)
        #expect(monotonicMs() - start >= 250)
    }

    @Test("a connection with a call in flight is not idle")
    func callInFlightIsNotIdle() throws {
        let harness = try ServerHarness { $0.limits.idleTimeoutMs = 200 }
        defer { harness.redis.resume() }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        harness.redis.pause()
        try socket.call(1, .getKPIs, orgDay, timeoutMs: 2_000)
        usleep(600_000)  // three idle periods with the call held in Redis
        harness.redis.resume()
        let reply = try socket.readStatus()
        #expect(reply.stream == 1 && reply.status.code == .ok)
    }

    @Test("calls past max_concurrent_calls get UNAVAILABLE; the others complete")
    func tooManyCallsInFlight() throws {
        let harness = try ServerHarness { $0.limits.maxConcurrentCalls = 4 }
        defer { harness.redis.resume() }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        harness.redis.pause()
        for stream in UInt32(1)...6 { try socket.call(stream, .getKPIs, orgDay, timeoutMs: 5_000) }
        // The two excess calls are refused at once, while the first four are held in Redis.
        for expected in UInt32(5)...6 {
            let refused = try socket.readStatus(timeoutMs: 15_000)
            #expect(refused.stream == expected)
            #expect(refused.status.code == .unavailable)
        }
        harness.redis.resume()
        var answered: Set<UInt32> = []
        for _ in 0..<4 {
            let reply = try socket.readStatus()
            #expect(reply.status.code == .ok)
            answered.insert(reply.stream)
        }
        #expect(answered == [1, 2, 3, 4])
    }

    @Test("half a frame, then close: the server stays healthy")
    func halfFrameThenClose() throws {
        let harness = try ServerHarness()
        for cut in [3, 16, 20] {
            let socket = try RawSocket(port: harness.port)
            try socket.hello()
            let call = RawSocket.callFrame(stream: 1, method: RPCMethod.health.rawValue).encode()
            try socket.write(Array(call.prefix(cut)))
            socket.close()
        }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        try socket.call(1, .health)
        #expect(try socket.readStatus().status.code == .ok)
    }

    @Test("hundreds of connect-and-close storms leave the server healthy")
    func connectCloseStorm() throws {
        let harness = try ServerHarness()
        let hello = Frame(type: .hello, streamID: 0, meta: Hello(versions: [1]).encode()).encode()
        for round in 0..<400 {
            let socket = try RawSocket(port: harness.port)
            switch round % 4 {
            case 0: break
            case 1: try socket.write(Array(hello.prefix(5)))
            case 2: try socket.write(hello)
            default:
                // Abortive close: RST instead of FIN.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            socket.close()
        }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        for stream in UInt32(1)...3 {
            try socket.call(stream, .health)
            #expect(try socket.readStatus().status.code == .ok)
        }
    }
}
