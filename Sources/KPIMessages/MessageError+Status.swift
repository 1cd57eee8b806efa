import KPIProtocol

extension MessageError {
    /// The status a server answers when a call's meta or request fails to decode this way.
    ///
    /// A field that breaks the contract is the caller's mistake (INVALID_ARGUMENT); a payload that
    /// would take more memory than its size justifies is refused (RESOURCE_EXHAUSTED); bytes that
    /// do not parse are INTERNAL.
    public var statusCode: StatusCode {
        switch code {
        case .invalidField: .invalidArgument
        case .allocationBudgetExceeded: .resourceExhausted
        default: .internal
        }
    }
}

extension FrameError {
    /// The reason a server gives in the GOAWAY it sends before closing a connection
    /// over this error.
    public var goAwayReason: GoAwayReason {
        code == .frameTooLarge ? .frameTooLarge : .protocolError
    }
}
