import Foundation
import KPIClient
import KPICore
import KPIMessages
import KPIProtocol
import KPIServer
import KPIStore
import Testing

@Suite("Retention with the default policy, against a real kpid and Redis", .serialized)
struct RetentionTests {
    @Test("replaying years-old events writes only day, month and year buckets, none with a TTL that deletes them")
    func oldEventsKeepTheirBuckets() async throws {
        let harness = try ServerHarness { configuration in
            configuration.store.retention = RetentionPolicy(minuteTierMinutes: 48 * 60, hourTierMinutes: 90 * 1_440)
        }
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let old = TicketEvent(
            eventID: "old",
            ticketID: "R1",
            timeMs: utcMs(2016, 3, 10, 9, 30),
            department: "Archive",
            kind: .created(channel: "email", priority: "P4")
        )
        #expect(try await client.recordEvents([old]).accepted == 1)

        // Every counter key of the department (the applied marker, which expires on purpose, aside).
        let keys = try harness.redis.command("KEYS", "kpi:{d:Archive}:*").split(separator: "\n").map(String.init)
            .filter { !$0.contains(":ap:") }
        #expect(keys.sorted() == ["kpi:{d:Archive}:d:554", "kpi:{d:Archive}:mo:2016", "kpi:{d:Archive}:y:0"])
        for key in keys { #expect(try harness.redis.command("TTL", key) == "-1", "\(key) must not expire") }

        let day = KPITimeRange.absolute(fromMs: utcMs(2016, 3, 10), toMs: utcMs(2016, 3, 11))
        #expect(try await client.getKPIs(scope: .department("Archive"), range: day).kpis.ticketsCreated == 1)
    }

    @Test("a range edge inside expired minute buckets is floored to the hour, and the reply says so")
    func expiredEdgesAreFloored() async throws {
        let harness = try ServerHarness { configuration in
            configuration.store.retention = RetentionPolicy(minuteTierMinutes: 48 * 60, hourTierMinutes: 90 * 1_440)
        }
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let range = KPITimeRange.absolute(fromMs: utcMs(2016, 3, 10, 9, 30), toMs: utcMs(2016, 3, 12, 17, 45))
        let reply = try await client.getKPIs(scope: .organization, range: range)
        // Hour buckets of 2016 are gone too (90 days), so both edges fall back to whole days.
        #expect(reply.fromMs == utcMs(2016, 3, 10))
        #expect(reply.toMs == utcMs(2016, 3, 12))
        #expect(reply.rangeAdjusted)

        // An hour inside a day whose hour buckets are gone cannot be answered at all: OUT_OF_RANGE, not zeros.
        let hour = KPITimeRange.rolling(durationMs: 3_600_000, endMs: utcMs(2016, 3, 10, 10, 37))
        await #expect(throws: KPIClientError(.outOfRange, "")) {
            do {
                _ = try await client.getKPIs(scope: .organization, range: hour)
            } catch let error as KPIClientError {
                throw KPIClientError(error.code, "")
            }
        }
    }

    @Test("an event from the last minutes writes minute and hour buckets that expire after their retention")
    func liveEventsExpire() async throws {
        let harness = try ServerHarness { configuration in
            configuration.store.retention = RetentionPolicy(minuteTierMinutes: 48 * 60, hourTierMinutes: 90 * 1_440)
        }
        try await harness.waitUntilServing()
        let client = try harness.connect()
        defer { client.close() }

        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        let live = TicketEvent(
            eventID: "live",
            ticketID: "R2",
            timeMs: nowMs,
            department: "Live",
            kind: .created(channel: "chat", priority: "P2")
        )
        #expect(try await client.recordEvents([live]).accepted == 1)
        let minuteKey = "kpi:{d:Live}:m:\(nowMs / 3_600_000)"
        let ttl = try #require(Int(try harness.redis.command("TTL", minuteKey)))
        // Kept until the end of its hour plus 48 h: between 48 h and 49 h from now.
        #expect(ttl > 48 * 3_600 - 60 && ttl <= 49 * 3_600)
        let hour = try await client.getKPIs(
            scope: .department("Live"),
            range: .rolling(durationMs: 3_600_000, endMs: nowMs + 60_000)
        )
        #expect(hour.kpis.ticketsCreated == 1)
    }
}
