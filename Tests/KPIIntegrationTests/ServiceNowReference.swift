import Foundation

/// Whose figures the reference computes: everyone, one `assignment_group`, or one `assigned_to` in any group.
enum ReferenceScope: Hashable, Sendable {
    case organization
    case department(String)
    case agent(String)
}

/// The ticket KPIs of one scope over one range, as plain counts and sums (seconds).
struct ReferenceFigures: Equatable, Sendable {
    var ticketsCreated: Int64 = 0
    var ticketsResolved: Int64 = 0
    var resolutions: Int64 = 0
    var ticketsReopened: Int64 = 0
    var ticketsClosed: Int64 = 0
    var firstResponseCount: Int64 = 0
    var firstResponseSumSeconds: Int64 = 0
    var firstResolutionCount: Int64 = 0
    var firstResolutionSumSeconds: Int64 = 0
    var fullResolutionCount: Int64 = 0
    var fullResolutionSumSeconds: Int64 = 0
    var fcrNumerator: Int64 = 0
    var fcrDenominator: Int64 = 0
    var slaMet: Int64 = 0
    var slaKnown: Int64 = 0
    /// Tickets open at the end of the range.
    var backlog: Int64 = 0
}

/// An oracle for end-to-end tests: the KPIs of `docs/kpi-definitions.md` computed straight from the UCI ServiceNow
/// export, walking each incident's rows, without KPIImport or kpid's ledger.
///
/// It applies the importer's mapping (see `ServiceNowImport`): a ticket is created at `opened_at` with the first
/// row's holder; a row whose group or agent differs from the previous row's moves the ticket; the first row not
/// `New` is the first response; a row where `reopen_count` grows reopens; a row that becomes `Resolved` resolves
/// (SLA from `made_sla`, first contact when `reassignment_count` is 0); a row that becomes `Closed` closes. Each
/// figure is credited to the group and agent on the row that produced it. Like kpid, it ignores a resolution of a
/// ticket that is not open and a reopen of a ticket that is open.
///
/// The CSV is split naively on commas and line feeds: the UCI file has no quoted fields and no carriage returns.
struct ServiceNowReference: Sendable {
    /// The data rows used, after `incidentLimit`.
    private(set) var rowCount = 0
    /// The incidents used, after `incidentLimit`.
    private(set) var incidentCount = 0
    private var contributions: [Contribution] = []

    /// Reads the export at `csvPath` and walks its first `incidentLimit` incidents in file order (all when `nil`).
    ///
    /// An unreadable file gives a reference with no rows; check ``rowCount``.
    init(csvPath: String, incidentLimit: Int?) {
        guard let data = FileManager.default.contents(atPath: csvPath) else { return }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.isEmpty == false else { return }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var parser = RowParser(header: header)

        var incidents: [[ReferenceRow]] = []
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == header.count else { continue }
            let row = parser.row(fields, fileOrder: rowCount)
            if row.number != incidents.last?.first?.number {
                if incidents.count == incidentLimit { break }
                incidents.append([])
            }
            incidents[incidents.count - 1].append(row)
            rowCount += 1
        }

        incidentCount = incidents.count
        for rows in incidents {
            var walk = IncidentWalk(rows: rows)
            walk.run()
            contributions += walk.contributions
        }
    }

    /// The figures of `scope` for events in `[fromMs, toMs)`; the backlog counts every transition before `toMs`.
    func figures(scope: ReferenceScope, fromMs: Int64, toMs: Int64) -> ReferenceFigures {
        var figures = ReferenceFigures()
        for contribution in contributions where contribution.credits(scope) {
            let inRange =
                contribution.field == .backlog
                ? contribution.timeMs < toMs
                : contribution.timeMs >= fromMs && contribution.timeMs < toMs
            if inRange { contribution.field.add(contribution.amount, to: &figures) }
        }
        return figures
    }
}

/// The fields of one export row that the reference needs.
private struct ReferenceRow: Sendable {
    var number: String
    var state: String
    var reassignmentCount: Int
    var reopenCount: Int
    var modCount: Int
    var madeSLA: String
    var openedAtMs: Int64
    var updatedAtMs: Int64
    var group: String
    var agent: String
    var fileOrder: Int
}

/// Turns split lines into rows; remembers parsed times because every row of an incident repeats `opened_at`.
private struct RowParser {
    /// The column of each needed field, looked up once.
    private let columns: [String: Int]
    private var times: [String: Int64] = [:]

    init(header: [String]) {
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.columns = columns
    }

    mutating func row(_ fields: [String], fileOrder: Int) -> ReferenceRow {
        func field(_ name: String) -> String {
            let value = fields[columns[name]!]
            return value == "?" ? "" : value
        }
        return ReferenceRow(
            number: field("number"),
            state: field("incident_state"),
            reassignmentCount: Int(field("reassignment_count"))!,
            reopenCount: Int(field("reopen_count"))!,
            modCount: Int(field("sys_mod_count"))!,
            madeSLA: field("made_sla"),
            openedAtMs: time(field("opened_at")),
            updatedAtMs: time(field("sys_updated_at")),
            group: field("assignment_group"),
            agent: field("assigned_to"),
            fileOrder: fileOrder
        )
    }

    /// `D/M/YYYY H:MM` as UTC Unix milliseconds, counting days year by year and month by month from 1970.
    private mutating func time(_ text: String) -> Int64 {
        if let known = times[text] { return known }
        let parts = text.split { $0 == "/" || $0 == " " || $0 == ":" }.map { Int64($0)! }
        let (day, month, year, hour, minute) = (parts[0], parts[1], parts[2], parts[3], parts[4])

        let isLeap = { (year: Int64) in year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
        var days: Int64 = 0
        for earlier in 1970..<year { days += isLeap(earlier) ? 366 : 365 }
        let monthLengths: [Int64] = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        days += monthLengths[0..<Int(month - 1)].reduce(0, +) + day - 1

        let milliseconds = ((days * 24 + hour) * 60 + minute) * 60_000
        times[text] = milliseconds
        return milliseconds
    }
}

/// Which figure a contribution adds to.
private enum Field: Sendable {
    case ticketsCreated, ticketsResolved, resolutions, ticketsReopened, ticketsClosed
    case firstResponseCount, firstResponseSumSeconds, firstResolutionCount, firstResolutionSumSeconds
    case fullResolutionCount, fullResolutionSumSeconds, fcrNumerator, fcrDenominator, slaMet, slaKnown, backlog

    func add(_ amount: Int64, to figures: inout ReferenceFigures) {
        switch self {
        case .ticketsCreated: figures.ticketsCreated += amount
        case .ticketsResolved: figures.ticketsResolved += amount
        case .resolutions: figures.resolutions += amount
        case .ticketsReopened: figures.ticketsReopened += amount
        case .ticketsClosed: figures.ticketsClosed += amount
        case .firstResponseCount: figures.firstResponseCount += amount
        case .firstResponseSumSeconds: figures.firstResponseSumSeconds += amount
        case .firstResolutionCount: figures.firstResolutionCount += amount
        case .firstResolutionSumSeconds: figures.firstResolutionSumSeconds += amount
        case .fullResolutionCount: figures.fullResolutionCount += amount
        case .fullResolutionSumSeconds: figures.fullResolutionSumSeconds += amount
        case .fcrNumerator: figures.fcrNumerator += amount
        case .fcrDenominator: figures.fcrDenominator += amount
        case .slaMet: figures.slaMet += amount
        case .slaKnown: figures.slaKnown += amount
        case .backlog: figures.backlog += amount
        }
    }
}

/// An amount added to one figure at one time, credited to one group and agent ("" = none).
private struct Contribution: Sendable {
    var field: Field
    var amount: Int64
    var timeMs: Int64
    var group: String
    var agent: String

    func credits(_ scope: ReferenceScope) -> Bool {
        switch scope {
        case .organization: true
        case .department(let name): group.isEmpty == false && group == name
        case .agent(let name): agent.isEmpty == false && agent == name
        }
    }
}

/// Replays one incident's rows as kpid would see the imported events, and records what each adds.
private struct IncidentWalk {
    private let rows: [ReferenceRow]
    private let openedAtMs: Int64
    private(set) var contributions: [Contribution] = []

    private var isOpen = true
    private var hasFirstResponse = false
    private var hasClosed = false
    /// The first accepted resolution: where it was credited and whether it was first-contact.
    private var firstResolution: (row: ReferenceRow, firstContact: Bool)?
    private var reopenedAfterFirstResolution = false
    /// The latest accepted resolution.
    private var latestResolution: ReferenceRow?

    /// - Parameter rows: the incident's rows in file order; walked in `sys_mod_count` order like the importer
    ///   (ties by `sys_updated_at`, then file order).
    init(rows: [ReferenceRow]) {
        self.rows = rows.sorted {
            ($0.modCount, $0.updatedAtMs, $0.fileOrder) < ($1.modCount, $1.updatedAtMs, $1.fileOrder)
        }
        openedAtMs = self.rows[0].openedAtMs
    }

    mutating func run() {
        let first = rows[0]
        add(.ticketsCreated, 1, at: openedAtMs, first)
        add(.backlog, 1, at: openedAtMs, first)

        for (index, row) in rows.enumerated() {
            let previous = index > 0 ? rows[index - 1] : nil
            let t = row.updatedAtMs

            if let previous, previous.group != row.group || previous.agent != row.agent, isOpen {
                add(.backlog, -1, at: t, previous)
                add(.backlog, 1, at: t, row)
            }
            if !hasFirstResponse && row.state != "New" {
                hasFirstResponse = true
                add(.firstResponseCount, 1, at: t, row)
                add(.firstResponseSumSeconds, seconds(to: t), at: t, row)
            }
            if let previous, row.reopenCount > previous.reopenCount, !isOpen {
                reopen(row)
            }
            if row.state == "Resolved" && previous?.state != "Resolved" && isOpen {
                resolve(row)
            }
            if row.state == "Closed" && previous?.state != "Closed" {
                close(row)
            }
        }
        countOncePerTicket()
    }

    private mutating func reopen(_ row: ReferenceRow) {
        isOpen = true
        add(.ticketsReopened, 1, at: row.updatedAtMs, row)
        add(.backlog, 1, at: row.updatedAtMs, row)
        if firstResolution != nil { reopenedAfterFirstResolution = true }
    }

    private mutating func resolve(_ row: ReferenceRow) {
        let t = row.updatedAtMs
        isOpen = false
        add(.resolutions, 1, at: t, row)
        add(.backlog, -1, at: t, row)
        if firstResolution == nil {
            firstResolution = (row, row.reassignmentCount == 0)
            add(.ticketsResolved, 1, at: t, row)
            add(.firstResolutionCount, 1, at: t, row)
            add(.firstResolutionSumSeconds, seconds(to: t), at: t, row)
            add(.fcrDenominator, 1, at: t, row)
        }
        latestResolution = row
    }

    private mutating func close(_ row: ReferenceRow) {
        if !hasClosed {
            hasClosed = true
            add(.ticketsClosed, 1, at: row.updatedAtMs, row)
        }
        if isOpen {
            isOpen = false
            add(.backlog, -1, at: row.updatedAtMs, row)
        }
    }

    /// Full resolution, SLA and first-contact resolution count once, after the last row.
    private mutating func countOncePerTicket() {
        if let latest = latestResolution {
            let t = latest.updatedAtMs
            add(.fullResolutionCount, 1, at: t, latest)
            add(.fullResolutionSumSeconds, seconds(to: t), at: t, latest)
            if latest.madeSLA == "true" || latest.madeSLA == "false" { add(.slaKnown, 1, at: t, latest) }
            if latest.madeSLA == "true" { add(.slaMet, 1, at: t, latest) }
        }
        if let first = firstResolution, first.firstContact, !reopenedAfterFirstResolution {
            add(.fcrNumerator, 1, at: first.row.updatedAtMs, first.row)
        }
    }

    /// Whole seconds from opening to `timeMs`, never below 0.
    private func seconds(to timeMs: Int64) -> Int64 {
        max(0, (timeMs - openedAtMs) / 1000)
    }

    private mutating func add(_ field: Field, _ amount: Int64, at timeMs: Int64, _ row: ReferenceRow) {
        contributions.append(
            Contribution(field: field, amount: amount, timeMs: timeMs, group: row.group, agent: row.agent)
        )
    }
}
