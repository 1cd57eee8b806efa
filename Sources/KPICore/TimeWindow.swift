/// A validated query range in whole epoch minutes, resolved from a rolling window or an absolute
/// range.
///
/// Both ends are floored to the minute, so a range covers the minute buckets its millisecond ends
/// fall in.
public struct KPIWindow: Sendable, Hashable {
    /// Milliseconds in a minute.
    private static let millisecondsPerMinute: Int64 = 60_000

    /// The earliest accepted time: 1970-01-01 00:00 UTC, in milliseconds.
    public static let earliestMillisecond: Int64 = 0

    /// The latest accepted time, 10000-01-01 00:00 UTC in milliseconds: a range may end just
    /// after 9999.
    public static let latestMillisecond: Int64 = UTCCalendar.firstDay(ofYear: 10_000) * 86_400_000

    /// The longest accepted range: 100 years of 365.25 days, in minutes.
    public static let maximumMinutes: Int64 = 36_525 * 1440

    /// The epoch minutes covered, start inclusive, end exclusive; never empty.
    public let minutes: Range<Int64>

    private init(minutes: Range<Int64>) {
        self.minutes = minutes
    }

    /// Resolves a rolling window: the `durationMilliseconds` before `endMilliseconds` (or before
    /// now).
    /// - Parameters:
    ///   - durationMilliseconds: The window length; a positive whole number of minutes, at most
    ///     100 years.
    ///   - endMilliseconds: The window's end in epoch milliseconds, or nil for `nowMilliseconds`.
    ///   - nowMilliseconds: The current time in epoch milliseconds.
    /// - Returns: The window `[floor(end) − duration, floor(end))` in minutes.
    /// - Throws: ``KPIWindowError`` if the duration or a time is out of bounds.
    public static func rolling(
        durationMilliseconds: Int64,
        endMilliseconds: Int64?,
        nowMilliseconds: Int64
    ) throws(KPIWindowError) -> KPIWindow {
        let end = endMilliseconds ?? nowMilliseconds
        try checkBounds(end, name: "window end")
        try checkDuration(durationMilliseconds)

        let toMinute = end.flooredDivision(by: millisecondsPerMinute)
        let fromMinute = toMinute - durationMilliseconds / millisecondsPerMinute
        guard fromMinute >= 0 else {
            throw KPIWindowError(
                code: .outOfRange,
                message: "window starts before 1970-01-01T00:00Z; shorten it or end it later"
            )
        }
        return KPIWindow(minutes: fromMinute..<toMinute)
    }

    /// Resolves an absolute range `[fromMilliseconds, toMilliseconds)`.
    /// - Parameters:
    ///   - fromMilliseconds: The start in epoch milliseconds.
    ///   - toMilliseconds: The end in epoch milliseconds, after the start and at most 100 years
    ///     later.
    /// - Returns: The range with both ends floored to the minute.
    /// - Throws: ``KPIWindowError`` if the range is empty, too long or outside 1970…9999.
    public static func absolute(
        fromMilliseconds: Int64,
        toMilliseconds: Int64
    ) throws(KPIWindowError) -> KPIWindow {
        try checkBounds(fromMilliseconds, name: "range start")
        try checkBounds(toMilliseconds, name: "range end")
        guard fromMilliseconds < toMilliseconds else {
            throw KPIWindowError(code: .emptyRange, message: "range end must be after its start")
        }

        let fromMinute = fromMilliseconds.flooredDivision(by: millisecondsPerMinute)
        let toMinute = toMilliseconds.flooredDivision(by: millisecondsPerMinute)
        guard fromMinute < toMinute else {
            throw KPIWindowError(
                code: .emptyRange,
                message: "range must cross a minute boundary; times are floored to whole minutes"
            )
        }
        guard toMinute - fromMinute <= maximumMinutes else {
            throw KPIWindowError(code: .tooLong, message: "range must be at most 100 years long")
        }
        return KPIWindow(minutes: fromMinute..<toMinute)
    }

    /// Throws unless `milliseconds` lies in 1970…9999.
    private static func checkBounds(_ milliseconds: Int64, name: String) throws(KPIWindowError) {
        guard milliseconds >= earliestMillisecond, milliseconds <= latestMillisecond else {
            throw KPIWindowError(
                code: .outOfRange,
                message: "\(name) must be between 1970-01-01T00:00Z and 10000-01-01T00:00Z"
            )
        }
    }

    /// Throws unless `milliseconds` is a positive whole number of minutes, at most 100 years.
    private static func checkDuration(_ milliseconds: Int64) throws(KPIWindowError) {
        guard milliseconds > 0, milliseconds % millisecondsPerMinute == 0 else {
            throw KPIWindowError(
                code: .invalidDuration,
                message: "window duration must be a positive whole number of minutes (60000 ms each)"
            )
        }
        guard milliseconds / millisecondsPerMinute <= maximumMinutes else {
            let message = "window duration must be at most 100 years"
            throw KPIWindowError(code: .tooLong, message: message)
        }
    }
}
