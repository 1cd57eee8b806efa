import KPICore
import KPILogging
import KPIMessages
import KPIProtocol
import KPIStore

/// The targets a GetKpis call evaluates against, filled in when the targets hash arrives.
///
/// The hash is read with its own HGETALL sent just before the KPI read, on the same connection, so its reply
/// (and its completion) comes first. A failed read, or one that somehow has not arrived, means the defaults:
/// targets never fail a KPI read.
final class PendingTargets {
    private let department: String?
    private let log: Logger
    fileprivate var stored: StoredTargets?

    fileprivate init(department: String?, log: Logger) {
        self.department = department
        self.log = log
    }

    func evaluate(_ kpis: KPISet) -> [KPIEvaluation] {
        if stored == nil { log.warning("targets not read before the KPIs; using the defaults") }
        let targets = KPITargets.effective(department: department, overrides: stored?.overrides ?? [])
        return KPITargets.evaluate(kpis, against: targets)
    }
}

extension RequestHandler {
    func handleTargets(_ call: Call, _ payload: [UInt8]) {
        switch call.method {
        case .setTarget: setTarget(call, payload)
        default: listTargets(call, payload)
        }
    }

    /// Starts reading the target overrides for a GetKpis call on `scope` (department targets for a department
    /// scope, the organisation's for every other one).
    func readTargets(for scope: KPIScope) -> PendingTargets {
        let department: String? =
            if case .department(let department) = scope { department } else { nil }
        let log = worker.context.log
        let pending = PendingTargets(department: department, log: log)
        store.targets { result in
            switch result {
            case .success(let stored):
                if !stored.skipped.isEmpty {
                    log.debug(
                        "unreadable target fields skipped",
                        ["targets.skipped": stored.skipped.joined(separator: " ")]
                    )
                }
                pending.stored = stored
            case .failure(let error):
                // The KPI read behind it fails the same way when Redis is down; otherwise answer with defaults.
                log.log(
                    error.code == .unavailable ? .debug : .warning,
                    "could not read targets; using the defaults",
                    ["store.error": error.message]
                )
                pending.stored = StoredTargets(overrides: [])
            }
        }
        return pending
    }

    private func setTarget(_ call: Call, _ payload: [UInt8]) {
        guard let request = decode(SetTargetRequest.self, payload, for: call) else { return }
        store.setTarget(request.override) { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error): fail(call, error)
            case .success: call.succeed(SetTargetResponse().encode())
            }
        }
    }

    private func listTargets(_ call: Call, _ payload: [UInt8]) {
        guard decode(ListTargetsRequest.self, payload, for: call) != nil else { return }
        store.targets { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error):
                fail(call, error)
            case .success(let stored):
                if !stored.skipped.isEmpty {
                    worker.context.log.warning(
                        "unreadable target fields skipped",
                        ["targets.skipped": stored.skipped.joined(separator: " ")]
                    )
                }
                call.succeed(ListTargetsResponse(overrides: stored.overrides).encode())
            }
        }
    }
}
