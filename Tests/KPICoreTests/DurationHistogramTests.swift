import Foundation
import Testing

@testable import KPICore

@Suite("DurationHistogram: medians and p90s within 1 %")
struct DurationHistogramTests {
    @Test("bins: 0 s alone, then 1.02-wide steps; every value lies within 1 % of its bin's representative")
    func bins() {
        #expect(DurationHistogram.bin(seconds: 0) == 0)
        #expect(DurationHistogram.bin(seconds: -5) == 0)
        #expect(DurationHistogram.bin(seconds: 1) == 1)  // [1.02^0, 1.02^1)
        #expect(DurationHistogram.representative(of: 0) == 0)
        for seconds in [1, 2, 59, 60, 61, 3_599, 3_600, 86_400, 1_000_000, 3_162_240_000] as [Int64] {
            let estimate = DurationHistogram.representative(of: DurationHistogram.bin(seconds: seconds))
            #expect(abs(estimate - Double(seconds)) <= 0.01 * Double(seconds), "\(seconds) → \(estimate)")
        }
        // 100 years of seconds (ln 3.16e9 / ln 1.02 ≈ 1,104) need fewer than 1,200 bins.
        #expect(DurationHistogram.bin(seconds: 3_162_240_000) < 1_200)
    }

    @Test(
        "on random data the median and p90 are within 1 % of the exact nearest-rank values",
        arguments: [1, 2, 3, 4, 5]
    )
    func randomData(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let count = Int.random(in: 1...2_000, using: &generator)
        // Log-uniform durations from 1 s to about 30 days, like response and resolution times.
        let values = (0..<count).map { _ in Int64(exp(Double.random(in: 0...14.8, using: &generator))) }
        var bins: [Int32: Int64] = [:]
        for value in values { bins[DurationHistogram.bin(seconds: value), default: 0] += 1 }
        let sorted = values.sorted()
        for q in [0.5, 0.9] {
            // Exact nearest-rank quantile, computed independently of the histogram.
            let exact = Double(sorted[Int((q * Double(count)).rounded(.up)) - 1])
            let estimate = DurationHistogram.quantile(bins, q) ?? -1
            #expect(abs(estimate - exact) <= 0.01 * exact, "q \(q): exact \(exact), estimate \(estimate)")
        }
    }

    @Test("no values, no quantile; withdrawn (negative) counts are ignored")
    func edges() {
        #expect(DurationHistogram.quantile([:], 0.5) == nil)
        #expect(DurationHistogram.quantile([5: 0], 0.5) == nil)
        #expect(DurationHistogram.quantile([5: -1, 9: 1], 0.5) == DurationHistogram.representative(of: 9))
    }

    @Test("the ledger moves a re-resolved ticket's full-resolution histogram entry to the new bin")
    func ledgerMovesTheBin() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 10)),
            .make(.reopened, at: Clock.ms(day: 0, 11)),
            .make(TicketEvent.resolvedKind(), at: Clock.ms(day: 0, 19)),
        ])
        var bins: [Int32: Int64] = [:]
        for delta in run.deltas where delta.scope == .organization && delta.counter == .fullResolutionCount {
            if let bin = delta.bin { bins[bin, default: 0] += delta.delta }
        }
        // 1 h was withdrawn, 10 h remains.
        #expect(bins.filter { $0.value != 0 } == [DurationHistogram.bin(seconds: 36_000): 1])
    }
}
