/// A message body that cannot be turned into the Swift value it should hold.
///
/// The server answers a request that fails this way with INVALID_ARGUMENT when ``code`` is
/// ``Code/invalidField`` and INTERNAL otherwise.
public struct MessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a value the caller can switch on; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case malformed
            case allocationBudgetExceeded
            case invalidField
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// protobuf-c could not parse the bytes.
        public static let malformed = Code(.malformed)
        /// Parsing would have allocated more memory than the bytes justify, as a
        /// hostile payload would.
        public static let allocationBudgetExceeded = Code(.allocationBudgetExceeded)
        /// The bytes parse, but a field holds a value the contract forbids.
        public static let invalidField = Code(.invalidField)

        public var description: String { "\(value)" }
    }

    public var code: Code
    /// The protobuf message type, such as `kpi.v1.GetKpisRequest`.
    public var messageType: String
    /// The offending field's path, such as `range.rolling.duration_ms`, for ``Code/invalidField``.
    public var field: String?
    /// A sentence a caller can act on; it repeats the field but no other input.
    public var message: String

    public init(code: Code, messageType: String, field: String? = nil, message: String) {
        self.code = code
        self.messageType = messageType
        self.field = field
        self.message = message
    }

    /// An ``Code/invalidField`` error whose message starts with the field's path.
    static func invalid(_ messageType: String, field: String, _ problem: String) -> MessageError {
        MessageError(code: .invalidField, messageType: messageType, field: field, message: "\(field): \(problem)")
    }

    public var description: String { "MessageError(\(code), \(messageType)): \(message)" }
}
