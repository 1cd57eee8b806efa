import KPICore

/// Builds small exports with the real header, for tests.
enum ServiceNowFixture {
    static let header = """
        number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,\
        opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,\
        subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,\
        u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at
        """

    /// The bytes of an export made of `rows`, lines ended by `lineEnd`.
    static func bytes(_ rows: [Row], lineEnd: String = "\n") -> [UInt8] {
        let lines = [header] + rows.map(\.line)
        return Array(lines.map { $0 + lineEnd }.joined().utf8)
    }

    /// 1 March 2016 at `hour`:`minute` UTC, in Unix milliseconds.
    static func march1(_ hour: Int64, _ minute: Int64 = 0) -> Int64 {
        (1_456_790_400 + hour * 3600 + minute * 60) * 1000
    }

    /// One export row; the fields the importer ignores hold plausible filler.
    struct Row {
        var number = "INC0000001"
        var state = "New"
        var reassignments = "0"
        var reopens = "0"
        var mod = "0"
        var madeSLA = "true"
        var openedAt = "1/3/2016 10:00"
        var updatedAt = "1/3/2016 10:00"
        var channel = "Phone"
        var priority = "3 - Moderate"
        var group = "Group 1"
        var agent = "?"

        var line: String {
            [
                number, state, "true", reassignments, reopens, mod, madeSLA, "Caller 1", "Opened by 1", openedAt,
                "?", "?", "Updated by 1", updatedAt, channel, "Location 1", "Category 1", "Subcategory 1",
                "Symptom 1", "?", "2 - Medium", "2 - Medium", priority, group, agent, "false", "false",
                "Do Not Notify", "?", "?", "?", "?", "code 1", "Resolved by 1", "?", "?",
            ].joined(separator: ",")
        }
    }
}

extension TicketEvent {
    /// A compact description for comparing event lists in tests: `kind@HH:MM group/agent id`.
    var testSummary: String {
        let minutes = (timeMs - ServiceNowFixture.march1(0)) / 60_000
        let clock = minutes >= 0 && minutes < 24 * 60 ? "\(minutes / 60):\(minutes % 60)" : "\(timeMs)"
        return "\(kind.name)@\(clock) \(department)/\(agent) \(eventID)"
    }
}
