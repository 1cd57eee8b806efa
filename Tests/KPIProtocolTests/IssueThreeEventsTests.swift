import KPICore
import KPIMessages
import Testing

/// The event kinds of issue 3 (work, bot, handoff, automation and QA) on the wire: round trips, and the
/// per-event rejection of values the rules cannot use.
@Suite("Issue 3 events on the wire")
struct IssueThreeEventsTests {
    private static func event(
        _ id: String,
        _ kind: TicketEventKind,
        department: String = "",
        agent: String = ""
    ) -> TicketEvent {
        TicketEvent(eventID: id, ticketID: "T-9", timeMs: t0, department: department, agent: agent, kind: kind)
    }

    private static let good = event("good", .botStarted)

    @Test("every new kind survives a round trip through RecordEventsRequest")
    func roundTrip() throws {
        let review = QAReview(categories: [
            QAReview.Category(name: "tone", score: 3.5, minScore: 1, maxScore: 5, weight: 2.25),
            QAReview.Category(name: "compliance", score: 1, isCritical: true),
            QAReview.Category(
                name: "upsell – n/a",
                score: 0,
                minScore: 9,
                maxScore: 1,
                weight: 0,
                isNotApplicable: true
            ),
        ])
        var events = [
            Self.event("w1", .agentWorked(startMs: t0 - 90_500, endMs: t0), department: "Support", agent: "zoë"),
            Self.event("w2", .agentWorked(startMs: 1, endMs: 1), agent: "ann"),  // the smallest valid interval
            Self.event("w3", .agentWorked(startMs: 1, endMs: EventLimits.endOfTimeMs - 1), agent: "ann"),
            Self.event("b1", .botStarted),
            Self.event("b2", .botResolved, department: "Bots"),
            Self.event("a1", .automationReviewed(subject: "routing", correct: true), agent: "ann"),
            Self.event("a2", .automationReviewed(subject: "", correct: false)),
            Self.event("q1", .qaReviewed(review), department: "Support", agent: "bob"),
        ]
        for (index, reason) in HandoffReason.allCases.enumerated() {
            let confidence = [0, 0.73, 1][index % 3]
            events.append(Self.event("h\(index)", .handedToHuman(reason: reason, confidence: confidence), agent: "cyd"))
        }
        #expect(events.count == 8 + 6)

        let decoded = try RecordEventsRequest.decode(RecordEventsRequest(events: events).encode())

        #expect(decoded.invalidEvents.isEmpty)
        #expect(decoded.validEvents == events)
    }

    @Test("a QA review with exactly 100 categories is valid")
    func hundredCategories() throws {
        let review = QAReview(categories: (0..<100).map { QAReview.Category(name: "c\($0)", score: 1) })
        let event = Self.event("q", .qaReviewed(review), agent: "ann")
        let decoded = try RecordEventsRequest.decode(RecordEventsRequest(events: [event]).encode())
        #expect(decoded.validEvents == [event])
    }

    @Test(
        "an invalid new event is rejected with its field and reason while the batch's valid events survive",
        arguments: [
            (.agentWorked(startMs: t0, endMs: t0 - 1), "agent_worked", EventProblem.outOfRange),
            (.agentWorked(startMs: 0, endMs: t0), "agent_worked", .outOfRange),
            (.agentWorked(startMs: -1, endMs: t0), "agent_worked", .outOfRange),
            (.agentWorked(startMs: t0, endMs: EventLimits.endOfTimeMs), "agent_worked", .outOfRange),
            (.handedToHuman(reason: .lowConfidence, confidence: -0.01), "handed_to_human.confidence", .outOfRange),
            (.handedToHuman(reason: .lowConfidence, confidence: 1.01), "handed_to_human.confidence", .outOfRange),
            (.handedToHuman(reason: .slaAtRisk, confidence: .nan), "handed_to_human.confidence", .outOfRange),
            (.handedToHuman(reason: .humanReview, confidence: .infinity), "handed_to_human.confidence", .outOfRange),
            (qa(QAReview.Category(name: "flat", score: 1, minScore: 1, maxScore: 1)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "high", score: 6, maxScore: 5)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "low", score: -1)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "weightless", score: 1, weight: 0)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "negative", score: 1, weight: -2)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "nan", score: .nan)), "qa_reviewed", .outOfRange),
            (qa(QAReview.Category(name: "n/a", score: 1, isNotApplicable: true)), "qa_reviewed", .outOfRange),
            (.qaReviewed(QAReview(categories: [])), "qa_reviewed", .outOfRange),
            // Would score ∞ / ∞ = NaN: refused on the wire rather than trapping in the ledger.
            (qa(QAReview.Category(name: "inf", score: .infinity, maxScore: .infinity)), "qa_reviewed", .outOfRange),
            (
                .qaReviewed(QAReview(categories: (0..<101).map { QAReview.Category(name: "c\($0)", score: 1) })),
                "qa_reviewed.categories", .tooLong
            ),
        ] as [(TicketEventKind, String, EventProblem)]
    )
    func rejected(kind: TicketEventKind, field: String, problem: EventProblem) throws {
        let batch = [Self.good, Self.event("bad", kind, agent: "ann"), Self.event("good2", .botResolved)]

        let decoded = try RecordEventsRequest.decode(RecordEventsRequest(events: batch).encode())

        #expect(decoded.entries.count == 3)
        #expect(decoded.validEvents == [batch[0], batch[2]])
        guard case .invalid(let invalid) = decoded.entries[1] else {
            Issue.record("the bad event is not rejected in its place")
            return
        }
        #expect(invalid.eventID == "bad")
        #expect(invalid.field == field)
        #expect(invalid.problem == problem)
        #expect(invalid.reason.hasPrefix(field + ": "))
        #expect(invalid.reason.count > field.count + 2)
    }

    @Test(
        "a handoff reason this version does not know is rejected",
        arguments: [6, 99, 0xFFFF_FFFF] as [UInt64]
    )
    func unknownReason(reason: UInt64) throws {
        var body = ProtoWriter()
        body.varintField(1, reason)
        let good = rawEvent(id: Array("good".utf8), kind: (20, []))  // bot_started
        let bad = rawEvent(id: Array("bad".utf8), kind: (22, body.bytes))  // handed_to_human

        let decoded = try RecordEventsRequest.decode(rawRequest([good, bad, good]))

        #expect(decoded.validEvents.map(\.eventID) == ["good", "good"])
        #expect(decoded.validEvents.first?.kind == .botStarted)
        let invalid = try #require(decoded.invalidEvents.first)
        #expect(decoded.invalidEvents.count == 1)
        #expect(invalid.eventID == "bad")
        #expect(invalid.field == "handed_to_human.reason")
        #expect(invalid.problem == .unknownValue)
        #expect(invalid.reason.hasPrefix("handed_to_human.reason: "))
    }

    @Test("an empty handed_to_human decodes as an unspecified reason with confidence 0")
    func handoffDefaults() throws {
        let empty = rawEvent(id: Array("h".utf8), kind: (22, []))
        let decoded = try RecordEventsRequest.decode(rawRequest([empty]))
        #expect(decoded.validEvents.first?.kind == .handedToHuman(reason: .unspecified, confidence: 0))
    }

    @Test("an empty agent_worked (start_ms 0) is rejected")
    func emptyAgentWorked() throws {
        let decoded = try RecordEventsRequest.decode(rawRequest([rawEvent(id: Array("w".utf8), kind: (19, []))]))
        #expect(decoded.invalidEvents.first?.field == "agent_worked")
        #expect(decoded.validEvents.isEmpty)
    }
}

/// The time of every event here.
private let t0: Int64 = 1_700_000_000_000

/// A QA review of one category.
private func qa(_ category: QAReview.Category) -> TicketEventKind {
    .qaReviewed(QAReview(categories: [category]))
}
