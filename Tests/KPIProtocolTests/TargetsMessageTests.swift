import KPICore
import KPIMessages
import KPIProtocol
import Testing

@Suite("Targets messages")
struct TargetsMessageTests {
    private func roundTrip<M: WireMessage & Equatable>(_ message: M) throws {
        #expect(try M.decode(message.encode()) == message)
    }

    @Test("SetTargetRequest keeps the scope, the KPI and which bounds are set")
    func setTarget() throws {
        try roundTrip(
            SetTargetRequest(KPITargetOverride(scope: .department("Billing é"), target: KPITarget(.csat, min: 0.9)))
        )
        try roundTrip(
            SetTargetRequest(KPITargetOverride(scope: .organization, target: KPITarget(.firstResponseTime, max: 1_800)))
        )
        // A bound of 0 is still a bound: has_min says so.
        try roundTrip(
            SetTargetRequest(KPITargetOverride(scope: .organization, target: KPITarget(.reopenRate, min: 0, max: 0)))
        )
        // No bound at all (removes the override).
        try roundTrip(SetTargetRequest(KPITargetOverride(scope: .department("Tech"), target: KPITarget(.nps))))
        try roundTrip(SetTargetResponse())
        try roundTrip(ListTargetsRequest())
    }

    @Test("SetTargetRequest refuses a bound outside the unit, min above max, and a missing target")
    func invalidSetTarget() throws {
        let outside = SetTargetRequest(KPITargetOverride(scope: .organization, target: KPITarget(.csat, min: 90)))
        #expect(throws: MessageError.self) { try SetTargetRequest.decode(outside.encode()) }
        let upsideDown = SetTargetRequest(
            KPITargetOverride(scope: .organization, target: KPITarget(.firstContactResolution, min: 0.85, max: 0.7))
        )
        do {
            _ = try SetTargetRequest.decode(upsideDown.encode())
            Issue.record("min above max was accepted")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.statusCode == .invalidArgument)
            #expect(error.message == "target: min 0.85 is above max 0.7")
        }
        #expect(throws: MessageError.self) { try SetTargetRequest.decode([]) }
    }

    @Test("SetTargetRequest refuses an unknown KPI name and a scope other than organisation or department")
    func invalidNameAndScope() throws {
        var target = ProtoWriter()
        target.stringField(2, "csat_score")
        var request = ProtoWriter()
        request.bytesField(1, target.bytes)
        do {
            _ = try SetTargetRequest.decode(request.bytes)
            Issue.record("an unknown KPI was accepted")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.field == "target.kpi")
        }

        var agentScope = ProtoWriter()
        agentScope.varintField(1, 2)  // SCOPE_AGENT
        agentScope.stringField(3, "ann")
        var agentTarget = ProtoWriter()
        agentTarget.bytesField(1, agentScope.bytes)
        agentTarget.stringField(2, "csat")
        var agentRequest = ProtoWriter()
        agentRequest.bytesField(1, agentTarget.bytes)
        do {
            _ = try SetTargetRequest.decode(agentRequest.bytes)
            Issue.record("an agent scope was accepted")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.field == "target.scope.kind")
        }
    }

    @Test("ListTargetsResponse keeps overrides and defaults, in order")
    func listTargets() throws {
        try roundTrip(
            ListTargetsResponse(overrides: [
                KPITargetOverride(scope: .organization, target: KPITarget(.nps, min: 30)),
                KPITargetOverride(scope: .department("Billing"), target: KPITarget(.aiContainment, min: 0.6, max: 0.9)),
            ])
        )
        let empty = try ListTargetsResponse.decode(ListTargetsResponse(overrides: []).encode())
        #expect(empty.overrides.isEmpty)
        #expect(empty.defaults == KPITargets.defaults)
    }

    @Test("GetKpisResponse carries the statuses, no-data values and absent bounds included")
    func statuses() throws {
        var kpis = KPISet()
        kpis.csat = Ratio(numerator: 3, denominator: 4)
        let response = GetKpisResponse(
            scope: .department("Billing"),
            fromMs: 0,
            toMs: 60_000,
            kpis: kpis,
            statuses: [
                KPIEvaluation(target: KPITarget(.csat, min: 0.85), value: 0.75, status: .missed),
                KPIEvaluation(
                    target: KPITarget(.firstContactResolution, min: 0.7, max: 0.85),
                    value: 0,
                    status: .noData
                ),
                KPIEvaluation(target: KPITarget(.firstResponseTime, max: 3_600), value: 60, status: .met),
            ]
        )
        try roundTrip(response)
        // Without statuses (an older server) the list is empty.
        let plain = try GetKpisResponse.decode(
            GetKpisResponse(scope: .organization, fromMs: 0, toMs: 60_000, kpis: kpis).encode()
        )
        #expect(plain.statuses.isEmpty)
    }

    @Test("a status for a KPI this build does not know is skipped")
    func unknownStatusSkipped() throws {
        var status = ProtoWriter()
        status.stringField(1, "future_kpi")
        status.varintField(7, 1)  // TARGET_MET
        var known = ProtoWriter()
        known.stringField(1, "nps")
        known.varintField(7, 3)  // TARGET_NO_DATA
        var response = ProtoWriter()
        response.bytesField(8, status.bytes)
        response.bytesField(8, known.bytes)
        let decoded = try GetKpisResponse.decode(response.bytes)
        #expect(decoded.statuses == [KPIEvaluation(target: KPITarget(.nps), value: 0, status: .noData)])
    }
}
