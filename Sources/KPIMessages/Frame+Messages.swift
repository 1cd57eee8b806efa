import KPIProtocol

extension Frame {
    /// A HELLO frame on stream 0.
    public static func makeHello(_ hello: Hello) -> Frame {
        Frame(type: .hello, streamID: 0, meta: hello.encode())
    }

    /// A HELLO_ACK frame on stream 0.
    public static func makeHelloAck(_ ack: HelloAck) -> Frame {
        Frame(type: .helloAck, streamID: 0, meta: ack.encode())
    }

    /// A unary CALL frame, with END_STREAM set.
    public static func makeCall(streamID: UInt32, meta: CallMeta, request: some WireMessage) -> Frame {
        precondition(streamID != 0, "calls cannot use stream 0")
        return Frame(type: .call, flags: .endStream, streamID: streamID, meta: meta.encode(), payload: request.encode())
    }

    /// The STATUS frame that ends a call, with END_STREAM set; `response` is sent only when the
    /// code is OK.
    public static func makeStatus(
        streamID: UInt32,
        _ status: StatusMeta,
        response: (any WireMessage)? = nil
    ) -> Frame {
        let payload = status.code == .ok ? response?.encode() ?? [] : []
        return Frame(type: .status, flags: .endStream, streamID: streamID, meta: status.encode(), payload: payload)
    }

    /// A CANCEL frame for a call, with no meta and no payload.
    public static func makeCancel(streamID: UInt32) -> Frame {
        Frame(type: .cancel, streamID: streamID)
    }

    /// A PING frame on stream 0 carrying 8 opaque bytes.
    public static func makePing(_ opaque: [UInt8]) -> Frame {
        precondition(opaque.count == 8, "PING carries 8 bytes, got \(opaque.count)")
        return Frame(type: .ping, streamID: 0, payload: opaque)
    }

    /// The PONG answering `ping`, echoing its payload.
    public static func makePong(answering ping: Frame) -> Frame {
        Frame(type: .pong, streamID: 0, payload: ping.payload)
    }

    /// A GOAWAY frame on stream 0.
    public static func makeGoAway(_ goAway: GoAway) -> Frame {
        Frame(type: .goAway, streamID: 0, meta: goAway.encode())
    }
}
