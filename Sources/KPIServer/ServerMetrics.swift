import KPIProtocol
import Synchronization

/// Counts what the server did, shared by every worker.
// TODO: export in Prometheus text format on the HTTP side port – issue 6.
final class ServerMetrics: Sendable {
    private let calls = Mutex<[String: Int]>([:])
    private let rejectedFrames = Mutex<[String: Int]>([:])
    private let events = Mutex<[String: Int]>([:])

    func recordCall(method: RPCMethod, code: StatusCode) {
        calls.withLock { $0["\(method.rawValue) \(code.name)", default: 0] += 1 }
    }

    func recordRejectedFrame(reason: String) {
        rejectedFrames.withLock { $0[reason, default: 0] += 1 }
    }

    func recordEvents(accepted: Int, duplicates: Int, rejected: Int) {
        events.withLock {
            $0["accepted", default: 0] += accepted
            $0["duplicate", default: 0] += duplicates
            $0["rejected", default: 0] += rejected
        }
    }

    /// Call counts by "method code".
    var callCounts: [String: Int] { calls.withLock { $0 } }
}
