import Foundation

/// Owns the C memory a message being encoded points into: strings, sub-messages and pointer arrays.
///
/// protobuf-c's `pack` only reads the structs, so they are built here and freed together when the
/// arena goes away. Nothing built this way may be passed to `free_unpacked`, which would free it
/// a second time.
final class EncodeArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for pointer in allocations { free(pointer) }
    }

    /// A NUL-terminated copy of `string`. An embedded NUL ends the C string early; protobuf-c has
    /// no other way.
    func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(string.utf8)
        let pointer = allocate(CChar.self, count: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { pointer[index] = CChar(bitPattern: byte) }
        pointer[utf8.count] = 0
        return pointer
    }

    /// A C struct initialised by `initialize` (a generated `__init`), then changed by `configure`.
    func message<T>(
        _ initialize: (UnsafeMutablePointer<T>?) -> Void,
        _ configure: (inout T) -> Void = { _ in }
    ) -> UnsafeMutablePointer<T> {
        let pointer = allocate(T.self, count: 1)
        initialize(pointer)
        configure(&pointer.pointee)
        return pointer
    }

    /// A C array holding `elements`, or nil when there are none (protobuf-c then reads no element).
    func array<T>(_ elements: [T]) -> UnsafeMutablePointer<T>? {
        guard !elements.isEmpty else { return nil }
        let pointer = allocate(T.self, count: elements.count)
        pointer.initialize(from: elements, count: elements.count)
        return pointer
    }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let size = max(MemoryLayout<T>.stride * count, 1)
        // malloc aligns for every C type; nil means the process is out of memory, which we do
        // not survive anyway.
        guard let raw = calloc(1, size) else { fatalError("out of memory allocating \(size) bytes") }
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
