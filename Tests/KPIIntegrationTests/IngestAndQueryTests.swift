import KPIClient
import KPICore
import KPIMessages
import KPIProtocol
import Testing

/// A small day of tickets whose KPIs were worked out by hand (see each expectation's comment).
private enum Day {
    static func event(
        _ id: String,
        _ ticket: String,
        _ hour: Int64,
        _ minute: Int64,
        _ department: String,
        _ agent: String,
        _ kind: TicketEventKind
    ) -> TicketEvent {
        TicketEvent(
            eventID: id,
            ticketID: ticket,
            timeMs: utcMs(2024, 5, 1, hour, minute),
            department: department,
            agent: agent,
            kind: kind
        )
    }

    // T1: Billing, taken by ann, answered after 30 min, resolved after 2 h (SLA met): a first-contact resolution.
    // T2: Billing/bob, answered after 1 h, moved to Tech/cat at 12:00, resolved 13:00 (SLA breached), reopened
    //     14:00, resolved again 15:00 (SLA met).
    // T3: Tech, created 10:00, still open.
    static let events: [TicketEvent] = [
        event("t1-c", "T1", 9, 0, "Billing", "", .created(channel: "email", priority: "P3")),
        event("t2-c", "T2", 9, 5, "Billing", "bob", .created(channel: "chat", priority: "P2")),
        event("t1-a", "T1", 9, 10, "Billing", "ann", .assigned),
        event("t1-f", "T1", 9, 30, "Billing", "ann", .firstResponse),
        event("t3-c", "T3", 10, 0, "Tech", "", .created(channel: "phone", priority: "P1")),
        event("t2-f", "T2", 10, 5, "Billing", "bob", .firstResponse),
        event("t1-r", "T1", 11, 0, "Billing", "ann", .resolved(sla: .met, firstContact: .unknown)),
        event("t2-a", "T2", 12, 0, "Tech", "cat", .assigned),
        event("t2-r1", "T2", 13, 0, "Tech", "cat", .resolved(sla: .breached, firstContact: .unknown)),
        event("t2-o", "T2", 14, 0, "Tech", "cat", .reopened),
        event("t2-r2", "T2", 15, 0, "Tech", "cat", .resolved(sla: .met, firstContact: .unknown)),
    ]

    static let wholeDay = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 1), toMs: utcMs(2024, 5, 2))
}

@Suite("Ingest then query, against a real kpid and Redis", .serialized)
struct IngestAndQueryTests {
    @Test("a day of tickets gives the hand-computed organisation KPIs")
    func organisationFigures() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let recorded = try await client.recordEvents(Day.events)
        #expect(recorded.accepted == UInt32(Day.events.count))

        let kpis = try await client.getKPIs(scope: .organization, range: Day.wholeDay).kpis
        #expect(kpis.ticketsCreated == 3)
        #expect(kpis.ticketsResolved == 2)  // T1 and T2, by their first resolutions
        #expect(kpis.resolutions == 3)  // T1, and T2 twice
        #expect(kpis.ticketsReopened == 1)
        #expect(kpis.firstResponse == DurationStat(count: 2, sumSeconds: 1_800 + 3_600))
        #expect(kpis.firstResolution == DurationStat(count: 2, sumSeconds: 7_200 + 14_100))  // 2 h; 3 h 55 m
        #expect(kpis.fullResolution == DurationStat(count: 2, sumSeconds: 7_200 + 21_300))  // T2 to 15:00: 5 h 55 m
        #expect(kpis.firstContactResolution == Ratio(numerator: 1, denominator: 2))  // T2 was reassigned
        #expect(kpis.slaCompliance == Ratio(numerator: 2, denominator: 2))  // T2's breach was replaced
        #expect(kpis.backlog == 1)  // T3
    }

    @Test("credit goes to the department and agent holding the ticket at each event")
    func departmentAndAgentFigures() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)

        let billing = try await client.getKPIs(scope: .department("Billing"), range: Day.wholeDay, includeAgents: true)
        #expect(billing.kpis.ticketsCreated == 2)
        #expect(billing.kpis.ticketsResolved == 1)  // T2's first resolution happened in Tech
        #expect(billing.kpis.firstResponse == DurationStat(count: 2, sumSeconds: 5_400))
        #expect(billing.kpis.firstContactResolution == Ratio(numerator: 1, denominator: 1))
        #expect(billing.kpis.backlog == 0)  // T1 resolved, T2 moved out
        // bob worked in Billing but resolved nothing there, so he is not listed.
        #expect(billing.agents == [AgentFigures(agent: "ann", resolutions: 1, ticketsResolved: 1)])

        let tech = try await client.getKPIs(scope: .department("Tech"), range: Day.wholeDay).kpis
        #expect(tech.ticketsCreated == 1)
        #expect(tech.resolutions == 2)
        #expect(tech.ticketsReopened == 1)
        #expect(tech.firstResolution == DurationStat(count: 1, sumSeconds: 14_100))
        #expect(tech.fullResolution == DurationStat(count: 1, sumSeconds: 21_300))
        #expect(tech.firstContactResolution == Ratio(numerator: 0, denominator: 1))
        #expect(tech.backlog == 1)  // T3

        let cat = try await client.getKPIs(scope: .agent("cat"), range: Day.wholeDay).kpis
        #expect(cat.resolutions == 2)
        #expect(cat.slaCompliance == Ratio(numerator: 1, denominator: 1))
    }

    @Test("a range ending mid-day counts only events before its end, and its backlog at that minute")
    func partialRange() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)

        let morning = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 1, 9, 1), toMs: utcMs(2024, 5, 1, 12, 30))
        let reply = try await client.getKPIs(scope: .organization, range: morning)
        #expect(reply.fromMs == utcMs(2024, 5, 1, 9, 1))
        #expect(reply.toMs == utcMs(2024, 5, 1, 12, 30))
        #expect(!reply.rangeAdjusted)
        #expect(reply.kpis.ticketsCreated == 2)  // T2 at 9:05 and T3 at 10:00; T1 at 9:00 is before the range
        #expect(reply.kpis.resolutions == 1)
        #expect(reply.kpis.backlog == 2)  // T2 and T3 open at 12:30

        let rolling = try await client.getKPIs(
            scope: .organization,
            range: .rolling(durationMs: 3_600_000, endMs: utcMs(2024, 5, 1, 15, 0))
        )
        #expect(rolling.fromMs == utcMs(2024, 5, 1, 14, 0))
        #expect(rolling.kpis.ticketsReopened == 1)  // 14:00 is inside [14:00, 15:00)
        #expect(rolling.kpis.resolutions == 0)  // 15:00 is not
    }

    @Test("an event sent twice, in one batch or again later, is counted once")
    func duplicatesCountedOnce() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let first = try await client.recordEvents([Day.events[0], Day.events[0], Day.events[1]])
        #expect(first.results.map(\.outcome) == [.accepted, .duplicate, .accepted])
        let again = try await client.recordEvents(Day.events)
        #expect(again.duplicates == 2)
        #expect(again.accepted == UInt32(Day.events.count - 2))
        let third = try await client.recordEvents(Day.events)
        #expect(third.duplicates == UInt32(Day.events.count))

        let kpis = try await client.getKPIs(scope: .organization, range: Day.wholeDay).kpis
        #expect(kpis.ticketsCreated == 3)
        #expect(kpis.resolutions == 3)
    }

    @Test("a late event lands in the bucket of its own time")
    func lateEventLandsInItsOwnDay() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)

        let late = TicketEvent(
            eventID: "t0-c",
            ticketID: "T0",
            timeMs: utcMs(2024, 4, 30, 23, 59),
            department: "Billing",
            kind: .created(channel: "email", priority: "P3")
        )
        #expect(try await client.recordEvents([late]).accepted == 1)

        let dayBefore = KPITimeRange.absolute(fromMs: utcMs(2024, 4, 30), toMs: utcMs(2024, 5, 1))
        #expect(try await client.getKPIs(scope: .department("Billing"), range: dayBefore).kpis.ticketsCreated == 1)
        #expect(try await client.getKPIs(scope: .department("Billing"), range: Day.wholeDay).kpis.ticketsCreated == 2)
        // The backlog at the end of the later day now includes T0, which is still open.
        #expect(try await client.getKPIs(scope: .organization, range: Day.wholeDay).kpis.backlog == 2)
    }

    @Test("events kpid cannot apply are rejected one by one with a reason, the rest are accepted")
    func rejectionsAreReportedPerEvent() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let orphan = TicketEvent(eventID: "x", ticketID: "T9", timeMs: utcMs(2024, 5, 1), kind: .firstResponse)
        let reply = try await client.recordEvents([orphan, Day.events[0]])
        #expect(reply.results[0].outcome == .rejected)
        #expect(reply.results[0].reason.contains("send its created event first"))
        #expect(reply.results[1].outcome == .accepted)
        #expect(reply.rejected == 1)
    }

    @Test("a department or agent kpid never saw gets NOT_FOUND, names being case-sensitive")
    func unknownNamesAreNotFound() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)

        for scope: KPIScope in [
            .department("billing"), .agent("zed"), .departmentAgent(department: "Tech", agent: "ann"),
        ] {
            do {
                _ = try await client.getKPIs(scope: scope, range: Day.wholeDay)
                Issue.record("\(scope) was answered")
            } catch let error as KPIClientError {
                #expect(error.code == .notFound, "\(scope)")
                #expect(error.message.contains("has no events"))
            }
        }
        // Known names still answer, even over a range with nothing in it.
        let empty = KPITimeRange.absolute(fromMs: utcMs(2020, 1, 1), toMs: utcMs(2020, 1, 2))
        #expect(try await client.getKPIs(scope: .agent("ann"), range: empty).kpis.ticketsCreated == 0)
        #expect(
            try await client.getKPIs(scope: .departmentAgent(department: "Tech", agent: "cat"), range: empty).kpis
                .resolutions == 0
        )
    }

    @Test("the channel scope counts every ticket that came in through it, wherever it went")
    func channelFigures() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)

        let chat = try await client.getKPIs(scope: .channel("chat"), range: Day.wholeDay)
        #expect(chat.scope == .channel("chat"))
        #expect(chat.kpis.ticketsCreated == 1)  // T2, created in Billing and resolved in Tech
        #expect(chat.kpis.resolutions == 2)
        #expect(chat.kpis.ticketsReopened == 1)
        #expect(chat.kpis.fullResolution == DurationStat(count: 1, sumSeconds: 21_300))
        #expect(chat.kpis.backlog == 0)
        let email = try await client.getKPIs(scope: .channel("email"), range: Day.wholeDay).kpis
        #expect(email.firstContactResolution == Ratio(numerator: 1, denominator: 1))
        #expect(try await client.getKPIs(scope: .channel("phone"), range: Day.wholeDay).kpis.backlog == 1)
        await #expect(throws: KPIClientError.self) {
            _ = try await client.getKPIs(scope: .channel("fax"), range: Day.wholeDay)
        }
    }

    @Test("departments kpid has seen are listed, sorted")
    func listDepartments() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)
        #expect(try await client.listDepartments() == ["Billing", "Tech"])
    }

    @Test("a bad range is refused with INVALID_ARGUMENT and a message naming the field")
    func badRangeIsRefused() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        let backwards = KPITimeRange.absolute(fromMs: utcMs(2024, 5, 2), toMs: utcMs(2024, 5, 1))
        await #expect(throws: KPIClientError.self) { try await client.getKPIs(scope: .organization, range: backwards) }
        do {
            _ = try await client.getKPIs(scope: .organization, range: .rolling(durationMs: 90_000, endMs: 0))
            Issue.record("a window of 1.5 minutes was accepted")
        } catch let error as KPIClientError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("duration"))
        }
    }
}

@Suite("Extreme ranges")
struct ExtremeRangeTests {
    @Test("a range ending in year 9999 sums every year of the backlog without a script error")
    func farFutureRange() async throws {
        let harness = try ServerHarness()
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }
        _ = try await client.recordEvents(Day.events)
        let everything = KPITimeRange.absolute(fromMs: utcMs(9950, 1, 1), toMs: utcMs(9999, 12, 31))
        let kpis = try await client.getKPIs(scope: .organization, range: everything).kpis
        #expect(kpis.ticketsCreated == 0)  // nothing happened in that range…
        #expect(kpis.backlog == 1)  // …but T3, opened in 2024, is still open at its end
    }
}
