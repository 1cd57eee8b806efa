import KPIProtocol
import Testing

@Suite("Status codes, methods and limits")
struct StatusCodeTests {
    @Test(
        "every gRPC code has its number and name",
        arguments: [
            (StatusCode.ok, 0, "OK"), (.cancelled, 1, "CANCELLED"), (.unknown, 2, "UNKNOWN"),
            (.invalidArgument, 3, "INVALID_ARGUMENT"), (.deadlineExceeded, 4, "DEADLINE_EXCEEDED"),
            (.notFound, 5, "NOT_FOUND"), (.alreadyExists, 6, "ALREADY_EXISTS"),
            (.permissionDenied, 7, "PERMISSION_DENIED"), (.resourceExhausted, 8, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, 9, "FAILED_PRECONDITION"), (.aborted, 10, "ABORTED"),
            (.outOfRange, 11, "OUT_OF_RANGE"), (.unimplemented, 12, "UNIMPLEMENTED"), (.internal, 13, "INTERNAL"),
            (.unavailable, 14, "UNAVAILABLE"), (.dataLoss, 15, "DATA_LOSS"), (.unauthenticated, 16, "UNAUTHENTICATED"),
        ] as [(StatusCode, UInt32, String)]
    )
    func codes(code: StatusCode, number: UInt32, name: String) {
        #expect(code.rawValue == number)
        #expect(code.name == name)
        #expect(StatusCode(rawValue: number) == code)
    }

    @Test("there are 17 distinct codes and unknown numbers keep a name")
    func table() {
        #expect(Set(StatusCode.allDefined.map(\.name)).count == 17)
        #expect(StatusCode(rawValue: 42).name == "CODE_42")
    }

    @Test("method names follow the service contract")
    func methods() {
        #expect(
            RPCMethod.all.map(\.rawValue) == [
                "/kpi.v1.KpiService/RecordEvents", "/kpi.v1.KpiService/GetKpis",
                "/kpi.v1.KpiService/GetKpiSeries", "/kpi.v1.KpiService/ListDepartments",
                "/kpi.v1.KpiService/Health", "/kpi.v1.KpiService/SetTarget", "/kpi.v1.KpiService/ListTargets",
            ]
        )
    }

    @Test("defaults match protocol version 1", arguments: [ProtocolLimits.default])
    func limits(limits: ProtocolLimits) {
        #expect(limits.maxFrameSize == 1_048_576)
        #expect(limits.hardFrameCap == 16_777_216)
        #expect(limits.maxMetaSize == 8192)
        #expect(limits.maxConcurrentCalls == 256)
        #expect(limits.idleTimeoutMs == 300_000)
        #expect(limits.helloTimeoutMs == 5000)
        #expect(limits.effectiveCallTimeoutMs(requested: 0) == 5000)
        #expect(limits.effectiveCallTimeoutMs(requested: 1500) == 1500)
        #expect(limits.effectiveCallTimeoutMs(requested: 600_000) == 60_000)
    }
}
