import CKPIShim
import KPILogging
import KPIMessages
import KPIProtocol

/// One client connection: reads frames, runs the connection's protocol rules, and writes replies.
///
/// Confined to its worker's loop thread. The worker holds the only strong reference; libevent callbacks
/// reach it through an unretained pointer that dies with the bufferevent in `close()`.
final class Connection {
    private enum Phase {
        /// Waiting for HELLO; only HELLO is allowed. → `.open` on a good HELLO, `.closed` otherwise.
        case awaitingHello
        /// Calls are accepted. → `.goingAway` on shutdown or idle, `.closed` on a protocol error or EOF.
        case open
        /// GOAWAY sent: no new calls; closes once the calls in flight end. → `.closed`.
        case goingAway
        case closed
    }

    let peer: String
    private unowned let worker: Worker
    private let bufferEvent: OpaquePointer
    private var decoder: FrameDecoder
    private var phase = Phase.awaitingHello
    /// Set once the connection has decided to close (after a GOAWAY it must flush): bytes already received
    /// are not decoded any more. Without it, frames that followed a fatal one in the same read were still
    /// handled, and a client got STATUS replies after its GOAWAY PROTOCOL_ERROR.
    private var stoppedReading = false
    private var lastStreamID: UInt32 = 0
    private var calls: [UInt32: Call] = [:]
    private var idleTimer: OpaquePointer?
    private var lastActivityMs = System.monotonicMs()
    private var log: Logger
    private var limits: ProtocolLimits { worker.context.configuration.limits }

    init(worker: Worker, bufferEvent: OpaquePointer, peer: String) {
        self.worker = worker
        self.bufferEvent = bufferEvent
        self.peer = peer
        self.decoder = FrameDecoder(limits: worker.context.configuration.limits)
        self.log = worker.context.log
        self.log.metadata["conn.peer"] = peer
    }

    func start() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        bufferevent_setcb(bufferEvent, Self.readCallback, nil, Self.eventCallback, me)
        bufferevent_enable(bufferEvent, Int16(EV_READ | EV_WRITE))
        idleTimer = event_new(worker.base, -1, 0, Self.idleCallback, me)
        armIdleTimer(ms: limits.helloTimeoutMs)
        log.debug("connection opened")
    }

    // MARK: libevent callbacks

    private static func connection(_ data: UnsafeMutableRawPointer?) -> Connection? {
        data.map { Unmanaged<Connection>.fromOpaque($0).takeUnretainedValue() }
    }

    private static let readCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { _, data in
        connection(data)?.readAvailable()
    }

    private static let drainedCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = {
        _,
        data in
        connection(data)?.close(reason: "goaway flushed")
    }

    private static let eventCallback: @convention(c) (OpaquePointer?, Int16, UnsafeMutableRawPointer?) -> Void = {
        _,
        events,
        data in
        let reason = (Int32(events) & BEV_EVENT_EOF) != 0 ? "peer closed" : "socket error"
        connection(data)?.close(reason: reason)
    }

    private static let idleCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, data in
        connection(data)?.idleTimerFired()
    }

    // MARK: Reading

    private func readAvailable() {
        let input = bufferevent_get_input(bufferEvent)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while phase != .closed && !stoppedReading {
            let count = chunk.withUnsafeMutableBytes { evbuffer_remove(input, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            decoder.append(chunk[0..<Int(count)])
            drainFrames()
        }
    }

    private func drainFrames() {
        while phase != .closed && !stoppedReading {
            let result: FrameDecodingResult
            do {
                result = try decoder.next()
            } catch {
                // proto/README.md, Limits: only the hard frame cap is FRAME_TOO_LARGE; metadata over 8 KiB
                // is a PROTOCOL_ERROR like every other framing violation.
                let reason: GoAwayReason = error.code == .frameTooLarge ? .frameTooLarge : .protocolError
                return goAwayAndClose(reason, error.message)
            }
            switch result {
            case .needMoreData:
                return
            case .frame(let frame):
                lastActivityMs = System.monotonicMs()
                handle(frame)
            case .skippedOversizedFrame(let header):
                lastActivityMs = System.monotonicMs()
                refuseOversized(header)
            }
        }
    }

    private func handle(_ frame: Frame) {
        if phase == .awaitingHello && frame.type != .hello {
            return goAwayAndClose(.protocolError, "the first frame must be HELLO, got \(frame.type)")
        }
        switch frame.type {
        case .hello: receiveHello(frame)
        case .call: receiveCall(frame)
        case .cancel: calls.removeValue(forKey: frame.streamID)?.end()
        case .ping: receivePing(frame)
        case .pong, .goAway: break
        case .helloAck, .status, .message:
            goAwayAndClose(.protocolError, "a client must not send \(frame.type) frames")
        default:
            // Unknown frame types are skipped so that later versions can add some.
            log.trace("unknown frame skipped", ["frame.type": "\(frame.type.rawValue)"])
        }
    }

    private func receiveHello(_ frame: Frame) {
        guard phase == .awaitingHello else { return goAwayAndClose(.protocolError, "HELLO may only be sent once") }
        guard frame.streamID == 0 else { return goAwayAndClose(.protocolError, "HELLO must be sent on stream 0") }
        guard let hello = try? Hello.decode(frame.meta) else {
            return goAwayAndClose(.protocolError, "HELLO metadata is not a valid kpi.v1.Hello")
        }
        guard hello.versions.contains(1) else {
            return goAwayAndClose(.protocolError, "no common protocol version: kpid speaks version 1")
        }
        phase = .open
        log.metadata["conn.client"] = hello.clientName
        let ack = HelloAck(
            version: 1,
            maxFrameSize: UInt32(limits.maxFrameSize),
            maxConcurrentCalls: UInt32(limits.maxConcurrentCalls),
            idleTimeoutMs: UInt32(limits.idleTimeoutMs),
            serverID: worker.context.configuration.serverID
        )
        send(Frame(type: .helloAck, streamID: 0, meta: ack.encode()))
        armIdleTimer(ms: limits.idleTimeoutMs)
    }

    private func receivePing(_ frame: Frame) {
        guard frame.payload.count == 8, frame.streamID == 0 else {
            return goAwayAndClose(.protocolError, "PING must carry exactly 8 bytes on stream 0")
        }
        send(Frame(type: .pong, streamID: 0, payload: frame.payload))
    }

    private func receiveCall(_ frame: Frame) {
        guard let streamID = acceptStreamID(frame.streamID) else { return }
        guard frame.flags.contains(.endStream) else {
            return goAwayAndClose(.protocolError, "CALL must set END_STREAM: version 1 calls carry one request")
        }
        guard phase == .open else {
            return sendStatus(streamID, .unavailable, "kpid is shutting down: retry on another connection")
        }
        guard calls.count < limits.maxConcurrentCalls else {
            return sendStatus(
                streamID,
                .unavailable,
                "too many calls in flight on this connection (limit \(limits.maxConcurrentCalls)): retry later"
            )
        }
        let meta: CallMeta
        do {
            meta = try CallMeta.decode(frame.meta)
        } catch {
            return sendStatus(
                streamID,
                error.statusCode,
                "CALL metadata is not a valid kpi.v1.CallMeta: \(error.message)"
            )
        }
        let call = Call(streamID: streamID, method: meta.rpcMethod, connection: self)
        calls[streamID] = call
        call.armDeadline(base: worker.base, timeoutMs: limits.effectiveCallTimeoutMs(requested: meta.timeoutMs))
        worker.handler.handle(call, payload: frame.payload)
    }

    /// Checks that a call's stream id is new and increasing; a violation ends the connection.
    private func acceptStreamID(_ streamID: UInt32) -> UInt32? {
        guard streamID != 0, streamID <= 0x7FFF_FFFF else {
            goAwayAndClose(.protocolError, "CALL stream ids must be between 1 and 2^31-1")
            return nil
        }
        guard streamID > lastStreamID else {
            goAwayAndClose(.protocolError, "CALL stream id \(streamID) is not above the previous one (\(lastStreamID))")
            return nil
        }
        lastStreamID = streamID
        return streamID
    }

    private func refuseOversized(_ header: FrameHeader) {
        guard header.type == .call, phase != .awaitingHello else {
            return goAwayAndClose(
                .frameTooLarge,
                "\(header.type) frame of \(header.bodyLength) bytes is over the limit of \(limits.maxFrameSize)"
            )
        }
        guard let streamID = acceptStreamID(header.streamID) else { return }
        sendStatus(
            streamID,
            .resourceExhausted,
            "request of \(header.bodyLength) bytes is over the limit of \(limits.maxFrameSize): send smaller batches"
        )
    }

    // MARK: Replies

    /// Called by a call when it ends with an answer.
    func callFinished(_ call: Call, code: StatusCode, message: String, payload: [UInt8]) {
        guard calls.removeValue(forKey: call.streamID) != nil, phase != .closed else { return }
        worker.context.metrics.recordCall(method: call.method, code: code)
        if code != .ok {
            log.debug(
                "call failed",
                ["rpc.method": call.method.rawValue, "rpc.code": code.name, "rpc.message": message]
            )
        }
        sendStatus(call.streamID, code, message, payload: payload)
        if phase == .goingAway && calls.isEmpty { closeAfterFlush() }
    }

    private func sendStatus(_ streamID: UInt32, _ code: StatusCode, _ message: String, payload: [UInt8] = []) {
        let meta = StatusMeta(code: code, message: message)
        send(Frame(type: .status, flags: .endStream, streamID: streamID, meta: meta.encode(), payload: payload))
    }

    private func send(_ frame: Frame) {
        guard phase != .closed else { return }
        let bytes = frame.encode()
        _ = bytes.withUnsafeBytes { bufferevent_write(bufferEvent, $0.baseAddress, $0.count) }
        let pending = evbuffer_get_length(bufferevent_get_output(bufferEvent))
        if pending > worker.context.configuration.maxOutputBufferBytes {
            // The client is not reading its replies; keeping them would let it grow our memory without bound.
            log.warning("client not reading, connection cut", ["conn.pending_bytes": "\(pending)"])
            close(reason: "output buffer over limit")
        }
    }

    // MARK: Going away and closing

    /// Sends GOAWAY: no new calls; the connection closes when the calls in flight have ended.
    func goAway(_ reason: GoAwayReason, _ message: String) {
        guard phase == .open || phase == .awaitingHello else { return }
        let goAway = GoAway(lastStreamID: lastStreamID, reason: reason, message: message)
        send(Frame(type: .goAway, streamID: 0, meta: goAway.encode()))
        phase = .goingAway
        if calls.isEmpty { closeAfterFlush() }
    }

    private func goAwayAndClose(_ reason: GoAwayReason, _ message: String) {
        log.debug("protocol error, closing", ["conn.reason": message])
        worker.context.metrics.recordRejectedFrame(reason: reason.name)
        goAway(reason, message)
        for call in calls.values { call.end() }
        calls.removeAll()
        closeAfterFlush()
    }

    private func closeAfterFlush() {
        guard phase != .closed else { return }
        stoppedReading = true
        bufferevent_disable(bufferEvent, Int16(EV_READ))
        if evbuffer_get_length(bufferevent_get_output(bufferEvent)) == 0 {
            return close(reason: "goaway")
        }
        // The write callback runs once the output buffer has drained (low watermark 0).
        bufferevent_setcb(
            bufferEvent,
            nil,
            Self.drainedCallback,
            Self.eventCallback,
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    /// Closes at once; calls in flight end without an answer.
    func close(reason: String) {
        guard phase != .closed else { return }
        phase = .closed
        for call in calls.values { call.end() }
        calls.removeAll()
        if let idleTimer {
            event_free(idleTimer)
            self.idleTimer = nil
        }
        bufferevent_free(bufferEvent)
        log.debug("connection closed", ["conn.reason": reason])
        worker.connectionClosed(self)
    }

    private func armIdleTimer(ms: Int) {
        var delay = timeval(tv_sec: ms / 1000, tv_usec: (ms % 1000) * 1000)
        event_add(idleTimer, &delay)
    }

    private func idleTimerFired() {
        switch phase {
        case .awaitingHello:
            goAwayAndClose(.protocolError, "no HELLO within \(limits.helloTimeoutMs) ms")
        case .open:
            let idleMs = System.monotonicMs() - lastActivityMs
            if calls.isEmpty && idleMs >= Int64(limits.idleTimeoutMs) {
                goAway(.idleTimeout, "idle for \(idleMs) ms")
            } else {
                armIdleTimer(ms: max(1, limits.idleTimeoutMs - Int(idleMs)))
            }
        case .goingAway, .closed:
            break
        }
    }

    /// Whether the connection still has calls in flight.
    var hasCallsInFlight: Bool { !calls.isEmpty }
}
