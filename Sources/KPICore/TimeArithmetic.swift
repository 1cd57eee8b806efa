/// Minutes in one hour.
let minutesPerHour: Int64 = 60

/// Minutes in one UTC day (UTC has no daylight saving; leap seconds are not counted by epoch
/// time).
let minutesPerDay: Int64 = 1440

extension Int64 {
    /// Division rounding towards negative infinity, so minutes before 1970 land in the right hour
    /// and day.
    func flooredDivision(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        let remainder = self % divisor
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? quotient - 1 : quotient
    }

    /// The remainder matching `flooredDivision(by:)`: always in `0..<divisor` for a positive
    /// divisor.
    func flooredModulo(_ divisor: Int64) -> Int64 {
        self - flooredDivision(by: divisor) * divisor
    }
}
