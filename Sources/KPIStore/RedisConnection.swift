import CKPIShim
import KPILogging

/// One hiredis async connection driven by a libevent base, with reconnection and back-off.
///
/// Confined to the thread that runs `base`: every method and callback runs there. Commands sent while
/// disconnected fail at once with `.unavailable`, so callers fail fast instead of queueing behind an outage.
public final class RedisConnection {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int32
        /// Commands awaiting a reply beyond this fail with `.unavailable` instead of queueing without bound.
        public var maxPendingCommands: Int
        public var minBackoffMs: Int
        public var maxBackoffMs: Int

        public init(host: String, port: Int32, maxPendingCommands: Int = 100_000) {
            self.host = host
            self.port = port
            self.maxPendingCommands = maxPendingCommands
            self.minBackoffMs = 50
            self.maxBackoffMs = 1_000
        }
    }

    private let base: OpaquePointer
    private let configuration: Configuration
    private let log: Logger
    private var context: UnsafeMutablePointer<redisAsyncContext>?
    private var reconnectTimer: OpaquePointer?
    private var backoffMs: Int
    private var pendingCommands = 0
    private var isStopping = false
    /// Whether the current outage was already reported at warning level (repeats go to debug).
    private var outageReported = false
    /// Whether the connection is up and has answered its first command.
    public private(set) var isConnected = false
    /// Called on the loop thread each time a connection is established (to load scripts, say).
    public var onConnected: (() -> Void)?

    public init(base: OpaquePointer, configuration: Configuration, log: Logger) {
        self.base = base
        self.configuration = configuration
        self.log = log
        self.backoffMs = configuration.minBackoffMs
    }

    deinit {
        if let reconnectTimer { event_free(reconnectTimer) }
    }

    /// Starts connecting; reconnects by itself until `stop()`.
    public func start() {
        isStopping = false
        connect()
    }

    /// Disconnects for good; pending commands get `.unavailable`.
    public func stop() {
        isStopping = true
        if let reconnectTimer { event_del(reconnectTimer) }
        if let context {
            // Graceful: hiredis answers the pending commands first, then calls our disconnect callback.
            redisAsyncDisconnect(context)
        }
    }

    /// Sends one command; `completion` runs exactly once on the loop thread.
    public func send(_ arguments: [[UInt8]], completion: @escaping (RedisReply) -> Void) {
        guard let context, isConnected else {
            completion(.unavailable("Redis is not connected"))
            return
        }
        guard pendingCommands < configuration.maxPendingCommands else {
            completion(.unavailable("too many Redis commands pending"))
            return
        }
        let box = Unmanaged.passRetained(ReplyBox(completion: completion, connection: self))
        let status = withArgv(arguments) { argc, argv, lengths in
            redisAsyncCommandArgv(context, Self.replyCallback, box.toOpaque(), argc, argv, lengths)
        }
        if status == REDIS_OK {
            pendingCommands += 1
        } else {
            // hiredis refused the command (context disconnecting): the callback will never run.
            box.release()
            completion(.unavailable("Redis refused the command while disconnecting"))
        }
    }

    /// Sends a command given as text arguments.
    public func send(_ arguments: [String], completion: @escaping (RedisReply) -> Void) {
        send(arguments.map { Array($0.utf8) }, completion: completion)
    }

    private final class ReplyBox {
        let completion: (RedisReply) -> Void
        let connection: RedisConnection

        init(completion: @escaping (RedisReply) -> Void, connection: RedisConnection) {
            self.completion = completion
            self.connection = connection
        }
    }

    // hiredis calls this once per command: with the reply, or with NULL when the connection goes away.
    // The box was retained in `send`; taking it here balances that exactly once.
    private static let replyCallback:
        @convention(c) (
            UnsafeMutablePointer<redisAsyncContext>?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
        ) -> Void = { _, reply, privdata in
            guard let privdata else { return }
            let box = Unmanaged<ReplyBox>.fromOpaque(privdata).takeRetainedValue()
            box.connection.pendingCommands -= 1
            box.completion(RedisReply(copying: reply?.assumingMemoryBound(to: redisReply.self)))
        }

    private func connect() {
        guard context == nil, !isStopping else { return }
        guard let newContext = redisAsyncConnect(configuration.host, Int32(configuration.port)) else {
            scheduleReconnect(reason: "out of memory")
            return
        }
        if newContext.pointee.err != 0 {
            let reason = String(cString: kpid_redis_error_text(newContext))
            redisAsyncFree(newContext)
            scheduleReconnect(reason: reason)
            return
        }
        newContext.pointee.data = Unmanaged.passUnretained(self).toOpaque()
        guard kpid_redis_attach(newContext, base) == REDIS_OK else {
            redisAsyncFree(newContext)
            scheduleReconnect(reason: "could not attach to the event loop")
            return
        }
        redisAsyncSetConnectCallback(newContext, Self.connectCallback)
        redisAsyncSetDisconnectCallback(newContext, Self.disconnectCallback)
        context = newContext
    }

    private static func connection(of context: UnsafePointer<redisAsyncContext>?) -> RedisConnection? {
        guard let data = context?.pointee.data else { return nil }
        return Unmanaged<RedisConnection>.fromOpaque(data).takeUnretainedValue()
    }

    // On failure hiredis frees the context itself after this returns and calls no disconnect callback.
    private static let connectCallback: @convention(c) (UnsafePointer<redisAsyncContext>?, Int32) -> Void = {
        context,
        status in
        guard let connection = connection(of: context) else { return }
        if status == REDIS_OK {
            connection.didConnect()
        } else {
            let reason = context.map { String(cString: kpid_redis_error_text($0)) } ?? "unknown"
            connection.context = nil
            connection.scheduleReconnect(reason: reason)
        }
    }

    // Every pending command's callback has run (with NULL) before this; the context is freed after it.
    private static let disconnectCallback: @convention(c) (UnsafePointer<redisAsyncContext>?, Int32) -> Void = {
        context,
        status in
        guard let connection = connection(of: context) else { return }
        let reason = context.map { String(cString: kpid_redis_error_text($0)) } ?? ""
        connection.context = nil
        connection.isConnected = false
        if !connection.isStopping {
            connection.scheduleReconnect(reason: status == REDIS_OK ? "connection closed" : reason)
        }
    }

    private func didConnect() {
        guard let context else { return }
        redisEnableKeepAlive(&context.pointee.c)
        isConnected = true
        outageReported = false
        backoffMs = configuration.minBackoffMs
        log.info("redis connected", ["redis.addr": "\(configuration.host):\(configuration.port)"])
        onConnected?()
    }

    private func scheduleReconnect(reason: String) {
        guard !isStopping else { return }
        let data = [
            "redis.addr": "\(configuration.host):\(configuration.port)", "redis.error": reason,
            "redis.backoff_ms": "\(backoffMs)",
        ]
        if outageReported {
            log.debug("redis reconnect scheduled", data)
        } else {
            // Once per outage an operator must hear of it: calls fail with UNAVAILABLE until Redis is back.
            log.warning("redis unreachable, calls fail until it is back; retrying", data)
            outageReported = true
        }
        if reconnectTimer == nil {
            reconnectTimer = event_new(base, -1, 0, Self.reconnectCallback, Unmanaged.passUnretained(self).toOpaque())
        }
        var delay = timeval(tv_sec: backoffMs / 1000, tv_usec: Int((backoffMs % 1000) * 1000))
        event_add(reconnectTimer, &delay)
        backoffMs = min(backoffMs * 2, configuration.maxBackoffMs)
    }

    private static let reconnectCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = {
        _,
        _,
        data in
        guard let data else { return }
        Unmanaged<RedisConnection>.fromOpaque(data).takeUnretainedValue().connect()
    }
}

/// Lays the arguments out as C's argc/argv/argvlen for the duration of `body`.
private func withArgv<R>(
    _ arguments: [[UInt8]],
    _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> R
) -> R {
    let total = arguments.reduce(0) { $0 + $1.count }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 1), alignment: 1)
    let pointers = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: max(arguments.count, 1))
    let lengths = UnsafeMutablePointer<Int>.allocate(capacity: max(arguments.count, 1))
    defer {
        storage.deallocate()
        pointers.deallocate()
        lengths.deallocate()
    }
    var offset = 0
    for (index, argument) in arguments.enumerated() {
        let start = storage.baseAddress!.advanced(by: offset)
        argument.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        }
        pointers[index] = UnsafePointer(start.assumingMemoryBound(to: CChar.self))
        lengths[index] = argument.count
        offset += argument.count
    }
    return body(Int32(arguments.count), pointers, lengths)
}
