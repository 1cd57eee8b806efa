/// A full method name as sent in `CallMeta.method`.
public struct RPCMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `RecordEventsRequest` -> `RecordEventsResponse`.
    public static let recordEvents = RPCMethod(rawValue: "/kpi.v1.KpiService/RecordEvents")
    /// `GetKpisRequest` -> `GetKpisResponse`.
    public static let getKPIs = RPCMethod(rawValue: "/kpi.v1.KpiService/GetKpis")
    /// `ListDepartmentsRequest` -> `ListDepartmentsResponse`.
    public static let getKPISeries = RPCMethod(rawValue: "/kpi.v1.KpiService/GetKpiSeries")
    public static let listDepartments = RPCMethod(rawValue: "/kpi.v1.KpiService/ListDepartments")
    /// `HealthRequest` -> `HealthResponse`.
    public static let health = RPCMethod(rawValue: "/kpi.v1.KpiService/Health")

    /// Every method version 1 serves.
    public static let all: [RPCMethod] = [
        .recordEvents, .getKPIs, .getKPISeries, .listDepartments, .health, .setTarget, .listTargets,
    ]

    public var description: String { rawValue }
}
