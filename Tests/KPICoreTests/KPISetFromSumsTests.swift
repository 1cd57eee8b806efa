import Testing

@testable import KPICore

@Suite("KPISet(sums:backlog:)")
struct KPISetFromSumsTests {
    /// Each counter gets its own value, so a field read from the wrong counter shows the wrong number.
    static let distinct: [KPICounter: Int64] = [
        .ticketsCreated: 101, .resolutions: 102, .ticketsReopened: 103, .ticketsClosed: 104,
        .firstResponseCount: 105, .firstResponseSeconds: 106, .firstResolutionCount: 107,
        .firstResolutionSeconds: 108, .fullResolutionCount: 109, .fullResolutionSeconds: 110,
        .firstContactResolutions: 111, .slaKnown: 112, .slaMet: 113, .openDelta: 114, .replyCount: 115,
        .replySeconds: 116, .csatResponses: 117, .csatSatisfied: 118, .npsResponses: 119, .npsPromoters: 120,
        .npsDetractors: 121, .cesResponses: 122, .cesMilliPoints: 123, .cesLowEffort: 124, .handleSeconds: 125,
        .handledTickets: 126, .botConversations: 127, .botContained: 128, .botEscalated: 129, .handoffs: 130,
        .handoffSuccesses: 131, .automationReviewed: 132, .automationCorrect: 133, .qaReviews: 134,
        .qaScoreHundredths: 135,
    ]

    @Test("every field is read from its own counter")
    func fieldsMapFromCounters() {
        #expect(Self.distinct.count == KPICounter.allCases.count)

        let set = KPISet(sums: Self.distinct, backlog: 7)

        #expect(set.ticketsCreated == 101)
        #expect(set.ticketsResolved == 107)  // tickets whose first resolution is in the range
        #expect(set.resolutions == 102)
        #expect(set.ticketsReopened == 103)
        #expect(set.ticketsClosed == 104)
        #expect(set.firstResponse == DurationStat(count: 105, sumSeconds: 106))
        #expect(set.firstResolution == DurationStat(count: 107, sumSeconds: 108))
        #expect(set.fullResolution == DurationStat(count: 109, sumSeconds: 110))
        #expect(set.firstContactResolution == Ratio(numerator: 111, denominator: 107))
        #expect(set.slaCompliance == Ratio(numerator: 113, denominator: 112))
        #expect(set.backlog == 7)  // the backlog argument, not the range's open deltas (114)
        #expect(set.replyTime == DurationStat(count: 115, sumSeconds: 116))
        #expect(set.reopenRate == Ratio(numerator: 103, denominator: 102))
        #expect(set.csat == Ratio(numerator: 118, denominator: 117))
        #expect(set.nps == NPSStat(responses: 119, promoters: 120, detractors: 121))
        #expect(set.ces == CESStat(responses: 122, milliPointsSum: 123, lowEffort: 124))
        #expect(set.handleTime == DurationStat(count: 126, sumSeconds: 125))
        #expect(set.bot == BotStat(conversations: 127, contained: 128, escalated: 129))
        #expect(set.handoffSuccess == Ratio(numerator: 131, denominator: 130))
        #expect(set.automationAccuracy == Ratio(numerator: 133, denominator: 132))
        #expect(set.qa == QAStat(reviews: 134, scoreHundredthsSum: 135))
    }

    @Test("missing counters read as zero")
    func emptySums() {
        let set = KPISet(sums: [:], backlog: 0)

        #expect(set == KPISet())
        #expect(set.firstResponse.meanSeconds == 0)
        #expect(set.firstContactResolution.rate == 0)
        #expect(set.slaCompliance.rate == 0)
    }

    @Test(
        "a mean is the sum over the count, or 0 with nothing counted",
        arguments: [
            (Int64(0), Int64(0), 0.0),
            (0, 500, 0.0),  // a sum without a count (withdrawn figures) still reads 0
            (4, 10, 2.5),
            (3, 1, 1.0 / 3.0),
            (1, 1_382_400, 1_382_400.0),
            (2, -6, -3.0),
        ]
    )
    func mean(count: Int64, sum: Int64, mean: Double) {
        #expect(DurationStat(count: count, sumSeconds: sum).meanSeconds == mean)
    }

    @Test(
        "a rate is the numerator over the denominator, or 0 when the denominator is 0",
        arguments: [
            (Int64(0), Int64(0), 0.0),
            (3, 0, 0.0),
            (1, 4, 0.25),
            (4, 4, 1.0),
            (0, 9, 0.0),
        ]
    )
    func rate(numerator: Int64, denominator: Int64, rate: Double) {
        #expect(Ratio(numerator: numerator, denominator: denominator).rate == rate)
    }

    @Test("first-contact and SLA rates are built from the right pairs")
    func ratesFromSums() {
        let set = KPISet(
            sums: [.firstResolutionCount: 4, .firstContactResolutions: 1, .slaKnown: 5, .slaMet: 4],
            backlog: 0
        )

        #expect(set.firstContactResolution.rate == 0.25)
        #expect(set.slaCompliance.rate == 0.8)
    }
}
