/// Why a requested KPI window or range was rejected; `message` tells the caller what to change.
public struct KPIWindowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, open to new cases without breaking callers that switch on it.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case emptyRange = "empty range"
            case invalidDuration = "invalid duration"
            case tooLong = "too long"
            case outOfRange = "out of range"
        }

        private let value: Value

        /// The end is not after the start, or no whole minute lies between them.
        public static let emptyRange = Code(value: .emptyRange)
        /// A rolling duration is not a positive whole number of minutes.
        public static let invalidDuration = Code(value: .invalidDuration)
        /// The range is longer than ``KPIWindow/maximumMinutes``.
        public static let tooLong = Code(value: .tooLong)
        /// A time lies before 1970 or after 9999.
        public static let outOfRange = Code(value: .outOfRange)

        /// The code in words.
        public var description: String { value.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// A sentence for the caller saying what is wrong and what is allowed.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: A sentence for the caller saying what is wrong and what is allowed.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
