import Foundation
import KPICore

/// The target overrides read from Redis, and the fields that could not be read (to log, never to fail on).
public struct StoredTargets: Sendable, Hashable {
    public var overrides: [KPITargetOverride]
    /// Hash fields (with their values) that are not a valid override; they are left out.
    public var skipped: [String]

    public init(overrides: [KPITargetOverride], skipped: [String] = []) {
        self.overrides = overrides
        self.skipped = skipped
    }
}

/// How target overrides are kept in the organisation's `kpi:{o}:targets` hash: field `<department or *>|<kpi>`
/// (the department escaped like every name in kpid, and a department literally named `*` written `%2A`), value
/// `min,max` with an empty side for no bound.
public enum TargetCodec {
    public static let key = "\(KeySchema.prefix):{o}:targets"

    public static func field(_ scope: KPITargetScope, _ kpi: KPIName) -> String {
        switch scope {
        case .organization: "*|" + kpi.rawValue
        case .department(let department):
            KeySchema.escape(department).replacingOccurrences(of: "*", with: "%2A") + "|" + kpi.rawValue
        }
    }

    public static func value(_ target: KPITarget) -> String {
        (target.min.map { "\($0)" } ?? "") + "," + (target.max.map { "\($0)" } ?? "")
    }

    /// The override one hash field and value stand for, or nil when they are not one kpid would write.
    public static func override(field: String, value: String) -> KPITargetOverride? {
        let fieldParts = field.split(separator: "|", omittingEmptySubsequences: false)
        let bounds = value.split(separator: ",", omittingEmptySubsequences: false)
        guard fieldParts.count == 2, let kpi = KPIName(rawValue: String(fieldParts[1])), bounds.count == 2 else {
            return nil
        }
        func bound(_ text: Substring) -> Double?? {
            text.isEmpty ? .some(nil) : Double(text).map { .some($0) }
        }
        guard let min = bound(bounds[0]), let max = bound(bounds[1]) else { return nil }
        let scope: KPITargetScope
        if fieldParts[0] == "*" {
            scope = .organization
        } else {
            guard let department = KeySchema.unescape(fieldParts[0]), !department.isEmpty else { return nil }
            scope = .department(department)
        }
        let target = KPITarget(kpi, min: min, max: max)
        guard target.problem == nil, min != nil || max != nil else { return nil }
        return KPITargetOverride(scope: scope, target: target)
    }

    /// Reads a whole `HGETALL` reply: overrides sorted organisation first, then by department and KPI.
    public static func decode(_ pairs: [RedisReply]) -> StoredTargets {
        var result = StoredTargets(overrides: [])
        var index = 0
        while index + 1 < pairs.count {
            let field = pairs[index].stringValue ?? ""
            let value = pairs[index + 1].stringValue ?? ""
            index += 2
            if let override = override(field: field, value: value) {
                result.overrides.append(override)
            } else {
                result.skipped.append("\(field)=\(value)")
            }
        }
        result.overrides.sort { sortKey($0) < sortKey($1) }
        return result
    }

    private static func sortKey(_ override: KPITargetOverride) -> (Int, String, String) {
        switch override.scope {
        case .organization: (0, "", override.target.kpi.rawValue)
        case .department(let department): (1, department, override.target.kpi.rawValue)
        }
    }
}

extension KPIStore {
    /// Every target override (shared by all replicas).
    public func targets(completion: @escaping (Result<StoredTargets, StoreError>) -> Void) {
        connection.send(["HGETALL", TargetCodec.key]) { reply in
            guard case .array(let pairs) = reply else { return completion(.failure(StoreError.from(reply))) }
            completion(.success(TargetCodec.decode(pairs)))
        }
    }

    /// Stores an override, or removes it when the target has neither bound.
    public func setTarget(_ override: KPITargetOverride, completion: @escaping (Result<Void, StoreError>) -> Void) {
        let field = TargetCodec.field(override.scope, override.target.kpi)
        let command =
            override.target.min == nil && override.target.max == nil
            ? ["HDEL", TargetCodec.key, field]
            : ["HSET", TargetCodec.key, field, TargetCodec.value(override.target)]
        connection.send(command) { reply in
            guard !reply.isFailure else { return completion(.failure(StoreError.from(reply))) }
            completion(.success(()))
        }
    }
}
