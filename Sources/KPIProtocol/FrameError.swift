/// A byte stream that breaks the framing rules. The connection cannot continue after one of these.
public struct FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a value the caller can switch on; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case truncatedHeader
            case badMagic
            case unsupportedVersion
            case metaTooLarge
            case frameTooLarge
            case compressedFrame
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// Fewer than 16 bytes were given to a header decoder.
        public static let truncatedHeader = Code(.truncatedHeader)
        /// The first byte is not 0xA7: the peer does not speak this protocol.
        public static let badMagic = Code(.badMagic)
        /// The version byte is not 1.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The metadata length passes ``ProtocolLimits/maxMetaSize``.
        public static let metaTooLarge = Code(.metaTooLarge)
        /// The frame (M + P) passes ``ProtocolLimits/hardFrameCap``.
        public static let frameTooLarge = Code(.frameTooLarge)
        /// The COMPRESSED flag is set, which version 1 forbids.
        public static let compressedFrame = Code(.compressedFrame)

        public var description: String { "\(value)" }
    }

    public var code: Code
    /// A sentence for logs; it holds no peer data beyond the offending numbers.
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "FrameError(\(code)): \(message)" }
}
