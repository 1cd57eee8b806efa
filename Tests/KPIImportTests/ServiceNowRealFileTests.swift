import Foundation
import KPICore
import Testing

@testable import KPIImport

/// The UCI ServiceNow slice, found beside the repository: `<repo>/../shared/data/…`.
private let realFilePath = sharedDataPath("data/uci-servicenow-incidents/incident_event_log_part1.csv")

@Suite("ServiceNow import of the real UCI export")
struct ServiceNowRealFileTests {
    /// The file's rows, split naively (the file has no quoted fields), grouped by incident in file order.
    private struct NaiveIncidents: Sendable {
        var header: [String] = []
        var rowCount = 0
        var incidents: [(number: String, rows: [[String]])] = []

        init(text: String) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            rowCount = lines.count
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if fields[0] == incidents.last?.number {
                    incidents[incidents.count - 1].rows.append(fields)
                } else {
                    incidents.append((fields[0], [fields]))
                }
            }
        }

        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
    }

    /// `D/M/YYYY H:MM` as a comparable (year, month, day, hour, minute) number.
    private static func sortableTime(_ text: String) -> Int {
        let parts = text.split { $0 == "/" || $0 == " " || $0 == ":" }.map { Int($0)! }
        return (((parts[2] * 100 + parts[1]) * 100 + parts[0]) * 100 + parts[3]) * 100 + parts[4]
    }

    /// The file read once for all tests of the suite: its bytes, the naive split and the import result.
    private struct Loaded: Sendable {
        let bytes: [UInt8]
        let naive: NaiveIncidents
        let result: ServiceNowImportResult

        static let shared: Loaded? = {
            guard let data = FileManager.default.contents(atPath: realFilePath) else { return nil }
            let bytes = [UInt8](data)
            return Loaded(
                bytes: bytes,
                naive: NaiveIncidents(text: String(decoding: data, as: UTF8.self)),
                result: ServiceNowImport.parse(bytes)
            )
        }()
    }

    private let bytes: [UInt8]
    private let naive: NaiveIncidents
    private let result: ServiceNowImportResult

    init() throws {
        let loaded = try #require(Loaded.shared, "cannot read \(realFilePath)")
        bytes = loaded.bytes
        naive = loaded.naive
        result = loaded.result
    }

    @Test("the file is the documented slice and has no quoting or carriage returns")
    func fileShape() {
        #expect(bytes.count == 23_999_894)
        #expect(bytes.contains(UInt8(ascii: "\"")) == false && bytes.contains(UInt8(ascii: "\r")) == false)
        #expect(naive.rowCount == 73_394 && naive.incidents.count == 11_781)
    }

    @Test("every row is read and every incident becomes one created ticket")
    func counts() {
        #expect(result.rowsRead == naive.rowCount)
        #expect(result.incidents == naive.incidents.count)
        #expect(result.skippedRows.isEmpty)
        #expect(result.eventsByKind["created"] == result.incidents - result.summary.incidentsSkipped)
        #expect(result.eventsByKind.values.reduce(0, +) == result.events.count)
        #expect(Set(result.events.map(\.eventID)).count == result.events.count)
    }

    @Test("tickets come in file order, each starting with its created event")
    func ticketOrder() {
        let events = result.events
        var starts: [String] = []
        for (index, event) in events.enumerated() where index == 0 || events[index - 1].ticketID != event.ticketID {
            starts.append(event.ticketID)
            #expect(event.kind.name == "created")
        }
        #expect(starts == naive.incidents.map(\.number))
    }

    @Test("event kinds agree with counts taken straight from the rows")
    func kindsAgreeWithRows() {
        let state = naive.column("incident_state")
        let reopen = naive.column("reopen_count")
        var withResponse = 0
        var withResolution = 0
        var reopenGrowth = 0
        for incident in naive.incidents {
            let states = incident.rows.map { $0[state] }
            if states.contains(where: { $0 != "New" }) { withResponse += 1 }
            if states.contains("Resolved") { withResolution += 1 }
            let counts = incident.rows.map { Int($0[reopen])! }
            reopenGrowth += counts.max()! - counts.min()!
        }

        let byKind = result.eventsByKind
        #expect(byKind["first_response"] == withResponse)
        #expect(byKind["resolved", default: 0] >= withResolution)
        #expect(byKind["reopened", default: 0] <= reopenGrowth)
        #expect(byKind["closed", default: 0] >= naive.incidents.count { $0.rows.contains { $0[state] == "Closed" } })
    }

    @Test("events of a ticket are in time order unless its rows' update times are out of order")
    func timeSortable() {
        let updated = naive.column("sys_updated_at")
        let opened = naive.column("opened_at")
        let modCount = naive.column("sys_mod_count")
        let irregular = Set(
            naive.incidents.filter { incident in
                let rows = incident.rows.sorted { Int($0[modCount])! < Int($1[modCount])! }
                let times = [Self.sortableTime(rows[0][opened])] + rows.map { Self.sortableTime($0[updated]) }
                return zip(times, times.dropFirst()).contains { $0 > $1 }
            }
            .map(\.number)
        )

        let events = result.events
        var unsorted: Set<String> = []
        for (previous, event) in zip(events, events.dropFirst())
        where previous.ticketID == event.ticketID && previous.timeMs > event.timeMs {
            unsorted.insert(event.ticketID)
        }
        #expect(unsorted.isSubset(of: irregular))
        #expect(irregular.count < 20)
    }
}
