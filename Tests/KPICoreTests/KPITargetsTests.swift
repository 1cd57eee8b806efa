import KPICore
import Testing

@Suite("KPI targets: evaluation against the defaults")
struct KPITargetsDefaultTests {
    private func status(_ kpi: KPIName, _ configure: (inout KPISet) -> Void) -> KPIEvaluation? {
        var kpis = KPISet()
        configure(&kpis)
        return KPITargets.evaluate(kpis, against: KPITargets.defaults).first { $0.kpi == kpi }
    }

    @Test("the defaults are the product's benchmarks, one per KPI")
    func defaults() {
        #expect(
            KPITargets.defaults == [
                KPITarget(.firstResponseTime, max: 3_600),
                KPITarget(.resolutionTime, max: 86_400),
                KPITarget(.firstContactResolution, min: 0.70, max: 0.85),
                KPITarget(.csat, min: 0.85),
                KPITarget(.nps, min: 40),
                KPITarget(.slaCompliance, min: 0.90),
                KPITarget(.aiContainment, min: 0.50, max: 0.80),
                KPITarget(.qaScore, min: 0.90),
            ]
        )
        // An empty set: every default KPI is there, with no data and value 0, in name order.
        let evaluations = KPITargets.evaluate(KPISet(), against: KPITargets.effective(department: nil, overrides: []))
        #expect(
            evaluations.map(\.kpi) == [
                .aiContainment, .csat, .firstContactResolution, .firstResponseTime, .nps, .qaScore, .resolutionTime,
                .slaCompliance,
            ]
        )
        #expect(evaluations.allSatisfy { $0.status == .noData && $0.value == 0 })
    }

    @Test("first response mean: 1 h is met, a second more is missed, no responses is no data")
    func firstResponse() {
        let met = status(.firstResponseTime) { $0.firstResponse = DurationStat(count: 2, sumSeconds: 7_200) }
        #expect(met == KPIEvaluation(target: KPITarget(.firstResponseTime, max: 3_600), value: 3_600, status: .met))
        let missed = status(.firstResponseTime) { $0.firstResponse = DurationStat(count: 2, sumSeconds: 7_201) }
        #expect(missed?.value == 3_600.5)
        #expect(missed?.status == .missed)
        #expect(
            status(.firstResponseTime) { $0.firstResponse = DurationStat(count: 0, sumSeconds: 0) }?.status == .noData
        )
    }

    @Test("full resolution mean (not first resolution): 24 h met, 24 h 1 s missed")
    func resolution() {
        let met = status(.resolutionTime) {
            $0.fullResolution = DurationStat(count: 1, sumSeconds: 86_400)
            $0.firstResolution = DurationStat(count: 1, sumSeconds: 999_999)
        }
        #expect(met?.status == .met)
        #expect(met?.value == 86_400)
        #expect(
            status(.resolutionTime) { $0.fullResolution = DurationStat(count: 1, sumSeconds: 86_401) }?.status
                == .missed
        )
        // Only a first resolution counted: the full resolution has no data.
        #expect(
            status(.resolutionTime) { $0.firstResolution = DurationStat(count: 1, sumSeconds: 60) }?.status == .noData
        )
    }

    @Test(
        "first contact resolution 70–85 % inclusive",
        arguments: [(Int64(69), KPIStatus.missed), (70, .met), (85, .met), (86, .missed)]
    )
    func firstContactResolution(numerator: Int64, expected: KPIStatus) {
        let evaluation = status(.firstContactResolution) {
            $0.firstContactResolution = Ratio(numerator: numerator, denominator: 100)
        }
        #expect(evaluation?.status == expected)
        #expect(evaluation?.value == Double(numerator) / 100)
    }

    @Test("CSAT ≥ 85 %: 17 of 20 met, 16 of 20 missed, no answers no data")
    func csat() {
        #expect(status(.csat) { $0.csat = Ratio(numerator: 17, denominator: 20) }?.status == .met)
        let missed = status(.csat) { $0.csat = Ratio(numerator: 16, denominator: 20) }
        #expect(missed?.status == .missed)
        #expect(missed?.value == 0.8)
        #expect(status(.csat) { $0.csat = Ratio(numerator: 0, denominator: 0) }?.status == .noData)
    }

    @Test("NPS ≥ 40: 5 promoters and 1 detractor of 10 is 40, met; 2 detractors is 30, missed")
    func nps() {
        let met = status(.nps) { $0.nps = NPSStat(responses: 10, promoters: 5, detractors: 1) }
        #expect(met?.value == 40)
        #expect(met?.status == .met)
        let missed = status(.nps) { $0.nps = NPSStat(responses: 10, promoters: 5, detractors: 2) }
        #expect(missed?.value == 30)
        #expect(missed?.status == .missed)
        // A score of 0 from answers is data (and missed); no answers is no data.
        #expect(status(.nps) { $0.nps = NPSStat(responses: 2, promoters: 1, detractors: 1) }?.status == .missed)
        #expect(status(.nps) { $0.nps = NPSStat(responses: 0, promoters: 0, detractors: 0) }?.status == .noData)
    }

    @Test("SLA compliance ≥ 90 %: 9 of 10 met, 89 of 100 missed")
    func sla() {
        #expect(status(.slaCompliance) { $0.slaCompliance = Ratio(numerator: 9, denominator: 10) }?.status == .met)
        #expect(status(.slaCompliance) { $0.slaCompliance = Ratio(numerator: 89, denominator: 100) }?.status == .missed)
        #expect(status(.slaCompliance) { $0.slaCompliance = Ratio(numerator: 0, denominator: 0) }?.status == .noData)
    }

    @Test(
        "AI containment 50–80 % of bot conversations",
        arguments: [(Int64(4), KPIStatus.missed), (5, .met), (8, .met), (9, .missed)]
    )
    func containment(contained: Int64, expected: KPIStatus) {
        let evaluation = status(.aiContainment) {
            $0.bot = BotStat(conversations: 10, contained: contained, escalated: 10 - contained)
        }
        #expect(evaluation?.status == expected)
        #expect(evaluation?.value == Double(contained) / 10)
    }

    @Test("AI containment with no bot conversations is no data")
    func containmentNoData() {
        #expect(
            status(.aiContainment) { $0.bot = BotStat(conversations: 0, contained: 0, escalated: 0) }?.status == .noData
        )
    }

    @Test("QA ≥ 90 %, as a fraction of the mean review score")
    func qa() {
        // Two reviews summing 180.00 % (18000 hundredths): mean 90 %, value 0.9.
        let met = status(.qaScore) { $0.qa = QAStat(reviews: 2, scoreHundredthsSum: 18_000) }
        #expect(met?.value == 0.9)
        #expect(met?.status == .met)
        // 179.98 %: mean 89.99 %.
        #expect(status(.qaScore) { $0.qa = QAStat(reviews: 2, scoreHundredthsSum: 17_998) }?.status == .missed)
        #expect(status(.qaScore) { $0.qa = QAStat(reviews: 0, scoreHundredthsSum: 0) }?.status == .noData)
    }

    @Test("KPIs without a default have values for overrides: CES, reply time, handoff success, automation accuracy")
    func otherValues() {
        var kpis = KPISet()
        kpis.ces = CESStat(responses: 2, milliPointsSum: 11_000, lowEffort: 1)
        kpis.replyTime = DurationStat(count: 4, sumSeconds: 1_000)
        kpis.handoffSuccess = Ratio(numerator: 3, denominator: 4)
        kpis.automationAccuracy = Ratio(numerator: 0, denominator: 0)
        kpis.bot = BotStat(conversations: 4, contained: 1, escalated: 3)
        #expect(KPITargets.value(of: .ces, in: kpis) == 5.5)
        #expect(KPITargets.value(of: .replyTime, in: kpis) == 250)
        #expect(KPITargets.value(of: .handoffSuccess, in: kpis) == 0.75)
        #expect(KPITargets.value(of: .automationAccuracy, in: kpis) == nil)
        #expect(KPITargets.value(of: .aiEscalation, in: kpis) == 0.75)
        let evaluations = KPITargets.evaluate(
            kpis,
            against: [KPITarget(.ces, min: 5, max: 7), KPITarget(.replyTime, max: 200)]
        )
        #expect(evaluations.map(\.status) == [.met, .missed])
    }
}

@Suite("KPI targets: overrides and validation")
struct KPITargetsOverrideTests {
    private let overrides = [
        KPITargetOverride(scope: .organization, target: KPITarget(.csat, min: 0.8)),
        KPITargetOverride(scope: .department("Billing"), target: KPITarget(.csat, min: 0.95)),
        KPITargetOverride(scope: .department("Billing"), target: KPITarget(.firstContactResolution, min: 0.5)),
        KPITargetOverride(scope: .department("Tech"), target: KPITarget(.ces, min: 5)),
    ]

    private func target(_ kpi: KPIName, department: String?) -> KPITarget? {
        KPITargets.effective(department: department, overrides: overrides).first { $0.kpi == kpi }
    }

    @Test("a department's override beats the organisation's, which beats the default")
    func precedence() {
        #expect(target(.csat, department: "Billing") == KPITarget(.csat, min: 0.95))
        #expect(target(.csat, department: "Tech") == KPITarget(.csat, min: 0.8))
        #expect(target(.csat, department: nil) == KPITarget(.csat, min: 0.8))
        #expect(
            KPITargets.effective(department: nil, overrides: []).first { $0.kpi == .csat }
                == KPITarget(.csat, min: 0.85)
        )
        // Untouched KPIs keep the defaults everywhere.
        #expect(target(.nps, department: "Billing") == KPITarget(.nps, min: 40))
    }

    @Test("an override replaces both bounds, and can add a KPI that has no default")
    func replacement() {
        #expect(target(.firstContactResolution, department: "Billing") == KPITarget(.firstContactResolution, min: 0.5))
        #expect(
            target(.firstContactResolution, department: "Tech")
                == KPITarget(.firstContactResolution, min: 0.7, max: 0.85)
        )
        #expect(target(.ces, department: "Tech") == KPITarget(.ces, min: 5))
        #expect(target(.ces, department: "Billing") == nil)
        #expect(KPITargets.effective(department: "Tech", overrides: overrides).count == 9)
    }

    @Test("the same CSAT of 87 % is met organisation-wide and missed in Billing")
    func sameValueDifferentStatus() {
        var kpis = KPISet()
        kpis.csat = Ratio(numerator: 87, denominator: 100)
        func csat(_ department: String?) -> KPIStatus? {
            KPITargets.evaluate(kpis, against: KPITargets.effective(department: department, overrides: overrides))
                .first { $0.kpi == .csat }?.status
        }
        #expect(csat(nil) == .met)
        #expect(csat("Tech") == .met)
        #expect(csat("Billing") == .missed)
    }

    @Test("bounds are checked against the KPI's unit, and min may not exceed max")
    func validation() {
        #expect(KPITarget(.csat, min: 0.9).problem == nil)
        #expect(KPITarget(.csat).problem == nil)
        #expect(KPITarget(.csat, min: 0.9, max: 0.9).problem == nil)
        #expect(KPITarget(.csat, min: 90).problem != nil)
        #expect(KPITarget(.csat, min: -0.1).problem != nil)
        #expect(KPITarget(.firstContactResolution, min: 0.85, max: 0.7).problem == "min 0.85 is above max 0.7")
        #expect(KPITarget(.nps, min: -100, max: 100).problem == nil)
        #expect(KPITarget(.nps, min: -101).problem != nil)
        #expect(KPITarget(.ces, min: 0.5).problem != nil)
        #expect(KPITarget(.firstResponseTime, max: -1).problem != nil)
        #expect(KPITarget(.firstResponseTime, max: .nan).problem != nil)
        #expect(KPITarget(.firstResponseTime, max: .infinity).problem != nil)
    }

    @Test("KPI names are the stable snake_case identifiers")
    func names() {
        #expect(KPIName(rawValue: "first_response_time") == .firstResponseTime)
        #expect(KPIName(rawValue: "qa_score") == .qaScore)
        #expect(KPIName(rawValue: "csat") == .csat)
        #expect(KPIName(rawValue: "CSAT") == nil)
        #expect(KPIName.allCases.count == 16)
    }
}
