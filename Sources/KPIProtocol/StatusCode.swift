/// The outcome of a call, with gRPC's code numbers and meanings. Unknown numbers are kept
/// as they are.
public struct StatusCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The call succeeded.
    public static let ok = StatusCode(rawValue: 0)
    /// The call was cancelled, usually by the caller.
    public static let cancelled = StatusCode(rawValue: 1)
    /// An error with no better code.
    public static let unknown = StatusCode(rawValue: 2)
    /// The request is malformed whatever the server's state.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The deadline passed before the call completed.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// A requested entity was not found.
    public static let notFound = StatusCode(rawValue: 5)
    /// The entity a call tried to create already exists.
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller may not do this.
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// A resource ran out, or a size limit was passed.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The system is not in the state the call needs.
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// The call was aborted, typically by a concurrency conflict.
    public static let aborted = StatusCode(rawValue: 10)
    /// A value is past the valid range.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// The method is not implemented or not known.
    public static let unimplemented = StatusCode(rawValue: 12)
    /// An invariant broke inside the server, or a message could not be decoded.
    public static let `internal` = StatusCode(rawValue: 13)
    /// The service is unavailable for now; retrying later may succeed.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Data was lost or corrupted.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// The call has no valid credentials.
    public static let unauthenticated = StatusCode(rawValue: 16)

    /// The 17 codes gRPC defines, in numeric order.
    public static let allDefined: [StatusCode] = (0...16).map { StatusCode(rawValue: $0) }

    /// gRPC's name, such as `INVALID_ARGUMENT`, or `CODE_42` for a number outside the table.
    public var name: String {
        switch rawValue {
        case 0: "OK"
        case 1: "CANCELLED"
        case 2: "UNKNOWN"
        case 3: "INVALID_ARGUMENT"
        case 4: "DEADLINE_EXCEEDED"
        case 5: "NOT_FOUND"
        case 6: "ALREADY_EXISTS"
        case 7: "PERMISSION_DENIED"
        case 8: "RESOURCE_EXHAUSTED"
        case 9: "FAILED_PRECONDITION"
        case 10: "ABORTED"
        case 11: "OUT_OF_RANGE"
        case 12: "UNIMPLEMENTED"
        case 13: "INTERNAL"
        case 14: "UNAVAILABLE"
        case 15: "DATA_LOSS"
        case 16: "UNAUTHENTICATED"
        default: "CODE_\(rawValue)"
        }
    }

    public var description: String { name }
}
