import Foundation

/// How long each point of a KPI series is.
public enum SeriesStep: Int, Sendable, Hashable, CaseIterable {
    case hour = 1
    case day = 2
    /// Weeks start on Monday (ISO 8601).
    case week = 3
}

/// Why a series cannot be planned.
public struct SeriesPlanError: Error, Sendable, Hashable {
    public var message: String
}

/// Cuts `[from, to)` into the points of a series at the step's boundaries in a named time zone, daylight-saving
/// changes included: a day in Europe/Paris is 23 or 25 hours on the days the clocks change.
///
/// Boundaries are computed with Foundation's calendar over the system's time-zone database; every point is
/// then a range of epoch minutes, read through the same code path as a single KPI read.
public enum SeriesPlan {
    /// Points one series may have; more is refused (ask for a coarser step or a shorter range).
    public static let maxPoints = 1_000

    /// The points, as epoch-minute ranges: the first starts at `from`, the last ends at `to`, and the others
    /// start and end on step boundaries in `timeZone`.
    public static func points(
        fromMs: Int64,
        toMs: Int64,
        step: SeriesStep,
        timeZone identifier: String
    ) throws(SeriesPlanError) -> [Range<Int64>] {
        guard let zone = TimeZone(identifier: identifier) else {
            throw SeriesPlanError(
                message: "time_zone: unknown IANA time zone \"\(identifier)\", e.g. Europe/Paris or UTC"
            )
        }
        let window: KPIWindow
        do {
            window = try KPIWindow.absolute(fromMilliseconds: fromMs, toMilliseconds: toMs)
        } catch {
            throw SeriesPlanError(message: error.message)
        }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = zone
        var points: [Range<Int64>] = []
        var start = window.minutes.lowerBound
        while start < window.minutes.upperBound {
            let end = min(nextBoundary(after: start, step: step, calendar: calendar), window.minutes.upperBound)
            points.append(start..<end)
            guard points.count <= maxPoints else {
                throw SeriesPlanError(message: "more than \(maxPoints) points: use a coarser step or a shorter range")
            }
            start = end
        }
        return points
    }

    /// The first step boundary strictly after the epoch minute `minute`, as an epoch minute.
    static func nextBoundary(after minute: Int64, step: SeriesStep, calendar: Calendar) -> Int64 {
        let date = Date(timeIntervalSince1970: TimeInterval(minute * 60))
        let component: Calendar.Component
        switch step {
        case .hour: component = .hour
        case .day: component = .day
        case .week: component = .weekOfYear
        }
        guard let interval = calendar.dateInterval(of: component, for: date) else { return minute + 60 }
        // Zones with sub-minute offsets (historic LMT) would give a boundary inside a minute: round it up.
        let end = Int64((interval.end.timeIntervalSince1970 / 60).rounded(.up))
        return max(end, minute + 1)
    }
}
