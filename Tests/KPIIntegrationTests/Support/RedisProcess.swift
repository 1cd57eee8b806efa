import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` on a loopback port of its own, in a temporary directory, for one test.
final class RedisProcess: @unchecked Sendable {
    // @unchecked: a test drives it from one task at a time.
    private(set) var port: Int32
    let directory: URL
    private var process: Process?

    init() throws {
        port = try freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kpid-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // freePort() closes its probe socket, so another test (or any outgoing connection) can take the port
        // before redis-server binds it; then this redis-server exits, and a PING could even be answered by
        // another test's Redis. Retry on a new port until our own server answers.
        for attempt in 1...5 {
            do {
                try start()
                return
            } catch  where attempt < 5 {
                stop()
                port = try freePort()
            }
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func start() throws {
        let process = Process()
        process.executableURL = try executable("redis-server")
        process.arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--logfile", directory.appendingPathComponent("redis.log").path,
        ]
        try process.run()
        self.process = process
        // Our server, not another test's on a reused port: it answers with our directory.
        try waitUntil(timeoutMs: 5_000) {
            guard process.isRunning else { throw TestSetupError(description: "redis-server exited") }
            return (try? self.command("CONFIG", "GET", "dir"))?.hasSuffix(directory.lastPathComponent) == true
        }
    }

    /// Kills the server (SIGKILL, as a crash would) and waits for it to be gone.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Freezes the server (SIGSTOP): connections stay up, nothing is answered.
    func pause() {
        if let process { kill(process.processIdentifier, SIGSTOP) }
    }

    func resume() {
        if let process { kill(process.processIdentifier, SIGCONT) }
    }

    /// Runs one command through `redis-cli` and returns its raw output, trimmed.
    @discardableResult
    func command(_ arguments: String...) throws -> String {
        try command(arguments)
    }

    func command(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try executable("redis-cli")
        process.arguments = ["-p", "\(port)", "--raw"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
func freePort() throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
            bind(fd, sockaddrPointer, length) == 0 && getsockname(fd, sockaddrPointer, &length) == 0
        }
    }
    guard bound else { throw TestSetupError(description: "no free port") }
    return Int32(UInt16(bigEndian: address.sin_port))
}

/// Finds a program on the PATH.
func executable(_ name: String) throws -> URL {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw TestSetupError(description: "\(name) is not on the PATH: run scripts/setup")
}

/// Polls `condition` every 20 ms until it holds or the time is up.
func waitUntil(timeoutMs: Int, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
    while Date() < deadline {
        if try condition() { return }
        usleep(20_000)
    }
    throw TestSetupError(description: "condition not met within \(timeoutMs) ms")
}
