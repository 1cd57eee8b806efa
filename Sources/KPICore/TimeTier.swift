/// The granularity of a counter bucket.
///
/// Each tier's buckets are grouped into parent periods; one Redis hash holds the buckets of one
/// parent, keyed by the bucket's index inside it:
///
/// | tier      | parent                    | index                      |
/// |-----------|---------------------------|----------------------------|
/// | `.minute` | epoch hour (minutes / 60) | minute of the hour, 0…59   |
/// | `.hour`   | epoch day                 | hour of the day, 0…23      |
/// | `.day`    | month index (UTCCalendar) | day of the month − 1, 0…30 |
/// | `.month`  | calendar year             | month − 1, 0…11            |
/// | `.year`   | 0 (one hash per scope)    | calendar year              |
public enum TimeTier: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case minute
    case hour
    case day
    case month
    case year

    /// The tier name, as used in Redis key prefixes.
    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .day: "day"
        case .month: "month"
        case .year: "year"
        }
    }

    /// The next finer tier, or nil for `.minute`.
    public var finer: TimeTier? { TimeTier(rawValue: rawValue - 1) }

    /// The bucket of this tier that contains an epoch minute.
    /// - Parameter minute: Minutes since 1970-01-01 00:00 UTC (negative before it).
    /// - Returns: The bucket's parent and index.
    public func address(forMinute minute: Int64) -> BucketAddress {
        switch self {
        case .minute:
            return BucketAddress(
                tier: self,
                parent: minute.flooredDivision(by: minutesPerHour),
                index: minute.flooredModulo(minutesPerHour)
            )
        case .hour:
            return BucketAddress(
                tier: self,
                parent: minute.flooredDivision(by: minutesPerDay),
                index: minute.flooredModulo(minutesPerDay) / minutesPerHour
            )
        case .day, .month, .year:
            let date = UTCCalendar.civilDate(fromDays: minute.flooredDivision(by: minutesPerDay))
            return calendarAddress(of: date)
        }
    }

    /// The address of the day, month or year bucket holding a date.
    private func calendarAddress(of date: UTCCalendar.CivilDate) -> BucketAddress {
        switch self {
        case .minute, .hour:
            preconditionFailure("tier \(self) is not a calendar tier")
        case .day:
            let parent = UTCCalendar.monthIndex(year: date.year, month: date.month)
            return BucketAddress(tier: self, parent: parent, index: date.day - 1)
        case .month:
            return BucketAddress(tier: self, parent: date.year, index: date.month - 1)
        case .year:
            return BucketAddress(tier: self, parent: 0, index: date.year)
        }
    }

    /// The first epoch minute of a bucket.
    /// - Parameters:
    ///   - parent: The bucket's parent period, as in `address(forMinute:)`.
    ///   - index: The bucket's index inside the parent.
    /// - Returns: Minutes since 1970-01-01 00:00 UTC.
    public func startMinute(parent: Int64, index: Int64) -> Int64 {
        switch self {
        case .minute:
            return parent * minutesPerHour + index
        case .hour:
            return parent * minutesPerDay + index * minutesPerHour
        case .day:
            return (UTCCalendar.firstDay(ofMonthIndex: parent) + index) * minutesPerDay
        case .month:
            let date = UTCCalendar.CivilDate(year: parent, month: index + 1, day: 1)
            return UTCCalendar.days(from: date) * minutesPerDay
        case .year:
            return UTCCalendar.firstDay(ofYear: index) * minutesPerDay
        }
    }

    /// The epoch minute just after a bucket: its end, exclusive.
    public func endMinute(parent: Int64, index: Int64) -> Int64 {
        switch self {
        case .minute, .hour, .day:
            // These buckets never straddle a parent, so the next index is always a valid start.
            return startMinute(parent: parent, index: index + 1)
        case .month:
            return index == 11
                ? UTCCalendar.firstDay(ofYear: parent + 1) * minutesPerDay
                : startMinute(parent: parent, index: index + 1)
        case .year:
            return UTCCalendar.firstDay(ofYear: index + 1) * minutesPerDay
        }
    }

    /// The first epoch minute of a parent period.
    ///
    /// The single year-tier parent is taken to start at 0001-01-01, the first supported year.
    public func parentStartMinute(_ parent: Int64) -> Int64 {
        switch self {
        case .minute: parent * minutesPerHour
        case .hour: parent * minutesPerDay
        case .day: UTCCalendar.firstDay(ofMonthIndex: parent) * minutesPerDay
        case .month: UTCCalendar.firstDay(ofYear: parent) * minutesPerDay
        case .year: UTCCalendar.firstDay(ofYear: 1) * minutesPerDay
        }
    }

    /// The epoch minute just after a parent period: its end, exclusive.
    ///
    /// The single year-tier parent is taken to end at 10000-01-01, after the last supported year.
    public func parentEndMinute(_ parent: Int64) -> Int64 {
        switch self {
        case .minute, .hour, .day, .month: parentStartMinute(parent + 1)
        case .year: UTCCalendar.firstDay(ofYear: 10_000) * minutesPerDay
        }
    }

    /// The start of the bucket containing `minute`.
    func floorMinute(_ minute: Int64) -> Int64 {
        let address = address(forMinute: minute)
        return startMinute(parent: address.parent, index: address.index)
    }

    /// `minute` if it starts a bucket, otherwise the start of the next bucket.
    func ceilMinute(_ minute: Int64) -> Int64 {
        let address = address(forMinute: minute)
        let start = startMinute(parent: address.parent, index: address.index)
        return start == minute ? minute : endMinute(parent: address.parent, index: address.index)
    }
}
