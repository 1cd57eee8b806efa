import CKPIShim
import Foundation
import KPILogging
import Synchronization

/// kpid's server: an acceptor thread that hands connections to worker event loops.
///
/// `@unchecked Sendable`: `shutdown()` is the only method meant for other threads; it writes nothing but a
/// wake-up through `event_active`, which libevent makes thread-safe once `evthread_use_pthreads()` has run.
public final class KPIServer: @unchecked Sendable {
    public static let version = "0.1.0"

    private let context: ServerContext
    private var workers: [Worker] = []
    private var acceptorBase: OpaquePointer?
    private var listener: OpaquePointer?
    private var shutdownEvent: OpaquePointer?
    private var signalEvents: [OpaquePointer] = []
    private let acceptorFinished = DispatchSemaphore(value: 0)
    private var nextWorker = 0

    public init(configuration: ServerConfiguration) {
        var log = Logger(label: "kpid", level: configuration.logLevel)
        log.metadata["server_id"] = configuration.serverID
        self.context = ServerContext(configuration: configuration, log: log)
    }

    /// Binds the listening socket and starts every thread; returns the bound port.
    ///
    /// - Parameter handleSignals: when true, SIGTERM and SIGINT start a graceful shutdown.
    public func start(handleSignals: Bool = false) throws -> UInt16 {
        Self.prepareProcess()
        guard let base = event_base_new() else { throw ConfigurationError(description: "event_base_new failed") }
        acceptorBase = base
        let port = try bind(base: base)
        let me = Unmanaged.passUnretained(self).toOpaque()
        shutdownEvent = event_new(base, -1, Int16(EV_PERSIST), Self.shutdownCallback, me)
        event_add(shutdownEvent, nil)
        if handleSignals {
            // A signal mask survives exec: a parent that blocked SIGTERM (a test runner, some supervisors,
            // a shell script's trap) handed it to us, and kpid then ignored SIGTERM until SIGKILL came.
            // Unblock both here, before the worker threads start, so they inherit the unblocked mask.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGTERM)
            sigaddset(&unblock, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            for signal in [SIGTERM, SIGINT] {
                if let event = event_new(base, signal, Int16(EV_SIGNAL | EV_PERSIST), Self.shutdownCallback, me) {
                    event_add(event, nil)
                    signalEvents.append(event)
                }
            }
        }

        workers = (0..<context.configuration.workers).map { Worker(index: $0, context: context) }
        for worker in workers { worker.start() }
        let thread = Thread { [self] in
            event_base_loop(acceptorBase, EVLOOP_NO_EXIT_ON_EMPTY)
            acceptorFinished.signal()
        }
        thread.name = "kpid-acceptor"
        thread.start()
        context.log.info("kpid listening", context.configuration.summary.merging(["port": "\(port)"]) { $1 })
        return port
    }

    /// Starts a graceful shutdown: stop accepting, GOAWAY every connection, finish calls in flight.
    public func shutdown() {
        guard let shutdownEvent else { return }
        event_active(shutdownEvent, EV_READ, 0)
    }

    /// Blocks until every thread has ended after `shutdown()`.
    public func wait() {
        acceptorFinished.wait()
        for worker in workers { worker.wait() }
        context.log.info("kpid stopped")
    }

    private static let prepareOnce: Void = {
        // A peer that closes while we write must give EPIPE, not kill the process (hiredis writes with write(2)).
        signal(SIGPIPE, SIG_IGN)
        // Lets other threads wake a loop with event_active.
        evthread_use_pthreads()
    }()

    private static func prepareProcess() { _ = prepareOnce }

    private func bind(base: OpaquePointer) throws -> UInt16 {
        let configuration = context.configuration
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.listenPort.bigEndian
        guard inet_pton(AF_INET, configuration.listenHost, &address.sin_addr) == 1 else {
            throw ConfigurationError(
                description: "--listen host must be an IPv4 address, got \(configuration.listenHost)"
            )
        }
        let flags = UInt32(LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE)
        let me = Unmanaged.passUnretained(self).toOpaque()
        listener = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                evconnlistener_new_bind(
                    base,
                    Self.acceptCallback,
                    me,
                    flags,
                    1024,
                    $0,
                    Int32(MemoryLayout<sockaddr_in>.size)
                )
            }
        }
        guard let listener else {
            throw ConfigurationError(
                description:
                    "cannot listen on \(configuration.listenHost):\(configuration.listenPort): \(String(cString: strerror(errno)))"
            )
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(evconnlistener_get_fd(listener), $0, &length)
            }
        }
        return UInt16(bigEndian: bound.sin_port)
    }

    private static let acceptCallback:
        @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<sockaddr>?, Int32, UnsafeMutableRawPointer?) -> Void =
            {
                _,
                fd,
                address,
                _,
                data in
                guard let data else { return }
                let server = Unmanaged<KPIServer>.fromOpaque(data).takeUnretainedValue()
                server.accept(fd: fd, peer: address.map(KPIServer.describe) ?? "unknown")
            }

    private func accept(fd: Int32, peer: String) {
        guard kpid_socket_prepare(fd) == 0 else {
            close(fd)
            return
        }
        // The worker with the fewest connections gets the new one; ties go round-robin.
        nextWorker = (nextWorker + 1) % workers.count
        let rotated = workers[nextWorker...] + workers[..<nextWorker]
        let target = rotated.min {
            $0.connectionCount.load(ordering: .relaxed) < $1.connectionCount.load(ordering: .relaxed)
        }
        target?.post(.connection(fd: fd, peer: peer))
    }

    private static func describe(_ address: UnsafeMutablePointer<sockaddr>) -> String {
        guard address.pointee.sa_family == sa_family_t(AF_INET) else { return "unknown" }
        return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var addr = inet.pointee.sin_addr
            inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
            let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return "\(host):\(UInt16(bigEndian: inet.pointee.sin_port))"
        }
    }

    private static let shutdownCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = {
        _,
        _,
        data in
        guard let data else { return }
        Unmanaged<KPIServer>.fromOpaque(data).takeUnretainedValue().beginShutdown()
    }

    private func beginShutdown() {
        guard let listener else { return }
        context.log.info("shutdown started: draining connections")
        evconnlistener_free(listener)
        self.listener = nil
        for worker in workers { worker.post(.drain) }
        event_base_loopexit(acceptorBase, nil)
    }
}
