import CKPIShim

#if canImport(Glibc)
import Glibc
#endif

/// Facts about the process and machine.
enum System {
    /// Cores this process may run on (affinity mask, which containers narrow), at least 1.
    static var activeProcessorCount: Int { Int(kpid_available_cpus()) }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func processID() -> Int32 { getpid() }

    /// Monotonic milliseconds, for deadlines (never goes back when the wall clock is changed).
    static func monotonicMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
