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

    @Test("a truncated request maps to INTERNAL")
    func malformedIsInternal() {
        let error = #expect(throws: MessageError.self) { try RecordEventsRequest.decode([0x0A, 0x05]) }
        #expect(error?.statusCode == .internal)
    }

    @Test("a request over the allocation budget maps to RESOURCE_EXHAUSTED")
    func budgetIsResourceExhausted() {
        let bomb = Array([[UInt8]](repeating: [0x0A, 0x00], count: 100_000).joined())
        let error = #expect(throws: MessageError.self) { try RecordEventsRequest.decode(bomb) }
        #expect(error?.statusCode == .resourceExhausted)
    }

    @Test("a request with an invalid field maps to INVALID_ARGUMENT")
    func invalidFieldIsInvalidArgument() {
        let error = #expect(throws: MessageError.self) { try GetKpisRequest.decode([0x12, 0x00]) }
        #expect(error?.statusCode == .invalidArgument)
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
