import Testing

@testable import KPICore

/// QA reviews: the review score, the reasons a review cannot be scored, and who gets the credit.
@Suite("QA reviews")
struct QAReviewTests {
    typealias Category = QAReview.Category

    private let day0 = (from: Clock.minute(day: 0), to: Clock.minute(day: 1))

    @Test(
        "the score is the weighted mean of the applicable categories' (score − min) / (max − min), in hundredths",
        arguments: [
            // 3 on 1…5: (3 − 1) / 4 = 0.5 → 5,000.
            ([Category(name: "tone", score: 3, minScore: 1, maxScore: 5)], 5_000),
            // 4 on 0…4 = 1.0 weight 1, 2 on 0…10 = 0.2 weight 3: (1 + 0.6) / 4 = 0.4 → 4,000.
            (
                [
                    Category(name: "a", score: 4, maxScore: 4),
                    Category(name: "b", score: 2, maxScore: 10, weight: 3),
                ], 4_000
            ),
            // A heavy N/A category at its minimum is skipped: 1.0 → 10,000.
            (
                [
                    Category(name: "a", score: 1),
                    Category(name: "n/a", score: 0, weight: 100, isNotApplicable: true),
                ], 10_000
            ),
            // Negative scale: 0 on −10…10 = 0.5; 7 on 5…9 = 0.5 → 5,000.
            (
                [
                    Category(name: "a", score: 0, minScore: -10, maxScore: 10),
                    Category(name: "b", score: 7, minScore: 5, maxScore: 9),
                ], 5_000
            ),
            // A non-critical category under 50 % just counts: 0.2 → 2,000.
            ([Category(name: "a", score: 1, maxScore: 5)], 2_000),
            // 1 on 0…3 = 0.3333… → 3,333.33 → 3,333; 2 on 0…3 → 6,666.67 → 6,667.
            ([Category(name: "a", score: 1, maxScore: 3)], 3_333),
            ([Category(name: "a", score: 2, maxScore: 3)], 6_667),
        ] as [([Category], Int64)]
    )
    func weightedMean(categories: [Category], hundredths: Int64) {
        let review = QAReview(categories: categories)
        #expect(review.problem == nil)
        #expect(review.scoreHundredths == hundredths)
    }

    @Test(
        "a critical category under 50 % makes the review 0; exactly 50 % is not a fail; an N/A critical one is skipped",
        arguments: [
            // Critical 49 on 0…100 = 0.49 < 0.5 → 0, whatever the rest.
            ([Category(name: "c", score: 49, maxScore: 100, isCritical: true), Category(name: "a", score: 1)], 0),
            // Critical 2 on 0…4 = 0.5 exactly: (0.5 + 1) / 2 = 0.75 → 7,500.
            ([Category(name: "c", score: 2, maxScore: 4, isCritical: true), Category(name: "a", score: 1)], 7_500),
            // Critical 3 on 1…5 = 0.5 exactly, alone → 5,000.
            ([Category(name: "c", score: 3, minScore: 1, maxScore: 5, isCritical: true)], 5_000),
            // Critical but N/A with a score of 0: skipped, 0.8 remains → 8,000.
            (
                [
                    Category(name: "c", score: 0, isCritical: true, isNotApplicable: true),
                    Category(name: "a", score: 4, maxScore: 5),
                ], 8_000
            ),
            // Critical at 0 % with a tiny weight still zeroes a review whose other category is perfect.
            (
                [
                    Category(name: "c", score: 0, weight: 0.001, isCritical: true),
                    Category(name: "a", score: 1, weight: 1_000),
                ], 0
            ),
        ] as [([Category], Int64)]
    )
    func criticalCategories(categories: [Category], hundredths: Int64) {
        let review = QAReview(categories: categories)
        #expect(review.problem == nil)
        #expect(review.scoreHundredths == hundredths)
    }

    @Test(
        "a review that cannot be scored says why",
        arguments: [
            [Category(name: "flat", score: 1, minScore: 1, maxScore: 1)],  // max = min
            [Category(name: "upside-down", score: 3, minScore: 5, maxScore: 1)],  // max < min
            [Category(name: "low", score: -0.5)],  // score under min
            [Category(name: "high", score: 1.5)],  // score over max
            [Category(name: "weightless", score: 1, weight: 0)],
            [Category(name: "negative", score: 1, weight: -1)],
            [Category(name: "infinite weight", score: 1, weight: .infinity)],
            [Category(name: "nan score", score: .nan)],
            [Category(name: "nan weight", score: 1, weight: .nan)],
            [
                Category(name: "a", score: 1, isNotApplicable: true),
                Category(name: "b", score: 0, isNotApplicable: true),
            ],
            [],  // no category at all
            // One good category does not excuse a bad one.
            [Category(name: "good", score: 1), Category(name: "bad", score: 2)],
        ] as [[Category]]
    )
    func problems(categories: [Category]) {
        #expect(QAReview(categories: categories).problem != nil)
    }

    @Test(
        "scales and weights whose arithmetic overflows to infinity or NaN are refused, not scored",
        arguments: [
            // (score − min) / (max − min) = ∞ / ∞ = NaN for each of these.
            [Category(name: "infinite max", score: .infinity, maxScore: .infinity)],
            [Category(name: "infinite min", score: 0, minScore: -.infinity, maxScore: 0)],
            [Category(name: "overflowing width", score: 1e308, minScore: -1e308, maxScore: 1e308)],
            // Each weight is finite, their sum is not: ∞ / ∞ = NaN.
            [Category(name: "a", score: 1, weight: 1e308), Category(name: "b", score: 1, weight: 1e308)],
        ] as [[Category]]
    )
    func nonFiniteArithmetic(categories: [Category]) {
        // Without a problem the ledger would score these, and converting NaN to Int64 traps.
        #expect(QAReview(categories: categories).problem != nil)
    }

    @Test("a category that is not applicable is not checked")
    func notApplicableNotChecked() {
        let review = QAReview(categories: [
            Category(name: "n/a", score: 99, minScore: 5, maxScore: 1, weight: -3, isNotApplicable: true),
            Category(name: "a", score: 0.25),
        ])
        #expect(review.problem == nil)
        #expect(review.scoreHundredths == 2_500)
    }

    // MARK: - Credit

    private static let half = QAReview(categories: [Category(name: "tone", score: 3, minScore: 1, maxScore: 5)])
    private static let full = QAReview(categories: [Category(name: "tone", score: 5, minScore: 1, maxScore: 5)])

    @Test("a review is credited to the reviewed agent in the event's department and never moves the ticket")
    func creditToReviewedAgent() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9)),  // ann holds it
            .make(.qaReviewed(Self.half), at: Clock.ms(day: 0, 10), by: .bob),
            .make(.qaReviewed(Self.full), at: Clock.ms(day: 0, 11), by: .cyd),
        ])
        #expect(run.states["T1"]?.holder == .ann)
        #expect(run.backlog(Scopes.billing, at: day0.to) == 0)
        let sums = run.sums(from: day0.from, to: day0.to)
        #expect(sums[Scopes.supportBob] == [.qaReviews: 1, .qaScoreHundredths: 5_000])
        #expect(sums[Scopes.bob] == [.qaReviews: 1, .qaScoreHundredths: 5_000])
        #expect(sums[Scopes.billingCyd] == [.qaReviews: 1, .qaScoreHundredths: 10_000])
        #expect(sums[Scopes.billing] == [.qaReviews: 1, .qaScoreHundredths: 10_000])
        #expect(sums[Scopes.supportAnn] == [.ticketsCreated: 1])
        // Organisation: 2 reviews, 5,000 + 10,000 → mean 75 %.
        #expect(sums[Scopes.org] == [.ticketsCreated: 1, .qaReviews: 2, .qaScoreHundredths: 15_000])
        #expect(KPISet(sums: sums[Scopes.org] ?? [:], backlog: 0).qa.meanScore == 75)
    }

    @Test("a review naming no department is credited in the ticket's department")
    func ticketsDepartment() {
        let run = LedgerRun([
            .make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9), by: .cyd),
            .make(.qaReviewed(Self.half), at: Clock.ms(day: 0, 10), by: TicketHolder(department: "", agent: "ann")),
        ])
        let sums = run.sums(from: day0.from, to: day0.to)
        #expect(sums[Scopes.billingAnn] == [.qaReviews: 1, .qaScoreHundredths: 5_000])
        #expect(sums[Scopes.supportAnn] == nil)
        #expect(run.states["T1"]?.holder == .cyd)
    }

    @Test("a review without the reviewed agent is rejected")
    func needsAgent() {
        var run = LedgerRun([.make(TicketEvent.createdKind, at: Clock.ms(day: 0, 9))])
        #expect(run.apply(.make(.qaReviewed(Self.full), at: Clock.ms(day: 0, 10), by: .supportQueue, id: "qa")) == nil)
        #expect(run.rejected == ["qa"])
        #expect(run.sums(from: day0.from, to: day0.to)[Scopes.org] == [.ticketsCreated: 1])
    }
}
