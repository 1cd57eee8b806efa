extension RPCMethod {
    /// `SetTargetRequest` -> `SetTargetResponse`.
    public static let setTarget = RPCMethod(rawValue: "/kpi.v1.KpiService/SetTarget")
    /// `ListTargetsRequest` -> `ListTargetsResponse`.
    public static let listTargets = RPCMethod(rawValue: "/kpi.v1.KpiService/ListTargets")
}
