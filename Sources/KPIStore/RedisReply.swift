import CKPIShim

/// A Redis reply, copied out of hiredis's reply object before that object is freed.
public enum RedisReply: Sendable, Equatable {
    case string([UInt8])
    case status(String)
    case integer(Int64)
    case array([RedisReply])
    case null
    /// Redis answered with an error reply (`-ERR …`).
    case error(String)
    /// No reply: the connection is down, was lost with the command pending, or is over its pending limit.
    case unavailable(String)

    /// Copies a hiredis reply; `nil` (hiredis's way of saying the connection went away) becomes `.unavailable`.
    init(copying pointer: UnsafeMutablePointer<redisReply>?) {
        guard let reply = pointer?.pointee else {
            self = .unavailable("the Redis connection was lost")
            return
        }
        switch reply.type {
        case REDIS_REPLY_STRING:
            self = .string(Self.bytes(reply.str, Int(reply.len)))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(reply.str, Int(reply.len)), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(reply.str, Int(reply.len)), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(reply.integer)
        case REDIS_REPLY_ARRAY:
            self = .array((0..<Int(reply.elements)).map { RedisReply(copying: reply.element[$0]) })
        default:
            self = .null
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
            Array(UnsafeBufferPointer(start: $0, count: count))
        }
    }

    /// The reply as an integer, if it is one (or a bulk string holding one, as Lua numbers in arrays come back).
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .string(let bytes): Int64(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    /// The reply as text, for bulk strings and status replies.
    public var stringValue: String? {
        switch self {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// Whether this is a failure (error reply or no reply at all).
    public var isFailure: Bool {
        switch self {
        case .error, .unavailable: true
        default: false
        }
    }
}
