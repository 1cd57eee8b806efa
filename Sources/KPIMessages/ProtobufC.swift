import CProtobufC
import Foundation

/// The two ends of protobuf-c every message shares: packing C structs and unpacking bytes under a
/// budget. C pointers never leave these calls; conversions copy what they need into Swift values.
enum ProtobufC {
    /// A generated `xxx__unpack`: allocator, length, bytes; returns NULL when the bytes do not
    /// parse or an allocation fails.
    typealias Unpack<Message> = (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) ->
        UnsafeMutablePointer<Message>?
    /// A generated `xxx__free_unpacked`: frees what `unpack` built, with the
    /// allocator `unpack` used.
    typealias FreeUnpacked<Message> = (UnsafeMutablePointer<Message>?, UnsafeMutablePointer<ProtobufCAllocator>?) ->
        Void

    /// Unpacks `bytes` with the generated `unpack`, converts the result, and frees it with
    /// the same allocator.
    static func decode<Message, Result>(
        _ bytes: [UInt8],
        as messageType: String,
        unpack: Unpack<Message>,
        free: FreeUnpacked<Message>,
        convert: (Message) throws(MessageError) -> Result
    ) throws(MessageError) -> Result {
        let budget = DecodeBudget(inputSize: bytes.count)
        return try budget.withAllocator { allocator throws(MessageError) in
            // unpack returns NULL for malformed input and when an allocation fails; the budget
            // tells them apart. An empty array may have no base address, but protobuf-c wants a
            // pointer even for 0 bytes; a one-byte temporary always has one.
            let message = bytes.withUnsafeBufferPointer { buffer in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { placeholder in
                    unpack(allocator, buffer.count, buffer.baseAddress ?? UnsafePointer(placeholder.baseAddress!))
                }
            }
            guard let message else {
                if budget.exceeded {
                    throw MessageError(
                        code: .allocationBudgetExceeded,
                        messageType: messageType,
                        message: "\(bytes.count) bytes would need more than \(budget.limit) bytes of memory"
                    )
                }
                throw MessageError(
                    code: .malformed,
                    messageType: messageType,
                    message: "\(bytes.count) bytes are not a valid \(messageType)"
                )
            }
            defer { free(message, allocator) }
            return try convert(message.pointee)
        }
    }

    /// Reads a string field protobuf-c unpacked, checking that it is UTF-8.
    ///
    /// protobuf-c checks nothing and NUL-terminates, so an embedded NUL already cut the string
    /// short here; the event decoder finds those in the raw bytes instead (see ``WireScan``).
    /// Requests are scanned with ``WireScan`` before they get here; response strings are kpid's own.
    static func string(
        _ pointer: UnsafePointer<CChar>?,
        in messageType: String,
        field: String
    ) throws(MessageError) -> String {
        guard let pointer else { return "" }
        guard let string = validatedString(pointer) else {
            throw MessageError.invalid(messageType, field: field, "not valid UTF-8")
        }
        return string
    }

    /// The string at `pointer` when it is valid UTF-8, nil otherwise.
    static func validatedString(_ pointer: UnsafePointer<CChar>) -> String? {
        let length = strlen(pointer)
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            String(validating: UnsafeBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }

    /// The elements of a C array with its count, or none when the pointer is NULL.
    static func elements<T>(_ pointer: UnsafeMutablePointer<T>?, count: Int) -> UnsafeBufferPointer<T> {
        guard let pointer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: count)
    }
}

extension EncodeArena {
    /// Packs a message built in this arena with the generated `get_packed_size` and `pack`.
    ///
    /// Neither call can fail: `get_packed_size` returns the exact length and `pack` writes exactly
    /// that many bytes into the buffer it is given.
    func pack<Message>(
        _ message: UnsafeMutablePointer<Message>,
        size: (UnsafePointer<Message>?) -> Int,
        pack: (UnsafePointer<Message>?, UnsafeMutablePointer<UInt8>?) -> Int
    ) -> [UInt8] {
        let count = size(message)
        return [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            initialized = pack(message, buffer.baseAddress)
            // get_packed_size and pack walk the same struct, so a mismatch is a protobuf-c bug.
            precondition(initialized == count, "protobuf-c packed \(initialized) bytes, announced \(count)")
        }
    }
}
