import Foundation
import Synchronization

/// How much a log line matters; lines below the logger's level are dropped.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    case trace, debug, info, warning, error

    public var name: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public init?(name: String) {
        guard let level = LogLevel.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A small structured logger: one JSON object per line on standard output.
///
/// Messages are constant phrases; the data goes in metadata under keys like `conn.peer` or `redis.error`.
public struct Logger: Sendable {
    public var label: String
    public var level: LogLevel
    public var metadata: [String: String]

    public init(label: String, level: LogLevel = .info, metadata: [String: String] = [:]) {
        self.label = label
        self.level = level
        self.metadata = metadata
    }

    public func trace(_ message: @autoclosure () -> String, _ data: [String: String] = [:]) {
        log(.trace, message(), data)
    }

    public func debug(_ message: @autoclosure () -> String, _ data: [String: String] = [:]) {
        log(.debug, message(), data)
    }

    public func info(_ message: @autoclosure () -> String, _ data: [String: String] = [:]) {
        log(.info, message(), data)
    }

    public func warning(_ message: @autoclosure () -> String, _ data: [String: String] = [:]) {
        log(.warning, message(), data)
    }

    public func error(_ message: @autoclosure () -> String, _ data: [String: String] = [:]) {
        log(.error, message(), data)
    }

    public func log(_ lineLevel: LogLevel, _ message: @autoclosure () -> String, _ data: [String: String]) {
        guard lineLevel >= level else { return }
        var fields = metadata.merging(data) { _, new in new }
        fields["level"] = lineLevel.name
        fields["logger"] = label
        fields["msg"] = message()
        fields["ts"] = Self.timestamp()
        LogSink.shared.emit(Self.jsonLine(fields))
    }

    static func jsonLine(_ fields: [String: String]) -> String {
        let ordered =
            ["ts", "level", "logger", "msg"]
            + fields.keys.filter { !["ts", "level", "logger", "msg"].contains($0) }.sorted()
        let body = ordered.compactMap { key in fields[key].map { "\(quoted(key)):\(quoted($0))" } }
        return "{" + body.joined(separator: ",") + "}\n"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let millis = Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
        return String(format: "%.3f", Double(millis) / 1000)
    }
}

/// Serialises whole lines onto standard output so lines from several threads never interleave.
final class LogSink: Sendable {
    static let shared = LogSink()
    private let lock = Mutex(())

    func emit(_ line: String) {
        // One write(2) per line: lines from several threads never interleave, and nothing sits in a
        // stdio buffer when the process is killed.
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
