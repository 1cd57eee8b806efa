/// A KPI that can have a target, by its stable snake_case name (used on the wire, in Redis and in kpictl).
public enum KPIName: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Mean first response time, seconds.
    case firstResponseTime = "first_response_time"
    /// Mean first resolution time, seconds.
    case firstResolutionTime = "first_resolution_time"
    /// Mean full resolution time (creation to latest resolution), seconds.
    case resolutionTime = "resolution_time"
    case firstContactResolution = "first_contact_resolution"
    case slaCompliance = "sla_compliance"
    /// Mean reply time, seconds.
    case replyTime = "reply_time"
    /// Mean handle time per ticket and agent, seconds.
    case handleTime = "handle_time"
    case reopenRate = "reopen_rate"
    case csat
    /// Net promoter score, −100…100.
    case nps
    /// Mean customer effort, 1–7.
    case ces
    case aiContainment = "ai_containment"
    case aiEscalation = "ai_escalation"
    case handoffSuccess = "handoff_success"
    case automationAccuracy = "automation_accuracy"
    /// Mean QA review score, as a fraction (0.9 = 90 %).
    case qaScore = "qa_score"

    /// What the KPI's value is measured in.
    public var unit: KPIUnit {
        switch self {
        case .firstResponseTime, .firstResolutionTime, .resolutionTime, .replyTime, .handleTime: .seconds
        case .nps: .netScore
        case .ces: .effortScale
        default: .fraction
        }
    }

    public static func < (lhs: KPIName, rhs: KPIName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The unit of a KPI's value, and the values a target bound may take in it.
public enum KPIUnit: Sendable, Hashable {
    /// Seconds, ≥ 0.
    case seconds
    /// A share from 0 to 1 (0.85 = 85 %).
    case fraction
    /// A net promoter score, −100…100.
    case netScore
    /// A mean answer on the 1–7 effort scale.
    case effortScale

    /// Where bounds in this unit may lie.
    public var validRange: ClosedRange<Double> {
        switch self {
        case .seconds: 0...Double(TicketLedger.maxDurationSeconds)
        case .fraction: 0...1
        case .netScore: -100...100
        case .effortScale: 1...7
        }
    }
}

/// A target for one KPI: the value must lie in `[min, max]` (both inclusive); a missing bound is no bound.
public struct KPITarget: Sendable, Hashable {
    public var kpi: KPIName
    public var min: Double?
    public var max: Double?

    public init(_ kpi: KPIName, min: Double? = nil, max: Double? = nil) {
        self.kpi = kpi
        self.min = min
        self.max = max
    }

    public var unit: KPIUnit { kpi.unit }

    /// Why this target cannot be stored, or nil when it can: a bound outside the unit's range, or min > max.
    /// A target with no bound at all is valid (setting it removes an override).
    public var problem: String? {
        let range = unit.validRange
        for (name, bound) in [("min", min), ("max", max)] {
            guard let bound else { continue }
            guard bound.isFinite, range.contains(bound) else {
                return "\(name) \(bound) is outside \(range.lowerBound)…\(range.upperBound) for \(kpi.rawValue)"
                    + " (\(unit.description))"
            }
        }
        if let min, let max, min > max { return "min \(min) is above max \(max)" }
        return nil
    }

    /// Whether `value` meets the target.
    public func isMet(by value: Double) -> Bool {
        if let min, value < min { return false }
        if let max, value > max { return false }
        return true
    }
}

extension KPIUnit: CustomStringConvertible {
    public var description: String {
        switch self {
        case .seconds: "seconds"
        case .fraction: "a fraction, 0.85 = 85 %"
        case .netScore: "NPS points, -100 to 100"
        case .effortScale: "points on the 1-7 effort scale"
        }
    }
}

/// How a KPI stands against its target.
public enum KPIStatus: Sendable, Hashable {
    case met
    case missed
    /// Nothing was counted for the KPI in the range (its count or denominator is 0).
    case noData
}

/// One KPI's value, its target and how it stands.
public struct KPIEvaluation: Sendable, Hashable {
    public var target: KPITarget
    /// The KPI's value in its unit; 0 when there is no data.
    public var value: Double
    public var status: KPIStatus

    public init(target: KPITarget, value: Double, status: KPIStatus) {
        self.target = target
        self.value = value
        self.status = status
    }

    public var kpi: KPIName { target.kpi }
}

/// Where an override applies: the whole organisation (`*` in Redis), or one department.
public enum KPITargetScope: Sendable, Hashable {
    case organization
    case department(String)
}

/// A stored target replacing the default (organisation) or the organisation's target (department).
public struct KPITargetOverride: Sendable, Hashable {
    public var scope: KPITargetScope
    public var target: KPITarget

    public init(scope: KPITargetScope, target: KPITarget) {
        self.scope = scope
        self.target = target
    }
}

public enum KPITargets {
    /// The product's benchmarks, used where no override applies.
    public static let defaults: [KPITarget] = [
        KPITarget(.firstResponseTime, max: 3_600),
        KPITarget(.resolutionTime, max: 86_400),
        KPITarget(.firstContactResolution, min: 0.70, max: 0.85),
        KPITarget(.csat, min: 0.85),
        KPITarget(.nps, min: 40),
        KPITarget(.slaCompliance, min: 0.90),
        KPITarget(.aiContainment, min: 0.50, max: 0.80),
        KPITarget(.qaScore, min: 0.90),
    ]

    /// The targets that apply to a scope: for a department, its own overrides, else the organisation's, else
    /// the defaults; for any other scope (`department` nil), the organisation's, else the defaults. An
    /// override replaces the whole target (both bounds); targets without any bound are dropped. Sorted by name.
    public static func effective(department: String?, overrides: [KPITargetOverride]) -> [KPITarget] {
        var targets: [KPIName: KPITarget] = [:]
        for target in defaults { targets[target.kpi] = target }
        for override in overrides where override.scope == .organization {
            targets[override.target.kpi] = override.target
        }
        if let department {
            for override in overrides where override.scope == .department(department) {
                targets[override.target.kpi] = override.target
            }
        }
        return targets.values.filter { $0.min != nil || $0.max != nil }.sorted { $0.kpi < $1.kpi }
    }

    /// Evaluates `kpis` against each target, in the targets' order.
    public static func evaluate(_ kpis: KPISet, against targets: [KPITarget]) -> [KPIEvaluation] {
        targets.map { target in
            guard let value = value(of: target.kpi, in: kpis) else {
                return KPIEvaluation(target: target, value: 0, status: .noData)
            }
            return KPIEvaluation(target: target, value: value, status: target.isMet(by: value) ? .met : .missed)
        }
    }

    /// The value of one KPI in its unit, or nil when nothing was counted for it.
    public static func value(of kpi: KPIName, in kpis: KPISet) -> Double? {
        func mean(_ stat: DurationStat) -> Double? { stat.count == 0 ? nil : stat.meanSeconds }
        func rate(_ ratio: Ratio) -> Double? { ratio.denominator == 0 ? nil : ratio.rate }
        switch kpi {
        case .firstResponseTime: return mean(kpis.firstResponse)
        case .firstResolutionTime: return mean(kpis.firstResolution)
        case .resolutionTime: return mean(kpis.fullResolution)
        case .replyTime: return mean(kpis.replyTime)
        case .handleTime: return mean(kpis.handleTime)
        case .firstContactResolution: return rate(kpis.firstContactResolution)
        case .slaCompliance: return rate(kpis.slaCompliance)
        case .reopenRate: return rate(kpis.reopenRate)
        case .csat: return rate(kpis.csat)
        case .nps: return kpis.nps.responses == 0 ? nil : kpis.nps.score
        case .ces: return kpis.ces.responses == 0 ? nil : kpis.ces.mean
        case .aiContainment: return rate(kpis.bot.containment)
        case .aiEscalation: return rate(kpis.bot.escalation)
        case .handoffSuccess: return rate(kpis.handoffSuccess)
        case .automationAccuracy: return rate(kpis.automationAccuracy)
        case .qaScore: return kpis.qa.reviews == 0 ? nil : kpis.qa.meanScore / 100
        }
    }
}
