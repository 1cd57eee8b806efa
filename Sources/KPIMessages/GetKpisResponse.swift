import CProtobufC
import KPICore
import KPIProtoC

/// The response of `GetKpis`: the figures of one scope over the range they actually cover.
///
/// The cohort is always event time (each figure counts the events whose own time falls in the
/// range), so it is written but not kept as a field.
public struct GetKpisResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.GetKpisResponse"

    public var scope: KPIScope
    /// Start of the covered range, Unix milliseconds, after aligning to the buckets kept for it.
    public var fromMs: Int64
    /// End (exclusive) of the covered range, Unix milliseconds.
    public var toMs: Int64
    public var kpis: KPISet
    /// The department's agents, when asked for.
    public var agents: [AgentFigures]
    /// Whether `[fromMs, toMs)` differs from the range asked for (fine buckets past their retention).
    public var rangeAdjusted: Bool
    /// Each KPI with a target for this scope, against that target.
    public var statuses: [KPIEvaluation]

    public init(
        scope: KPIScope,
        fromMs: Int64,
        toMs: Int64,
        kpis: KPISet,
        agents: [AgentFigures] = [],
        rangeAdjusted: Bool = false,
        statuses: [KPIEvaluation] = []
    ) {
        self.scope = scope
        self.fromMs = fromMs
        self.toMs = toMs
        self.kpis = kpis
        self.agents = agents
        self.rangeAdjusted = rangeAdjusted
        self.statuses = statuses
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let cAgents = agents.map { figures -> UnsafeMutablePointer<Kpi__V1__AgentFigures>? in
            arena.message(kpi__v1__agent_figures__init) { cFigures in
                cFigures.agent = arena.string(figures.agent)
                cFigures.resolutions = figures.resolutions
                cFigures.tickets_resolved = figures.ticketsResolved
            }
        }
        let cStatuses = statuses.map { Optional($0.makeMessage(in: arena)) }
        let response = arena.message(kpi__v1__get_kpis_response__init) { response in
            response.scope = scope.makeMessage(in: arena)
            response.from_ms = fromMs
            response.to_ms = toMs
            response.cohort = KPI__V1__COHORT__COHORT_EVENT_TIME
            response.kpis = kpis.makeMessage(in: arena)
            response.n_agents = cAgents.count
            response.agents = arena.array(cAgents)
            response.range_adjusted = rangeAdjusted ? 1 : 0
            response.n_statuses = cStatuses.count
            response.statuses = arena.array(cStatuses)
        }
        return arena.pack(
            response,
            size: kpi__v1__get_kpis_response__get_packed_size,
            pack: kpi__v1__get_kpis_response__pack
        )
    }

    /// - Throws: ``MessageError``; `invalidField` for an invalid scope, a cohort other than event
    ///   time, or a name that is not UTF-8.
    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> GetKpisResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__get_kpis_response__unpack,
            free: kpi__v1__get_kpis_response__free_unpacked
        ) { response throws(MessageError) in
            guard
                response.cohort == KPI__V1__COHORT__COHORT_EVENT_TIME
                    || response.cohort == KPI__V1__COHORT__COHORT_UNSPECIFIED
            else {
                throw MessageError.invalid(messageType, field: "cohort", "unknown value \(response.cohort.rawValue)")
            }
            var agents: [AgentFigures] = []
            for cFigures in ProtobufC.elements(response.agents, count: response.n_agents) {
                // protobuf-c never leaves a repeated message slot NULL after a successful unpack.
                let figures = cFigures!.pointee
                agents.append(
                    AgentFigures(
                        agent: try ProtobufC.string(figures.agent, in: messageType, field: "agents.agent"),
                        resolutions: figures.resolutions,
                        ticketsResolved: figures.tickets_resolved
                    )
                )
            }
            return GetKpisResponse(
                scope: try KPIScope.decode(response.scope, in: messageType),
                fromMs: response.from_ms,
                toMs: response.to_ms,
                kpis: KPISet(response.kpis?.pointee),
                agents: agents,
                rangeAdjusted: response.range_adjusted != 0,
                // KPIs or statuses this build does not know (from a newer server) are skipped.
                statuses: ProtobufC.elements(response.statuses, count: response.n_statuses).compactMap {
                    $0.flatMap { KPIEvaluation($0.pointee) }
                }
            )
        }
    }
}
