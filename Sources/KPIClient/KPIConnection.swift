import Foundation
import KPIMessages
import KPIProtocol
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A client connection to kpid: many calls in flight on one socket, answered in any order.
///
/// Thread-safe. A reader thread owns the socket's read side and completes calls by stream id; writes go out
/// whole under a lock, so frames of concurrent calls never interleave.
public final class KPIConnection: Sendable {
    private struct Pending {
        var continuation: CheckedContinuation<[UInt8], any Error>
        var deadlineMs: Int64
    }

    private struct State {
        var nextStreamID: UInt32 = 1
        var pending: [UInt32: Pending] = [:]
        /// Set once the connection can take no more calls, with the reason given to them.
        var closedReason: String?
    }

    public let helloAck: HelloAck
    private let fd: Int32
    private let state = Mutex(State())
    private let writeLock = Mutex(())
    private let readerDone = DispatchSemaphore(value: 0)

    /// Connects, says HELLO and waits for the server's HELLO_ACK.
    public static func connect(
        host: String,
        port: UInt16,
        clientName: String = "kpid-swift-client",
        timeoutMs: Int = 5_000
    ) throws(KPIClientError) -> KPIConnection {
        let fd = try Socket.connect(host: host, port: port, timeoutMs: timeoutMs)
        do throws(KPIClientError) {
            let hello = Hello(versions: [1], clientName: clientName)
            try Socket.writeAll(fd, Frame(type: .hello, streamID: 0, meta: hello.encode()).encode())
            var decoder = FrameDecoder()
            let frame = try Socket.readFrame(fd, decoder: &decoder, timeoutMs: timeoutMs)
            guard frame.type == .helloAck else {
                if frame.type == .goAway, let goAway = try? GoAway.decode(frame.meta) {
                    throw KPIClientError(.unavailable, "server refused the connection: \(goAway.message)")
                }
                throw KPIClientError(.internal, "expected HELLO_ACK, got \(frame.type)")
            }
            let ack: HelloAck
            do { ack = try HelloAck.decode(frame.meta) } catch {
                throw KPIClientError(.internal, "bad HELLO_ACK: \(error.message)")
            }
            let connection = KPIConnection(fd: fd, helloAck: ack)
            connection.startReader(decoder: decoder)
            return connection
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    private init(fd: Int32, helloAck: HelloAck) {
        self.fd = fd
        self.helloAck = helloAck
    }

    deinit {
        Glibc.close(fd)
    }

    /// Calls `method` with an encoded request; returns the encoded response.
    ///
    /// - Parameter timeoutMs: sent to the server as the call's deadline; the client also gives up a little later
    ///   if no answer comes at all.
    public func call(_ method: RPCMethod, _ request: [UInt8], timeoutMs: UInt32 = 5_000) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            let deadline = Socket.monotonicMs() + Int64(timeoutMs == 0 ? 5_000 : timeoutMs) + 1_000
            let meta = CallMeta(method: method, timeoutMs: timeoutMs).encode()
            // The stream id is taken and its frame written under one lock: the server requires ids to arrive
            // in increasing order, and taking the id before the write lock let a later id overtake an
            // earlier one between two tasks, which the server answers with GOAWAY PROTOCOL_ERROR.
            let failure: (UInt32, KPIClientError)? = writeLock.withLock { _ in
                let streamID: UInt32? = state.withLock { state in
                    if let reason = state.closedReason {
                        continuation.resume(throwing: KPIClientError(.unavailable, reason))
                        return nil
                    }
                    let id = state.nextStreamID
                    state.nextStreamID += 1
                    state.pending[id] = Pending(continuation: continuation, deadlineMs: deadline)
                    return id
                }
                guard let streamID else { return nil }
                let frame = Frame(type: .call, flags: .endStream, streamID: streamID, meta: meta, payload: request)
                do throws(KPIClientError) {
                    try Socket.writeAll(fd, frame.encode())
                    return nil
                } catch {
                    return (streamID, error)
                }
            }
            if let (streamID, error) = failure {
                fail(streamID, KPIClientError(.unavailable, "could not send the call: \(error)"))
                // A failed write may have sent part of the frame: the byte stream is out of sync, so no
                // later call may use it. Fail the others too and let the reader see the end.
                closeAll("the connection to kpid broke while sending a call")
                shutdown(fd, Int32(SHUT_RDWR))
            }
        }
    }

    /// Calls a method with typed messages.
    public func call<Request: WireMessage, Response: WireMessage>(
        _ method: RPCMethod,
        _ request: Request,
        returning: Response.Type,
        timeoutMs: UInt32 = 5_000
    ) async throws -> Response {
        let bytes = try await call(method, request.encode(), timeoutMs: timeoutMs)
        do {
            return try Response.decode(bytes)
        } catch {
            throw KPIClientError(.internal, "bad \(Response.messageType) from server: \(error.message)")
        }
    }

    /// Closes the socket; calls in flight fail with UNAVAILABLE.
    public func close() {
        closeAll("the connection was closed by the client")
        shutdown(fd, Int32(SHUT_RDWR))
        readerDone.wait()
        // Lets a second close() (or one racing with this) return too: the reader signals only once.
        readerDone.signal()
    }

    private func fail(_ streamID: UInt32, _ error: KPIClientError) {
        let pending = state.withLock { $0.pending.removeValue(forKey: streamID) }
        pending?.continuation.resume(throwing: error)
    }

    private func closeAll(_ reason: String) {
        let pending = state.withLock { state -> [Pending] in
            if state.closedReason == nil { state.closedReason = reason }
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for call in pending { call.continuation.resume(throwing: KPIClientError(.unavailable, reason)) }
    }

    // MARK: Reader thread

    private func startReader(decoder: FrameDecoder) {
        let thread = Thread { [self] in
            var decoder = decoder
            readLoop(&decoder)
            readerDone.signal()
        }
        thread.name = "kpid-client-reader"
        thread.start()
    }

    private func readLoop(_ decoder: inout FrameDecoder) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            expireOverdueCalls()
            do {
                while case .frame(let frame) = try decoder.next() { receive(frame) }
            } catch {
                return closeAll("the server sent a malformed frame: \(error.message)")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return closeAll("the connection to kpid was lost") }
            decoder.append(buffer[0..<count])
        }
    }

    private func receive(_ frame: Frame) {
        switch frame.type {
        case .status:
            let status = (try? StatusMeta.decode(frame.meta)) ?? StatusMeta(code: .internal, message: "bad STATUS")
            let pending = state.withLock { $0.pending.removeValue(forKey: frame.streamID) }
            guard let pending else { return }
            if status.code == .ok {
                pending.continuation.resume(returning: frame.payload)
            } else {
                pending.continuation.resume(throwing: KPIClientError(status.code, status.message))
            }
        case .goAway:
            let goAway = try? GoAway.decode(frame.meta)
            failCalls(above: goAway?.lastStreamID ?? 0, reason: "kpid is going away: \(goAway?.message ?? "")")
        case .ping:
            let pong = Frame(type: .pong, streamID: 0, payload: frame.payload).encode()
            try? writeLock.withLock { _ in try Socket.writeAll(fd, pong) }
        default:
            break
        }
    }

    // Calls above the server's last stream id were never processed: they fail as retryable.
    private func failCalls(above lastStreamID: UInt32, reason: String) {
        let refused = state.withLock { state -> [Pending] in
            state.closedReason = reason
            let ids = state.pending.keys.filter { $0 > lastStreamID }
            return ids.compactMap { state.pending.removeValue(forKey: $0) }
        }
        for call in refused { call.continuation.resume(throwing: KPIClientError(.unavailable, reason)) }
    }

    private func expireOverdueCalls() {
        let now = Socket.monotonicMs()
        let overdue = state.withLock { state -> [(UInt32, Pending)] in
            let ids = state.pending.filter { $0.value.deadlineMs <= now }.map(\.key)
            return ids.compactMap { id in state.pending.removeValue(forKey: id).map { (id, $0) } }
        }
        for (streamID, call) in overdue {
            let cancel = Frame(type: .cancel, streamID: streamID).encode()
            try? writeLock.withLock { _ in try Socket.writeAll(fd, cancel) }
            call.continuation.resume(throwing: KPIClientError(.deadlineExceeded, "no answer from kpid in time"))
        }
    }
}
