import KPICore
import KPIMessages
import KPIProtocol

extension KPIConnection {
    /// Stores a target override, or removes it when the target has neither bound.
    public func setTarget(_ override: KPITargetOverride, timeoutMs: UInt32 = 5_000) async throws {
        _ = try await call(
            .setTarget,
            SetTargetRequest(override),
            returning: SetTargetResponse.self,
            timeoutMs: timeoutMs
        )
    }

    /// Every stored target override, and the built-in defaults.
    public func listTargets(timeoutMs: UInt32 = 5_000) async throws -> ListTargetsResponse {
        try await call(.listTargets, ListTargetsRequest(), returning: ListTargetsResponse.self, timeoutMs: timeoutMs)
    }
}
