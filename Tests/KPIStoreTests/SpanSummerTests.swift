import KPICore
import Testing

@testable import KPIStore

@Suite("SpanSummer: summing spans out of whole hashes")
struct SpanSummerTests {
    private static func hash(_ pairs: [(String, Int64)]) -> [RedisReply] {
        pairs.flatMap { [RedisReply.string(Array($0.0.utf8)), .string(Array("\($0.1)".utf8))] }
    }

    @Test(
        "fields parse into bucket and counter; anything else is skipped",
        arguments: [("12:c", 12, "c"), ("0:rfs", 0, "rfs"), ("2016:o", 2016, "o"), ("-3:r", -3, "r")]
    )
    func parsesFields(field: String, bucket: Int64, code: String) throws {
        let (parsedBucket, position) = try #require(SpanSummer.parseField(Array(field.utf8)))
        #expect(parsedBucket == bucket)
        #expect(SpanSummer.counters[position].rawValue == code)
    }

    @Test("malformed fields are rejected", arguments: ["", ":c", "12", "12:", "1x:c", "12:zz", "12:c:d"])
    func rejectsMalformed(field: String) {
        #expect(SpanSummer.parseField(Array(field.utf8)) == nil)
    }

    @Test("only buckets inside each span count, per row and counter filter, from a key shared by two rows")
    func sumsSpans() {
        var summer = SpanSummer(rows: 2)
        // Row 0 wants days 3…5 of March 2016 (all counters); row 1 wants days 0…4 of the same hash, backlog only.
        summer.add([BucketSpan(tier: .day, parent: 554, lo: 3, hi: 5)], of: .organization, row: 0)
        summer.add(
            [BucketSpan(tier: .day, parent: 554, lo: 0, hi: 4)],
            of: .organization,
            row: 1,
            counters: [.openDelta]
        )
        #expect(summer.keys == ["kpi:{o}:d:554"])  // one HGETALL for both rows

        let sums = summer.sum([
            Self.hash([
                ("2:c", 100), ("3:c", 1), ("5:c", 2), ("6:c", 400), ("4:o", 7), ("1:o", 5), ("5:o", 9), ("3:zz", 9),
            ])
        ])
        let created = SpanSummer.counters.firstIndex(of: .ticketsCreated)!
        let open = SpanSummer.counters.firstIndex(of: .openDelta)!
        #expect(sums[0][created] == 3)  // days 3 and 5; day 2 and 6 are outside
        #expect(sums[0][open] == 16)  // days 4 and 5 (row 0 takes every counter)
        #expect(sums[1][open] == 12)  // days 1 and 4; day 5 is outside row 1's span
        #expect(sums[1][created] == 0)  // row 1 takes only the backlog counter
    }

    @Test("a sum past Int64 saturates instead of trapping")
    func saturates() {
        var summer = SpanSummer(rows: 1)
        summer.add([BucketSpan(tier: .day, parent: 1, lo: 0, hi: 1)], of: .organization, row: 0)
        let big = Int64.max - 5
        let sums = summer.sum([Self.hash([("0:hts", big), ("1:hts", 10)])])
        #expect(sums[0][SpanSummer.counters.firstIndex(of: .handleSeconds)!] == Int64.max)
    }
}
