@testable import KPICore

/// Expands spans to minutes with `NaiveCalendar` only, so plan checks share no arithmetic with `TimeTier`.
enum SpanOracle {
    /// The epoch minutes a span covers, or nil if its indices do not exist in its parent.
    static func minutes(of span: BucketSpan) -> Range<Int64>? {
        switch span.tier {
        case .minute:
            guard span.lo >= 0, span.hi <= 59 else { return nil }
            return span.parent * 60 + span.lo..<span.parent * 60 + span.hi + 1
        case .hour:
            guard span.lo >= 0, span.hi <= 23 else { return nil }
            return span.parent * 1440 + span.lo * 60..<span.parent * 1440 + (span.hi + 1) * 60
        case .day:
            return dayMinutes(of: span)
        case .month:
            guard span.lo >= 0, span.hi <= 11 else { return nil }
            let start = NaiveCalendar.days(year: span.parent, month: span.lo + 1, day: 1)
            let lastMonthStart = NaiveCalendar.days(year: span.parent, month: span.hi + 1, day: 1)
            let end = lastMonthStart + NaiveCalendar.monthLength(year: span.parent, month: span.hi + 1)
            return start * 1440..<end * 1440
        case .year:
            guard span.parent == 0, span.lo >= 1970 else { return nil }
            return NaiveCalendar.firstDay(ofYear: span.lo) * 1440..<NaiveCalendar.firstDay(ofYear: span.hi + 1) * 1440
        }
    }

    private static func dayMinutes(of span: BucketSpan) -> Range<Int64>? {
        let year = 1970 + span.parent / 12
        let month = span.parent % 12 + 1
        guard span.parent >= 0, span.lo >= 0, span.hi < NaiveCalendar.monthLength(year: year, month: month) else {
            return nil
        }
        let start = NaiveCalendar.days(year: year, month: month, day: span.lo + 1)
        let end = NaiveCalendar.days(year: year, month: month, day: span.hi + 1) + 1
        return start * 1440..<end * 1440
    }

    /// Whether a span fills its whole parent, in which case one bucket of the next tier should have been used.
    static func fillsParent(_ span: BucketSpan) -> Bool {
        switch span.tier {
        case .minute: span.lo == 0 && span.hi == 59
        case .hour: span.lo == 0 && span.hi == 23
        case .day:
            span.lo == 0
                && span.hi + 1 == NaiveCalendar.monthLength(year: 1970 + span.parent / 12, month: span.parent % 12 + 1)
        case .month: span.lo == 0 && span.hi == 11
        case .year: false
        }
    }

    /// A description of what is wrong with `spans` as a plan for `range`, or nil if they tile it exactly.
    static func problem(with spans: [BucketSpan], covering range: Range<Int64>) -> String? {
        var pieces: [Range<Int64>] = []
        for span in spans {
            guard let minutes = minutes(of: span) else { return "span \(span) has indices outside its parent" }
            if fillsParent(span) { return "span \(span) fills its parent; a coarser bucket would do" }
            pieces.append(minutes)
        }

        let hashes = Set(spans.map { "\($0.tier):\($0.parent)" })
        if hashes.count != spans.count { return "two spans share a parent hash: \(spans)" }

        // Sorted pieces tile the range iff each starts where the previous ended, from the start to the end.
        var cursor = range.lowerBound
        for piece in pieces.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if piece.lowerBound != cursor { return "gap or overlap at minute \(cursor): \(spans)" }
            cursor = piece.upperBound
        }
        return cursor == range.upperBound ? nil : "spans end at \(cursor), not \(range.upperBound)"
    }
}
