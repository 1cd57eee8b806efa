import CKPIShim
import KPIProtocol

/// One call in flight on a connection: its deadline timer and the guarantee that it is answered once.
///
/// Lives on its connection's loop thread. Late replies from Redis for a call that already ended (deadline,
/// cancel, closed connection) find `isFinished` set and are dropped.
final class Call {
    let streamID: UInt32
    let method: RPCMethod
    let startedMs: Int64
    private(set) var isFinished = false
    private weak var connection: Connection?
    private var deadlineTimer: OpaquePointer?

    init(streamID: UInt32, method: RPCMethod, connection: Connection) {
        self.streamID = streamID
        self.method = method
        self.connection = connection
        self.startedMs = System.monotonicMs()
    }

    deinit {
        if let deadlineTimer { event_free(deadlineTimer) }
    }

    /// Arms the deadline; when it passes first, the call ends with DEADLINE_EXCEEDED.
    func armDeadline(base: OpaquePointer, timeoutMs: Int) {
        // The timer holds an unretained pointer: it is deleted in `end()`, which runs before the connection
        // drops its reference to this call.
        deadlineTimer = event_new(base, -1, 0, Self.deadlineCallback, Unmanaged.passUnretained(self).toOpaque())
        var delay = timeval(tv_sec: timeoutMs / 1000, tv_usec: (timeoutMs % 1000) * 1000)
        event_add(deadlineTimer, &delay)
    }

    private static let deadlineCallback: @convention(c) (Int32, Int16, UnsafeMutableRawPointer?) -> Void = {
        _,
        _,
        data in
        guard let data else { return }
        let call = Unmanaged<Call>.fromOpaque(data).takeUnretainedValue()
        call.fail(.deadlineExceeded, "the call's deadline passed before kpid could answer")
    }

    /// Answers the call with OK and a response message.
    func succeed(_ payload: [UInt8]) {
        finish(code: .ok, message: "", payload: payload)
    }

    /// Answers the call with an error status.
    func fail(_ code: StatusCode, _ message: String) {
        finish(code: code, message: message, payload: [])
    }

    private func finish(code: StatusCode, message: String, payload: [UInt8]) {
        guard !isFinished else { return }
        end()
        connection?.callFinished(self, code: code, message: message, payload: payload)
    }

    /// Ends the call without an answer (cancelled by the client, or its connection closed).
    func end() {
        isFinished = true
        if let deadlineTimer { event_del(deadlineTimer) }
    }
}
