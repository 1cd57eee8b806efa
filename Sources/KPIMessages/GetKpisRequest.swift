import CProtobufC
import KPICore
import KPIProtoC

/// The request of `GetKpis`: whose figures, over which time.
public struct GetKpisRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.GetKpisRequest"

    public var scope: KPIScope
    public var range: KPITimeRange
    /// For a department: also list its agents with their resolved counts.
    public var includeAgents: Bool
    /// Also medians and p90s of the durations that keep histograms.
    public var includePercentiles: Bool

    public init(scope: KPIScope, range: KPITimeRange, includeAgents: Bool = false, includePercentiles: Bool = false) {
        self.scope = scope
        self.range = range
        self.includeAgents = includeAgents
        self.includePercentiles = includePercentiles
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__get_kpis_request__init) { request in
            request.scope = scope.makeMessage(in: arena)
            request.range = range.makeMessage(in: arena)
            request.include_agents = includeAgents ? 1 : 0
            request.include_percentiles = includePercentiles ? 1 : 0
        }
        return arena.pack(
            request,
            size: kpi__v1__get_kpis_request__get_packed_size,
            pack: kpi__v1__get_kpis_request__pack
        )
    }

    /// - Throws: ``MessageError``; `invalidField` names the field for a missing range, a
    ///   scope without its department or agent, a non-positive or non-minute duration, or an
    ///   empty absolute range.
    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> GetKpisRequest {
        try WireScan.refuseNUL(bytes, at: WireScan.scopeStrings(at: 1), in: messageType)
        return try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__get_kpis_request__unpack,
            free: kpi__v1__get_kpis_request__free_unpacked
        ) { request throws(MessageError) in
            GetKpisRequest(
                scope: try KPIScope.decode(request.scope, in: messageType),
                range: try KPITimeRange.decode(request.range, in: messageType),
                includeAgents: request.include_agents != 0,
                includePercentiles: request.include_percentiles != 0
            )
        }
    }
}
