import KPICore
import KPIMessages

/// Why a requested time range cannot be used.
struct RangeError: Error {
    var message: String
}

// TODO: replace with KPICore's window resolution once it lands (same rules).
enum KPIWindow {
    /// Turns a requested range into epoch minutes `[from, to)`, flooring both ends to the minute.
    static func minutes(of range: KPITimeRange, nowMs: Int64) throws(RangeError) -> Range<Int64> {
        let maxMinute: Int64 = 4_102_444_800_000 / 60_000 * 2  // far beyond any sane query
        switch range {
        case .rolling(let durationMs, let endMs):
            guard durationMs > 0, durationMs % 60_000 == 0 else {
                throw RangeError(message: "rolling.duration_ms must be a positive whole number of minutes")
            }
            guard endMs >= 0 else { throw RangeError(message: "rolling.end_ms must be 0 (now) or a Unix time") }
            let to = (endMs == 0 ? nowMs : endMs) / 60_000
            let from = to - durationMs / 60_000
            guard from >= 0, to <= maxMinute else {
                throw RangeError(message: "the window must lie between 1970 and 2100")
            }
            return from..<to
        case .absolute(let fromMs, let toMs):
            guard fromMs >= 0, toMs / 60_000 <= maxMinute else {
                throw RangeError(message: "absolute range must lie between 1970 and 2100")
            }
            let from = fromMs / 60_000
            let to = toMs / 60_000
            guard from < to else {
                throw RangeError(message: "absolute.to_ms must be at least one minute after absolute.from_ms")
            }
            return from..<to
        }
    }
}
