import CProtobufC
import KPICore
import KPIProtoC

/// The request of `GetKpiSeries`: a scope's KPIs over `[fromMs, toMs)`, one point per step in a time zone.
public struct GetKpiSeriesRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.GetKpiSeriesRequest"

    public var scope: KPIScope
    public var fromMs: Int64
    public var toMs: Int64
    public var step: SeriesStep
    /// IANA time-zone name; "" means UTC.
    public var timeZone: String

    public init(scope: KPIScope, fromMs: Int64, toMs: Int64, step: SeriesStep, timeZone: String = "") {
        self.scope = scope
        self.fromMs = fromMs
        self.toMs = toMs
        self.step = step
        self.timeZone = timeZone
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let request = arena.message(kpi__v1__get_kpi_series_request__init) { request in
            request.scope = scope.makeMessage(in: arena)
            request.range = arena.message(kpi__v1__absolute_range__init) { range in
                range.from_ms = fromMs
                range.to_ms = toMs
            }
            request.step = Kpi__V1__SeriesStep(rawValue: UInt32(step.rawValue))
            request.time_zone = arena.string(timeZone)
        }
        return arena.pack(
            request,
            size: kpi__v1__get_kpi_series_request__get_packed_size,
            pack: kpi__v1__get_kpi_series_request__pack
        )
    }

    /// - Throws: ``MessageError``; `invalidField` for a missing range or step, or a bad scope or zone name.
    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> GetKpiSeriesRequest {
        try WireScan.refuseNUL(bytes, at: WireScan.scopeStrings(at: 1) + [([4], "time_zone")], in: messageType)
        return try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__get_kpi_series_request__unpack,
            free: kpi__v1__get_kpi_series_request__free_unpacked
        ) { request throws(MessageError) in
            guard let range = request.range?.pointee else {
                throw MessageError.invalid(messageType, field: "range", "required")
            }
            guard let step = SeriesStep(rawValue: Int(request.step.rawValue)) else {
                throw MessageError.invalid(messageType, field: "step", "required: SERIES_STEP_HOUR, _DAY or _WEEK")
            }
            let zone = try ProtobufC.string(request.time_zone, in: messageType, field: "time_zone")
            guard zone.utf8.count <= 64 else {
                throw MessageError.invalid(messageType, field: "time_zone", "must be at most 64 bytes")
            }
            return GetKpiSeriesRequest(
                scope: try KPIScope.decode(request.scope, in: messageType),
                fromMs: range.from_ms,
                toMs: range.to_ms,
                step: step,
                timeZone: zone
            )
        }
    }
}

/// One point of a series.
public struct SeriesPoint: Sendable, Hashable {
    public var fromMs: Int64
    public var toMs: Int64
    public var kpis: KPISet
    public var rangeAdjusted: Bool

    public init(fromMs: Int64, toMs: Int64, kpis: KPISet, rangeAdjusted: Bool = false) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.kpis = kpis
        self.rangeAdjusted = rangeAdjusted
    }
}

/// The response of `GetKpiSeries`.
public struct GetKpiSeriesResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.GetKpiSeriesResponse"

    public var scope: KPIScope
    public var step: SeriesStep
    public var timeZone: String
    public var points: [SeriesPoint]

    public init(scope: KPIScope, step: SeriesStep, timeZone: String, points: [SeriesPoint]) {
        self.scope = scope
        self.step = step
        self.timeZone = timeZone
        self.points = points
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let cPoints = points.map { point -> UnsafeMutablePointer<Kpi__V1__SeriesPoint>? in
            arena.message(kpi__v1__series_point__init) { cPoint in
                cPoint.from_ms = point.fromMs
                cPoint.to_ms = point.toMs
                cPoint.kpis = point.kpis.makeMessage(in: arena)
                cPoint.range_adjusted = point.rangeAdjusted ? 1 : 0
            }
        }
        let response = arena.message(kpi__v1__get_kpi_series_response__init) { response in
            response.scope = scope.makeMessage(in: arena)
            response.step = Kpi__V1__SeriesStep(rawValue: UInt32(step.rawValue))
            response.time_zone = arena.string(timeZone)
            response.n_points = cPoints.count
            response.points = arena.array(cPoints)
        }
        return arena.pack(
            response,
            size: kpi__v1__get_kpi_series_response__get_packed_size,
            pack: kpi__v1__get_kpi_series_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> GetKpiSeriesResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__get_kpi_series_response__unpack,
            free: kpi__v1__get_kpi_series_response__free_unpacked
        ) { response throws(MessageError) in
            guard let step = SeriesStep(rawValue: Int(response.step.rawValue)) else {
                throw MessageError.invalid(messageType, field: "step", "unknown value \(response.step.rawValue)")
            }
            var points: [SeriesPoint] = []
            for cPoint in ProtobufC.elements(response.points, count: response.n_points) {
                // protobuf-c never leaves a repeated message slot NULL after a successful unpack.
                let point = cPoint!.pointee
                points.append(
                    SeriesPoint(
                        fromMs: point.from_ms,
                        toMs: point.to_ms,
                        kpis: KPISet(point.kpis?.pointee),
                        rangeAdjusted: point.range_adjusted != 0
                    )
                )
            }
            return GetKpiSeriesResponse(
                scope: try KPIScope.decode(response.scope, in: messageType),
                step: step,
                timeZone: try ProtobufC.string(response.time_zone, in: messageType, field: "time_zone"),
                points: points
            )
        }
    }
}
