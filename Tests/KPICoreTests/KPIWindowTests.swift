import Testing

@testable import KPICore

@Suite("KPIWindow")
struct KPIWindowTests {
    static let now = NaiveCalendar.minute(2016, 3, 5, 10, 37) * 60_000 + 42_123

    @Test("a 24 h rolling window ending now is floored to the minute")
    func rollingEndingNow() throws {
        let window = try KPIWindow.rolling(
            durationMilliseconds: 86_400_000,
            endMilliseconds: nil,
            nowMilliseconds: Self.now
        )
        let end = NaiveCalendar.minute(2016, 3, 5, 10, 37)
        #expect(window.minutes == end - 1440..<end)
    }

    @Test("a rolling window with an explicit end ignores now")
    func rollingWithEnd() throws {
        let end = NaiveCalendar.minute(2016, 1, 1)
        let window = try KPIWindow.rolling(
            durationMilliseconds: 3_600_000,
            endMilliseconds: end * 60_000 + 59_999,
            nowMilliseconds: Self.now
        )
        #expect(window.minutes == end - 60..<end)
    }

    @Test("an absolute range floors both ends")
    func absoluteRange() throws {
        let window = try KPIWindow.absolute(fromMilliseconds: 61_000, toMilliseconds: 180_000)
        #expect(window.minutes == 1..<3)
    }

    @Test(
        "invalid windows are rejected with a code and an actionable message",
        arguments: [
            (Int64(0), KPIWindowError.Code.invalidDuration, "positive whole number of minutes"),
            (-60_000, .invalidDuration, "positive whole number of minutes"),
            (90_000, .invalidDuration, "whole number of minutes"),
            (101 * 365 * 86_400_000, .tooLong, "at most 100 years"),
            (47 * 365 * 86_400_000, .outOfRange, "before 1970"),
        ] as [(Int64, KPIWindowError.Code, String)]
    )
    func invalidRolling(duration: Int64, code: KPIWindowError.Code, message: String) {
        let error = #expect(throws: KPIWindowError.self) {
            try KPIWindow.rolling(durationMilliseconds: duration, endMilliseconds: nil, nowMilliseconds: Self.now)
        }
        #expect(error?.code == code)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test(
        "invalid absolute ranges are rejected with a code and an actionable message",
        arguments: [
            (Int64(120_000), Int64(60_000), KPIWindowError.Code.emptyRange, "range end must be after its start"),
            (120_000, 120_000, .emptyRange, "range end must be after its start"),
            (60_010, 60_050, .emptyRange, "cross a minute boundary"),
            (-1, 60_000, .outOfRange, "range start must be between 1970"),
            (0, KPIWindow.latestMillisecond + 1, .outOfRange, "range end must be between 1970"),
            (0, 101 * 365 * 86_400_000, .tooLong, "at most 100 years"),
        ] as [(Int64, Int64, KPIWindowError.Code, String)]
    )
    func invalidAbsolute(from: Int64, to: Int64, code: KPIWindowError.Code, message: String) {
        let error = #expect(throws: KPIWindowError.self) {
            try KPIWindow.absolute(fromMilliseconds: from, toMilliseconds: to)
        }
        #expect(error?.code == code)
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("a range may end exactly at 10000-01-01 and last exactly 100 years")
    func limitsAreInclusive() throws {
        let latest = KPIWindow.latestMillisecond
        let window = try KPIWindow.absolute(
            fromMilliseconds: latest - KPIWindow.maximumMinutes * 60_000,
            toMilliseconds: latest
        )
        #expect(window.minutes.upperBound == latest / 60_000)
        #expect(window.minutes.upperBound - window.minutes.lowerBound == KPIWindow.maximumMinutes)
        #expect(latest == 253_402_300_800_000)
    }
}
