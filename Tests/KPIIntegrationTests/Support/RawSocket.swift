import Foundation
import KPIMessages
import KPIProtocol

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket that speaks kpid's framing by hand, for tests that must send what no well-behaved
/// client would (bad headers, out-of-order stream ids, half frames) and see exactly what comes back.
///
/// Every read is bounded by a timeout; a read that times out throws rather than hanging the test.
final class RawSocket {
    /// What a read found.
    enum Read: Equatable {
        case frame(Frame)
        /// The server closed the connection (orderly EOF or a reset).
        case closed
    }

    let fd: Int32
    /// Accepts any frame up to the hard cap, so the test sees everything the server sends.
    private var decoder = FrameDecoder(limits: ProtocolLimits(maxFrameSize: 16 << 20))
    private var isClosed = false

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            throw TestSetupError(
                description: "connect to 127.0.0.1:\(port) failed: \(String(cString: strerror(errno)))"
            )
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Writes every byte; throws if the peer has gone (EPIPE, reset).
    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw TestSetupError(description: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    func send(_ frame: Frame) throws { try write(frame.encode()) }

    /// Sends HELLO and returns the server's HELLO_ACK.
    @discardableResult
    func hello(clientName: String = "raw-tests") throws -> HelloAck {
        try send(Frame(type: .hello, streamID: 0, meta: Hello(versions: [1], clientName: clientName).encode()))
        let frame = try readFrame()
        guard frame.type == .helloAck else {
            throw TestSetupError(description: "expected HELLO_ACK, got \(frame.type)")
        }
        return try HelloAck.decode(frame.meta)
    }

    /// The bytes of a CALL frame.
    static func callFrame(
        stream: UInt32,
        method: String,
        payload: [UInt8] = [],
        timeoutMs: UInt32 = 2_000,
        flags: FrameFlags = .endStream
    ) -> Frame {
        Frame(
            type: .call,
            flags: flags,
            streamID: stream,
            meta: CallMeta(method: method, timeoutMs: timeoutMs).encode(),
            payload: payload
        )
    }

    func call(_ stream: UInt32, _ method: RPCMethod, _ payload: [UInt8] = [], timeoutMs: UInt32 = 2_000) throws {
        try send(Self.callFrame(stream: stream, method: method.rawValue, payload: payload, timeoutMs: timeoutMs))
    }

    /// Reads the next frame or the end of the connection, waiting at most `timeoutMs`.
    func read(timeoutMs: Int = 5_000) throws -> Read {
        let deadline = monotonicMs() + Int64(timeoutMs)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if case .frame(let frame) = try decoder.next() { return .frame(frame) }
            let remaining = deadline - monotonicMs()
            guard remaining > 0 else {
                throw TestSetupError(description: "nothing from the server within \(timeoutMs) ms")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining))
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return .closed }
            decoder.append(buffer[0..<count])
        }
    }

    /// Reads the next frame; the connection ending first is an error.
    func readFrame(timeoutMs: Int = 5_000) throws -> Frame {
        guard case .frame(let frame) = try read(timeoutMs: timeoutMs) else {
            throw TestSetupError(description: "the server closed the connection")
        }
        return frame
    }

    /// Reads one STATUS frame and decodes its meta.
    func readStatus(timeoutMs: Int = 5_000) throws -> (stream: UInt32, status: StatusMeta, payload: [UInt8]) {
        let frame = try readFrame(timeoutMs: timeoutMs)
        guard frame.type == .status else {
            throw TestSetupError(description: "expected STATUS, got \(frame.type)")
        }
        return (frame.streamID, try StatusMeta.decode(frame.meta), frame.payload)
    }

    /// Reads a GOAWAY and then expects the connection to end with nothing else in between.
    func expectGoAwayThenClose(timeoutMs: Int = 5_000) throws -> GoAway {
        let frame = try readFrame(timeoutMs: timeoutMs)
        guard frame.type == .goAway else {
            throw TestSetupError(description: "expected GOAWAY, got \(frame.type) on stream \(frame.streamID)")
        }
        let goAway = try GoAway.decode(frame.meta)
        let next = try read(timeoutMs: timeoutMs)
        guard next == .closed else {
            throw TestSetupError(description: "expected the connection to close after GOAWAY, got \(next)")
        }
        return goAway
    }
}

/// Milliseconds of a monotonic clock, for measuring and bounding waits in tests.
func monotonicMs() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
