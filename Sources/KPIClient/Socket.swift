import KPIProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Blocking socket helpers for the client.
enum Socket {
    static func connect(host: String, port: UInt16, timeoutMs: Int) throws(KPIClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "\(port)", &hints, &result) == 0, let info = result else {
            throw KPIClientError(.unavailable, "cannot resolve \(host)")
        }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw KPIClientError(.unavailable, "socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw KPIClientError(.unavailable, "cannot connect to kpid at \(host):\(port): \(reason)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(KPIClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                throw KPIClientError(.unavailable, "write to kpid failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Reads until one whole frame is decoded (used for the handshake, before the reader thread starts).
    static func readFrame(_ fd: Int32, decoder: inout FrameDecoder, timeoutMs: Int) throws(KPIClientError) -> Frame {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = monotonicMs() + Int64(timeoutMs)
        while true {
            do {
                if case .frame(let frame) = try decoder.next() { return frame }
            } catch {
                throw KPIClientError(.internal, "malformed frame from server: \(error.message)")
            }
            let remaining = deadline - monotonicMs()
            guard remaining > 0 else { throw KPIClientError(.deadlineExceeded, "kpid did not answer HELLO in time") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining)) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw KPIClientError(.unavailable, "kpid closed the connection during HELLO") }
            decoder.append(buffer[0..<count])
        }
    }

    static func monotonicMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
