import Foundation
import KPIClient
import KPICore
import KPILogging
import KPIMessages
import KPIServer
import KPIStore

/// A real kpid server, in this process, on a free loopback port, talking to a real Redis.
final class ServerHarness: @unchecked Sendable {
    // @unchecked: a test drives it from one task at a time; the server itself is thread-safe to stop.
    let redis: RedisProcess
    let server: KPIServer
    let port: UInt16

    init(redis: RedisProcess? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let redis = try redis ?? RedisProcess()
        var configuration = ServerConfiguration()
        configuration.listenPort = 0
        configuration.redisPort = redis.port
        configuration.workers = 2
        configuration.logLevel = .warning
        configuration.store.retention = .forever
        configure(&configuration)
        self.redis = redis
        self.server = KPIServer(configuration: configuration)
        self.port = try server.start()
    }

    deinit {
        stop()
    }

    private var isStopped = false

    func stop() {
        guard !isStopped else { return }
        isStopped = true
        server.shutdown()
        server.wait()
    }

    func connect() throws -> KPIConnection {
        try KPIConnection.connect(host: "127.0.0.1", port: port, clientName: "kpid-tests")
    }

    /// Waits until kpid reports it is serving (Redis connected, scripts loaded).
    func waitUntilServing(timeoutMs: Int = 30_000) async throws {
        let connection = try connect()
        defer { connection.close() }
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        while Date() < deadline {
            if (try? await connection.health())?.serving == true { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw TestSetupError(description: "kpid did not become ready within \(timeoutMs) ms")
    }
}

/// Unix milliseconds of a UTC date and time.
func utcMs(_ year: Int64, _ month: Int64, _ day: Int64, _ hour: Int64 = 0, _ minute: Int64 = 0) -> Int64 {
    let days = UTCCalendar.days(from: UTCCalendar.CivilDate(year: year, month: month, day: day))
    return ((days * 24 + hour) * 60 + minute) * 60_000
}
