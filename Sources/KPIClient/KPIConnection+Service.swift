import KPICore
import KPIMessages
import KPIProtocol

extension KPIConnection {
    /// Sends a batch of events; each gets its own result, in order.
    public func recordEvents(_ events: [TicketEvent], timeoutMs: UInt32 = 10_000) async throws -> RecordEventsResponse {
        try await call(
            .recordEvents,
            RecordEventsRequest(events: events),
            returning: RecordEventsResponse.self,
            timeoutMs: timeoutMs
        )
    }

    /// Reads a scope's KPIs over a range.
    public func getKPIs(
        scope: KPIScope,
        range: KPITimeRange,
        includeAgents: Bool = false,
        includePercentiles: Bool = false,
        timeoutMs: UInt32 = 5_000
    ) async throws -> GetKpisResponse {
        let request = GetKpisRequest(
            scope: scope,
            range: range,
            includeAgents: includeAgents,
            includePercentiles: includePercentiles
        )
        return try await call(.getKPIs, request, returning: GetKpisResponse.self, timeoutMs: timeoutMs)
    }

    /// Reads a scope's KPIs as a series: one point per hour, day or week in a time zone.
    public func getKPISeries(
        scope: KPIScope,
        fromMs: Int64,
        toMs: Int64,
        step: SeriesStep,
        timeZone: String = "UTC",
        timeoutMs: UInt32 = 10_000
    ) async throws -> GetKpiSeriesResponse {
        let request = GetKpiSeriesRequest(scope: scope, fromMs: fromMs, toMs: toMs, step: step, timeZone: timeZone)
        return try await call(.getKPISeries, request, returning: GetKpiSeriesResponse.self, timeoutMs: timeoutMs)
    }

    /// Every department kpid has seen, sorted.
    public func listDepartments(timeoutMs: UInt32 = 5_000) async throws -> [String] {
        try await call(
            .listDepartments,
            ListDepartmentsRequest(),
            returning: ListDepartmentsResponse.self,
            timeoutMs: timeoutMs
        )
        .departments
    }

    /// Whether kpid is serving and connected to Redis.
    public func health(timeoutMs: UInt32 = 2_000) async throws -> HealthResponse {
        try await call(.health, HealthRequest(), returning: HealthResponse.self, timeoutMs: timeoutMs)
    }
}
