import Foundation
import KPICore
import KPIMessages
import KPIProtocol
import KPIServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a thread and waits at most `timeoutMs` for it; false if it did not return in time.
private func returnsWithin(timeoutMs: Int, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    Thread {
        body()
        done.signal()
    }
    .start()
    return done.wait(timeout: .now() + .milliseconds(timeoutMs)) == .success
}

@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    @Test("shutdown sends GOAWAY, finishes the calls in flight once Redis answers, and wait() returns")
    func shutdownWithCallsInFlight() throws {
        let harness = try ServerHarness()
        defer { harness.redis.resume() }
        try waitUntil(timeoutMs: 5_000) {
            let socket = try RawSocket(port: harness.port)
            try socket.hello()
            try socket.call(1, .health)
            return try HealthResponse.decode(socket.readStatus().payload).serving
        }
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        let orgDay = GetKpisRequest(
            scope: .organization,
            range: .absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 5, 2))
        )
        .encode()
        harness.redis.pause()
        try socket.call(1, .getKPIs, orgDay, timeoutMs: 8_000)
        try socket.call(2, .getKPIs, orgDay, timeoutMs: 8_000)
        try socket.call(3, .health)
        #expect(try socket.readStatus().stream == 3)

        harness.server.shutdown()
        let goAway = try socket.readFrame()
        #expect(goAway.type == .goAway)
        let meta = try GoAway.decode(goAway.meta)
        #expect(meta.reason == .shutdown)
        #expect(meta.lastStreamID == 3)
        // New calls after GOAWAY are refused, not processed.
        try socket.call(4, .health)
        let refused = try socket.readStatus()
        #expect(refused.stream == 4 && refused.status.code == .unavailable)
        // No new connections are taken.
        #expect((try? RawSocket(port: harness.port).hello()) == nil)

        harness.redis.resume()
        var answered: [UInt32: StatusCode] = [:]
        for _ in 0..<2 {
            let reply = try socket.readStatus()
            answered[reply.stream] = reply.status.code
        }
        #expect(answered == [1: .ok, 2: .ok])
        #expect(try socket.read() == .closed)
        #expect(returnsWithin(timeoutMs: 5_000) { harness.stop() })
    }

    @Test("shutdown with an idle server returns at once")
    func shutdownIdle() throws {
        let harness = try ServerHarness()
        let socket = try RawSocket(port: harness.port)
        try socket.hello()
        #expect(returnsWithin(timeoutMs: 3_000) { harness.stop() })
        let goAway = try socket.expectGoAwayThenClose()
        #expect(goAway.reason == .shutdown)
    }

    @Test("the kpid process exits 0 on SIGTERM within the drain time, after sending GOAWAY")
    func processSIGTERM() throws {
        let redis = try RedisProcess()
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let binary = repo.appendingPathComponent(".build/debug/kpid")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build kpid first (scripts/test does): \(binary.path)"
        )
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--listen", "127.0.0.1:0", "--redis", "127.0.0.1:\(redis.port)", "--workers", "2"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KPID_") }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }

        // The port is in the "kpid listening" log line (JSON on stdout).
        let port = try listeningPort(output.fileHandleForReading, timeoutMs: 10_000)
        let socket = try RawSocket(port: port)
        try socket.hello()
        try socket.call(1, .health)
        #expect(try socket.readStatus().status.code == .ok)

        let start = monotonicMs()
        kill(process.processIdentifier, SIGTERM)
        let goAway = try socket.expectGoAwayThenClose()
        #expect(goAway.reason == .shutdown)
        #expect(goAway.lastStreamID == 1)
        try waitUntil(timeoutMs: 11_000) { !process.isRunning }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(monotonicMs() - start < 10_000)
    }

    private func listeningPort(_ handle: FileHandle, timeoutMs: Int) throws -> UInt16 {
        let fd = handle.fileDescriptor
        let deadline = monotonicMs() + Int64(timeoutMs)
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while monotonicMs() < deadline {
            for line in text.split(separator: "\n") where line.contains("\"msg\":\"kpid listening\"") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let port = (object["port"] as? String).flatMap(UInt16.init)
                        ?? (object["port"] as? Int).map(UInt16.init)
                else { throw TestSetupError(description: "no port in \(line)") }
                return port
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        throw TestSetupError(description: "kpid did not log its port: \(text)")
    }
}
