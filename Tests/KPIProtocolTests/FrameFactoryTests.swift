import KPIMessages
import KPIProtocol
import Testing

@Suite("Frame factories and error mapping")
struct FrameFactoryTests {
    @Test("factories build the README frames")
    func factories() {
        let opaque: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let call = Frame.makeCall(
            streamID: 1,
            meta: CallMeta(method: .health, timeoutMs: 1000),
            request: HealthRequest()
        )
        let status = Frame.makeStatus(streamID: 1, StatusMeta(code: .ok), response: WireVectorTests.health)

        #expect(
            hex(Frame.makeHello(Hello(versions: [1], clientName: "doc")).encode()) == compact(WireVectorTests.helloHex)
        )
        #expect(hex(call.encode()) == compact(WireVectorTests.callHex))
        #expect(hex(status.encode()) == compact(WireVectorTests.statusHex))
        #expect(hex(Frame.makePing(opaque).encode()) == compact(WireVectorTests.pingHex))
        #expect(hex(Frame.makePong(answering: Frame.makePing(opaque)).encode()) == compact(WireVectorTests.pongHex))
        #expect(
            hex(Frame.makeGoAway(GoAway(lastStreamID: 7, reason: .shutdown)).encode())
                == compact(WireVectorTests.goAwayHex)
        )
    }

    @Test("a failed call's STATUS carries no payload")
    func errorStatusHasNoPayload() {
        let status = Frame.makeStatus(
            streamID: 3,
            StatusMeta(code: .unavailable, message: "shutting down"),
            response: WireVectorTests.health
        )

        #expect(status.payload.isEmpty)
        #expect(status.flags == .endStream)
        #expect(Frame.makeCancel(streamID: 3).encode().count == FrameHeader.size)
    }

    @Test(
        "decode errors map to the status the server answers",
        arguments: [
            ([0x0A, 0x05], StatusCode.internal),
            (Array([[UInt8]](repeating: [0x0A, 0x00], count: 100_000).joined()), .resourceExhausted),
            ([0x12, 0x00], .invalidArgument),
        ] as [([UInt8], StatusCode)]
    )
    func statusMapping(bytes: [UInt8], status: StatusCode) {
        let error = #expect(throws: MessageError.self) { try RecordEventsRequestOrGetKPIs.decode(bytes) }
        #expect(error?.statusCode == status)
    }

    @Test("frame errors map to a GOAWAY reason")
    func goAwayMapping() throws {
        var decoder = FrameDecoder()
        decoder.append(FrameHeader(type: .call, streamID: 1, metaLength: 0, payloadLength: 17 << 20).encode())
        let tooLarge = #expect(throws: FrameError.self) { try decoder.next() }
        #expect(tooLarge?.goAwayReason == .frameTooLarge)

        var badMagic = FrameDecoder()
        badMagic.append([UInt8](repeating: 0x47, count: 16))
        let protocolError = #expect(throws: FrameError.self) { try badMagic.next() }
        #expect(protocolError?.goAwayReason == .protocolError)
    }

    private func compact(_ hexString: String) -> String {
        hex(bytes(hex: hexString))
    }
}

/// Decodes bytes as a RecordEventsRequest when they parse as one with events, else as a GetKpisRequest, so one
/// table can reach all three error codes.
private enum RecordEventsRequestOrGetKPIs {
    static func decode(_ bytes: [UInt8]) throws(MessageError) {
        if bytes.first == 0x0A {
            _ = try RecordEventsRequest.decode(bytes)
        } else {
            _ = try GetKpisRequest.decode(bytes)
        }
    }
}

@Suite("Convenience initialisers")
struct ConvenienceTests {
    @Test("HelloAck announces the limits it is given")
    func helloAck() {
        let limits = ProtocolLimits(maxFrameSize: 4096, maxConcurrentCalls: 8, idleTimeoutMs: 1234)

        let ack = HelloAck(limits: limits, serverID: "s")

        #expect(
            ack == HelloAck(version: 1, maxFrameSize: 4096, maxConcurrentCalls: 8, idleTimeoutMs: 1234, serverID: "s")
        )
    }

    @Test("a rejected event's result carries its id and reason")
    func rejection() throws {
        let request = try RecordEventsRequest.decode(rawRequest([rawEvent(id: Array("x".utf8), kind: nil)]))
        let invalid = try #require(request.invalidEvents.first)

        let result = EventResult(rejecting: invalid)

        #expect(result.eventID == "x")
        #expect(result.outcome == .rejected)
        #expect(result.reason.hasPrefix("kind: "))
    }
}
