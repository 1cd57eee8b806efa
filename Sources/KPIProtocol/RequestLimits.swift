/// Bounds on what one request may carry, part of the protocol contract.
public enum RequestLimits {
    /// Events accepted in one RecordEvents call; a larger batch is refused with INVALID_ARGUMENT.
    public static let maxEventsPerCall = 10_000
}
