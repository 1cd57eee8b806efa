import KPICore

/// Every Redis key kpid writes, in one place.
///
/// Keys of one scope share a hash tag (`{o}`, `{d:<department>}`, `{a:<agent>}`, `{t:<ticket>}`), and a
/// department's agents live under the department's tag, so every key one script touches lands in one Redis
/// Cluster slot. Names are escaped so that no department, agent or ticket name can end a tag early or forge
/// another key.
public enum KeySchema {
    static let prefix = "kpi"

    /// The hash tag of the keys holding a scope's counters.
    public static func tag(of scope: KPIScope) -> String {
        switch scope {
        case .organization: "o"
        case .department(let department), .departmentAgent(let department, _): "d:" + escape(department)
        case .agent(let agent): "a:" + escape(agent)
        case .channel(let channel): "c:" + escape(channel)
        }
    }

    /// The start shared by a scope's counter keys.
    static func scopePrefix(_ scope: KPIScope) -> String {
        switch scope {
        case .departmentAgent(_, let agent): "\(prefix):{\(tag(of: scope))}:a:\(escape(agent))"
        default: "\(prefix):{\(tag(of: scope))}"
        }
    }

    /// The hash holding one parent period's buckets of one tier for one scope.
    public static func counterKey(_ scope: KPIScope, _ tier: TimeTier, parent: Int64) -> String {
        "\(scopePrefix(scope)):\(tierCode(tier)):\(parent)"
    }

    /// The hash holding one parent period's duration histograms (kept apart so ordinary reads stay small).
    public static func histogramKey(_ scope: KPIScope, _ tier: TimeTier, parent: Int64) -> String {
        "\(scopePrefix(scope)):hist:\(tierCode(tier)):\(parent)"
    }

    /// The hash field of one histogram bin of one duration in one bucket.
    public static func histogramField(index: Int64, _ counter: KPICounter, bin: Int32) -> String {
        "\(index):\(counter.rawValue):\(bin)"
    }

    /// The hash field of one counter in one bucket.
    public static func counterField(index: Int64, _ counter: KPICounter) -> String {
        "\(index):\(counter.rawValue)"
    }

    /// A ticket's state and the record of every event applied to it.
    public static func ticketKey(_ ticketID: String) -> String {
        "\(prefix):{t:\(escape(ticketID))}"
    }

    /// Marks that one event's counter changes under one hash tag were applied (so a retry applies them once).
    public static func appliedMarker(tag: String, ticketID: String, eventID: String) -> String {
        "\(prefix):{\(tag)}:ap:\(escape(ticketID)):\(escape(eventID))"
    }

    /// The set of departments kpid has seen.
    public static let departmentsKey = "\(prefix):{o}:departments"

    /// The set of channels kpid has seen.
    public static let channelsKey = "\(prefix):{o}:channels"

    /// The set of agents kpid has seen, in any department.
    public static let agentsKey = "\(prefix):{o}:agents"

    /// The set of agents seen in a department.
    public static func agentsKey(department: String) -> String {
        "\(prefix):{d:\(escape(department))}:agents"
    }

    static func tierCode(_ tier: TimeTier) -> String {
        switch tier {
        case .minute: "m"
        case .hour: "h"
        case .day: "d"
        case .month: "mo"
        case .year: "y"
        }
    }

    /// Percent-encodes the characters that delimit keys, tags and stored records.
    public static func escape(_ name: String) -> String {
        String(decoding: Array(name.utf8).escaped(), as: UTF8.self)
    }

    /// Reverses `escape(_:)`.
    public static func unescape(_ text: Substring) -> String? {
        Array(text.utf8).unescaped().map { String(decoding: $0, as: UTF8.self) }
    }
}

extension [UInt8] {
    /// Percent-encodes delimiter bytes; other bytes (UTF-8 included) pass through unchanged.
    func escaped() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in self {
            switch byte {
            case UInt8(ascii: "%"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "|"),
                UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "/"), 0...0x20, 0x7f:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        return out
    }

    /// Reverses `escaped()`; `nil` when a `%` is not followed by two hex digits.
    func unescaped() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var index = 0
        while index < count {
            let byte = self[index]
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 2 < count,
                let high = hexValue(self[index + 1]), let low = hexValue(self[index + 2])
            else { return nil }
            out.append(high << 4 | low)
            index += 3
        }
        return out
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
