import KPICore
import KPIStore
import Testing

@Suite("Target overrides in the kpi:{o}:targets hash")
struct TargetCodecTests {
    @Test("fields are <department or *>|<kpi>, values min,max with an empty side for none")
    func layout() {
        #expect(TargetCodec.key == "kpi:{o}:targets")
        #expect(TargetCodec.field(.organization, .csat) == "*|csat")
        #expect(TargetCodec.field(.department("Group 70"), .qaScore) == "Group%2070|qa_score")
        #expect(TargetCodec.field(.department("*"), .nps) == "%2A|nps")
        #expect(TargetCodec.field(.department("a|b"), .nps) == "a%7Cb|nps")
        #expect(TargetCodec.value(KPITarget(.csat, min: 0.9)) == "0.9,")
        #expect(TargetCodec.value(KPITarget(.firstResponseTime, max: 1_800)) == ",1800.0")
        #expect(TargetCodec.value(KPITarget(.firstContactResolution, min: 0.7, max: 0.85)) == "0.7,0.85")
    }

    @Test("a hash reads back as overrides, organisation first; fields kpid would not write are skipped")
    func decode() {
        let pairs: [(String, String)] = [
            ("Tech|csat", "0.9,"), ("*|first_response_time", ",1800"), ("%2A|nps", "10,"), ("Group%2070|ces", "5,7"),
            ("*|bogus", "1,"), ("Tech|csat_x", "1,"), ("*|csat", "90,"), ("*|nps", ","), ("*|nps", "abc,"),
            ("Tech", "1,"),
        ]
        let stored = TargetCodec.decode(
            pairs.flatMap { [RedisReply.string(Array($0.0.utf8)), .string(Array($0.1.utf8))] }
        )
        #expect(
            stored.overrides == [
                KPITargetOverride(scope: .organization, target: KPITarget(.firstResponseTime, max: 1_800)),
                KPITargetOverride(scope: .department("*"), target: KPITarget(.nps, min: 10)),
                KPITargetOverride(scope: .department("Group 70"), target: KPITarget(.ces, min: 5, max: 7)),
                KPITargetOverride(scope: .department("Tech"), target: KPITarget(.csat, min: 0.9)),
            ]
        )
        #expect(stored.skipped == ["*|bogus=1,", "Tech|csat_x=1,", "*|csat=90,", "*|nps=,", "*|nps=abc,", "Tech=1,"])
    }
}
