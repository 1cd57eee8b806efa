import KPIProtocol

/// A call that did not succeed: the server's status, or one the client made up for a transport failure
/// (UNAVAILABLE for a lost connection, DEADLINE_EXCEEDED when no answer came in time).
public struct KPIClientError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: StatusCode
    public var message: String

    public init(_ code: StatusCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }
}
