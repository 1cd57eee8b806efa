/// A Swift value that travels as one protobuf message of the `kpi.v1` package.
public protocol WireMessage: Sendable {
    /// The full protobuf name, such as `kpi.v1.Hello`, used in errors.
    static var messageType: String { get }

    /// The protobuf encoding of this value.
    func encode() -> [UInt8]

    /// Decodes and checks a protobuf body.
    /// - Throws: ``MessageError``: `malformed` or `allocationBudgetExceeded` when the bytes do not
    ///   parse, `invalidField` when a field breaks the contract.
    static func decode(_ bytes: [UInt8]) throws(MessageError) -> Self
}
