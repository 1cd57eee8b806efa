import CProtobufC
import Foundation

/// A protobuf-c allocator that refuses to hand out more than a fixed number of bytes.
///
/// protobuf-c allocates one object per sub-message, so 2 bytes of input can cost ~70 bytes of heap.
/// A budget proportional to the input stops a small hostile payload from taking a lot of memory:
/// `unpack` then returns NULL. The budget counts every allocation and is not given back on free,
/// which is stricter and simpler.
final class DecodeBudget {
    let limit: Int
    private(set) var used = 0
    private(set) var exceeded = false

    /// A budget of 8 bytes per input byte plus 64 KiB, enough for every honest message
    /// of this schema.
    convenience init(inputSize: Int) {
        self.init(limit: inputSize.multipliedReportingOverflow(by: 8).partialValue + (64 << 10))
    }

    init(limit: Int) {
        self.limit = limit
    }

    /// Calls `body` with an allocator backed by this budget; the allocator must not escape `body`.
    func withAllocator<R>(
        _ body: (UnsafeMutablePointer<ProtobufCAllocator>) throws(MessageError) -> R
    )
        throws(MessageError) -> R
    {
        // passUnretained: `self` outlives the allocator, which exists only during `body`.
        var allocator = ProtobufCAllocator(
            alloc: budgetAlloc,
            free: budgetFree,
            allocator_data: Unmanaged.passUnretained(self).toOpaque()
        )
        return try withUnsafeMutablePointer(to: &allocator) { pointer throws(MessageError) in try body(pointer) }
    }

    fileprivate func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        guard size <= limit - used else {
            exceeded = true
            return nil
        }
        used += size
        return malloc(max(size, 1))
    }
}

private func budgetAlloc(_ data: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
    // allocator_data is always set by withAllocator to an unretained DecodeBudget that
    // is still alive.
    guard let data else { return nil }
    return Unmanaged<DecodeBudget>.fromOpaque(data).takeUnretainedValue().allocate(size)
}

private func budgetFree(_ data: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}
