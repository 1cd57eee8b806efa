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

    /// A budget of ``bytesPerInputByte`` bytes per input byte plus 64 KiB.
    convenience init(inputSize: Int) {
        self.init(limit: inputSize.multipliedReportingOverflow(by: Self.bytesPerInputByte).partialValue + (64 << 10))
    }

    /// The heap a byte of input may cost. The smallest valid event (1-byte ids, 1-byte time, an empty
    /// `ticket_created`) takes 12 bytes on the wire and about 140 bytes once unpacked, so 8 would refuse
    /// honest batches; 16 keeps them while 100,000 empty events (about 48 bytes per byte) are refused.
    static let bytesPerInputByte = 16

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
