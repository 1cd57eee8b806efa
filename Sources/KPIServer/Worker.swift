import CKPIShim
import Foundation
import KPILogging
import KPIMessages
import KPIStore
import Synchronization

/// One event loop on its own thread: its client connections, its Redis connection, and the calls between.
///
/// `@unchecked Sendable`: after `start()`, everything but `inbox` is touched only on the worker's own thread.
/// Other threads reach it only through `post(_:)`, which appends to `inbox` under its mutex and wakes the
/// loop with `event_active` (thread-safe once `evthread_use_pthreads()` has run, which `KPIServer` ensures).
final class Worker: @unchecked Sendable {
    enum Message {
        case connection(fd: Int32, peer: String)
        case drain
    }

    let index: Int
    let context: ServerContext
    let base: OpaquePointer
    let store: KPIStore
    private(set) lazy var handler = RequestHandler(worker: self)
    private let inbox = Mutex<[Message]>([])
    private var wakeEvent: OpaquePointer?
    private var drainTimer: OpaquePointer?
    private var connections: [ObjectIdentifier: Connection] = [:]
    private var isDraining = false
    private let finished = DispatchSemaphore(value: 0)
    /// Connections currently open on this worker, read by the acceptor to balance new ones.
    let connectionCount = Atomic<Int>(0)

    init(index: Int, context: ServerContext) {
        self.index = index
        self.context = context
        guard let base = event_base_new() else { preconditionFailure("event_base_new failed: out of memory") }
        self.base = base
        let configuration = context.configuration
        var log = context.log
        log.metadata["worker"] = "\(index)"
        self.store = KPIStore(
            base: base,
            redis: RedisConnection.Configuration(host: configuration.redisHost, port: configuration.redisPort),
            configuration: configuration.store,
            log: log
        )
    }

    /// Starts the loop thread.
    func start() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        wakeEvent = event_new(base, -1, Int16(EV_PERSIST), Self.wakeCallback, me)
        event_add(wakeEvent, nil)
        store.start()
        let thread = Thread { [self] in
            // EVLOOP_NO_EXIT_ON_EMPTY: the loop must keep running while it waits for its first connection.
            event_base_loop(self.base, EVLOOP_NO_EXIT_ON_EMPTY)
            finished.signal()
        }
        thread.name = "kpid-worker-\(index)"
        thread.start()
    }

    /// Blocks until the loop thread has ended.
    func wait() { finished.wait() }

    /// Hands a message to the loop thread; callable from any thread.
    func post(_ message: Message) {
        inbox.withLock { $0.append(message) }
        event_active(wakeEvent, EV_READ, 0)
    }

    private static let wakeCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = { _, _, data in
        guard let data else { return }
        Unmanaged<Worker>.fromOpaque(data).takeUnretainedValue().drainInbox()
    }

    private func drainInbox() {
        let messages = inbox.withLock { messages in
            defer { messages.removeAll() }
            return messages
        }
        for message in messages {
            switch message {
            case .connection(let fd, let peer): adopt(fd: fd, peer: peer)
            case .drain: beginDrain()
            }
        }
    }

    private func adopt(fd: Int32, peer: String) {
        guard !isDraining else {
            Glibc.close(fd)
            return
        }
        guard let bufferEvent = bufferevent_socket_new(base, fd, Int32(BEV_OPT_CLOSE_ON_FREE.rawValue)) else {
            Glibc.close(fd)
            return
        }
        let connection = Connection(worker: self, bufferEvent: bufferEvent, peer: peer)
        connections[ObjectIdentifier(connection)] = connection
        connectionCount.add(1, ordering: .relaxed)
        connection.start()
    }

    func connectionClosed(_ connection: Connection) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        connectionCount.subtract(1, ordering: .relaxed)
        if isDraining && connections.isEmpty { stopLoop() }
    }

    // Graceful drain: every connection gets GOAWAY and closes when its calls end; a timer bounds the wait.
    private func beginDrain() {
        guard !isDraining else { return }
        isDraining = true
        for connection in connections.values {
            connection.goAway(.shutdown, "kpid is shutting down: reconnect to another replica")
        }
        guard !connections.isEmpty else { return stopLoop() }
        let timeoutMs = context.configuration.drainTimeoutMs
        drainTimer = event_new(base, -1, 0, Self.drainTimeoutCallback, Unmanaged.passUnretained(self).toOpaque())
        var delay = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        event_add(drainTimer, &delay)
    }

    private static let drainTimeoutCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = {
        _,
        _,
        data in
        guard let data else { return }
        let worker = Unmanaged<Worker>.fromOpaque(data).takeUnretainedValue()
        worker.context.log.warning("drain timed out, closing connections", ["worker": "\(worker.index)"])
        for connection in Array(worker.connections.values) { connection.close(reason: "drain timeout") }
    }

    private func stopLoop() {
        if let drainTimer { event_del(drainTimer) }
        store.stop()
        event_base_loopexit(base, nil)
    }
}
