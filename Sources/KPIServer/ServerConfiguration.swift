import KPICore
import KPILogging
import KPIProtocol
import KPIStore

/// Everything kpid can be told at start, from flags or the environment.
public struct ServerConfiguration: Sendable {
    public var listenHost = "127.0.0.1"
    /// 0 picks a free port; the bound port is logged and returned by `KPIServer.start()`.
    public var listenPort: UInt16 = 7411
    public var redisHost = "127.0.0.1"
    public var redisPort: Int32 = 6379
    /// Event loops (threads), each with its own connections and Redis connection.
    public var workers = max(1, System.activeProcessorCount)
    public var limits = ProtocolLimits.default
    /// A client whose unread replies pass this many bytes is cut off.
    public var maxOutputBufferBytes = 8 << 20
    /// How long a shutdown waits for calls in flight before closing connections anyway.
    public var drainTimeoutMs = 10_000
    public var logLevel = LogLevel.info
    public var serverID = "kpid-\(System.hostname())-\(System.processID())"
    public var store = StoreConfiguration()

    public init() {}
}

/// A flag or environment value kpid cannot use.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension ServerConfiguration {
    /// The flags kpid takes, with the environment variable for each and what it means.
    public static let options: [(flag: String, env: String, help: String)] = [
        ("--listen", "KPID_LISTEN", "host:port for clients (default 127.0.0.1:7411; port 0 = any free port)"),
        ("--redis", "KPID_REDIS", "Redis host:port (default 127.0.0.1:6379)"),
        ("--workers", "KPID_WORKERS", "event-loop threads (default: one per core)"),
        ("--max-frame-size", "KPID_MAX_FRAME_SIZE", "largest frame accepted, bytes (default 1048576)"),
        ("--max-calls", "KPID_MAX_CALLS", "calls in flight per connection (default 256)"),
        ("--idle-timeout-ms", "KPID_IDLE_TIMEOUT_MS", "close idle connections after this (default 300000)"),
        ("--minute-retention-hours", "KPID_MINUTE_RETENTION_HOURS", "keep minute buckets (default 48)"),
        ("--hour-retention-days", "KPID_HOUR_RETENTION_DAYS", "keep hour buckets (default 90)"),
        (
            "--ticket-retention-days", "KPID_TICKET_RETENTION_DAYS",
            "keep ticket state after its last event (default 400)"
        ),
        ("--log-level", "KPID_LOG_LEVEL", "trace, debug, info, warning or error (default info)"),
    ]

    /// Reads the configuration: environment first, flags over it.
    public static func parse(arguments: [String], environment: [String: String]) throws -> ServerConfiguration {
        var values: [String: String] = [:]
        for option in options {
            if let value = environment[option.env] { values[option.flag] = value }
        }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard options.contains(where: { $0.flag == parts[0] }) else {
                throw ConfigurationError(description: "unknown option \(argument) (see --help)")
            }
            if parts.count == 2 {
                values[parts[0]] = parts[1]
            } else {
                guard index + 1 < arguments.count else {
                    throw ConfigurationError(description: "\(argument) needs a value")
                }
                values[argument] = arguments[index + 1]
                index += 1
            }
            index += 1
        }
        var configuration = ServerConfiguration()
        try configuration.apply(values)
        return configuration
    }

    private mutating func apply(_ values: [String: String]) throws {
        if let listen = values["--listen"] {
            (listenHost, listenPort) = try Self.hostPort(listen, flag: "--listen")
        }
        if let redis = values["--redis"] {
            let (host, port) = try Self.hostPort(redis, flag: "--redis")
            (redisHost, redisPort) = (host, Int32(port))
        }
        if let value = values["--workers"] { workers = try Self.number(value, flag: "--workers", in: 1...256) }
        if let value = values["--max-frame-size"] {
            limits.maxFrameSize = try Self.number(value, flag: "--max-frame-size", in: 1024...limits.hardFrameCap)
        }
        if let value = values["--max-calls"] {
            limits.maxConcurrentCalls = try Self.number(value, flag: "--max-calls", in: 1...65_536)
        }
        if let value = values["--idle-timeout-ms"] {
            limits.idleTimeoutMs = try Self.number(value, flag: "--idle-timeout-ms", in: 1_000...86_400_000)
        }
        if let value = values["--minute-retention-hours"] {
            let hours = try Self.number(value, flag: "--minute-retention-hours", in: 1...87_600)
            store.retention.minuteTierMinutes = Int64(hours) * 60
        }
        if let value = values["--hour-retention-days"] {
            let days = try Self.number(value, flag: "--hour-retention-days", in: 1...36_500)
            store.retention.hourTierMinutes = Int64(days) * 1_440
        }
        if let value = values["--ticket-retention-days"] {
            let days = try Self.number(value, flag: "--ticket-retention-days", in: 1...36_500)
            store.ticketTTLSeconds = Int64(days) * 86_400
        }
        if let value = values["--log-level"] {
            guard let level = LogLevel(name: value) else {
                throw ConfigurationError(description: "--log-level must be trace, debug, info, warning or error")
            }
            logLevel = level
        }
    }

    private static func hostPort(_ text: String, flag: String) throws -> (String, UInt16) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw ConfigurationError(description: "\(flag) must be host:port, got \(text)")
        }
        let host = String(text[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    private static func number(_ text: String, flag: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(description: "\(flag) must be a whole number in \(range), got \(text)")
        }
        return value
    }

    /// The settings as log metadata, printed once at start.
    public var summary: [String: String] {
        [
            "listen": "\(listenHost):\(listenPort)", "redis": "\(redisHost):\(redisPort)", "workers": "\(workers)",
            "max_frame_size": "\(limits.maxFrameSize)", "max_calls": "\(limits.maxConcurrentCalls)",
            "idle_timeout_ms": "\(limits.idleTimeoutMs)",
            "minute_retention_min": store.retention.minuteTierMinutes.map { "\($0)" } ?? "forever",
            "hour_retention_min": store.retention.hourTierMinutes.map { "\($0)" } ?? "forever",
            "ticket_ttl_s": "\(store.ticketTTLSeconds)", "log_level": logLevel.name, "server_id": serverID,
        ]
    }
}
