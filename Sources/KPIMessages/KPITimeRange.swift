import CProtobufC
import KPIProtoC

/// The time a KPI query covers (protobuf `kpi.v1.TimeRange`).
public enum KPITimeRange: Sendable, Hashable {
    /// A window of `durationMs` (whole minutes) ending at `endMs`, Unix milliseconds; `endMs`
    /// 0 means now.
    case rolling(durationMs: Int64, endMs: Int64)
    /// The half-open range [`fromMs`, `toMs`), Unix milliseconds.
    case absolute(fromMs: Int64, toMs: Int64)

    /// Builds the C `TimeRange` for this range in `arena`.
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__TimeRange> {
        arena.message(kpi__v1__time_range__init) { range in
            switch self {
            case .rolling(let durationMs, let endMs):
                range.kind_case = KPI__V1__TIME_RANGE__KIND_ROLLING
                range.rolling = arena.message(kpi__v1__rolling_window__init) { window in
                    window.duration_ms = durationMs
                    window.end_ms = endMs
                }
            case .absolute(let fromMs, let toMs):
                range.kind_case = KPI__V1__TIME_RANGE__KIND_ABSOLUTE
                range.absolute = arena.message(kpi__v1__absolute_range__init) { absolute in
                    absolute.from_ms = fromMs
                    absolute.to_ms = toMs
                }
            }
        }
    }

    /// Converts and checks a decoded C `TimeRange`, which is required.
    static func decode(
        _ pointer: UnsafeMutablePointer<Kpi__V1__TimeRange>?,
        in messageType: String
    ) throws(MessageError) -> KPITimeRange {
        guard let range = pointer?.pointee else {
            throw MessageError.invalid(messageType, field: "range", "required")
        }
        switch range.kind_case {
        case KPI__V1__TIME_RANGE__KIND_ROLLING:
            let window = range.rolling.pointee
            guard window.duration_ms > 0, window.duration_ms % 60_000 == 0 else {
                throw MessageError.invalid(
                    messageType,
                    field: "range.rolling.duration_ms",
                    "must be a positive whole number of minutes, got \(window.duration_ms)"
                )
            }
            guard (0..<EventLimits.endOfTimeMs).contains(window.end_ms) else {
                throw MessageError.invalid(
                    messageType,
                    field: "range.rolling.end_ms",
                    "must be 0 (now) or Unix milliseconds before year 10000, got \(window.end_ms)"
                )
            }
            return .rolling(durationMs: window.duration_ms, endMs: window.end_ms)
        case KPI__V1__TIME_RANGE__KIND_ABSOLUTE:
            let absolute = range.absolute.pointee
            guard absolute.from_ms >= 0, absolute.from_ms < absolute.to_ms, absolute.to_ms <= EventLimits.endOfTimeMs
            else {
                throw MessageError.invalid(
                    messageType,
                    field: "range.absolute",
                    "needs 0 <= from_ms < to_ms <= year 10000, got [\(absolute.from_ms), \(absolute.to_ms))"
                )
            }
            return .absolute(fromMs: absolute.from_ms, toMs: absolute.to_ms)
        default:
            throw MessageError.invalid(messageType, field: "range", "one of rolling or absolute must be set")
        }
    }
}
