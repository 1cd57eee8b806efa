import CProtobufC
import Foundation
import KPICore
import KPIProtoC

/// A defect found while converting one event; the caller turns it into an ``InvalidEvent``.
private struct EventDefect: Error {
    var field: String
    var problem: EventProblem
    var detail: String
}

extension TicketEvent {
    /// Builds the C `Event` for this event in `arena`.
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__Event> {
        arena.message(kpi__v1__event__init) { message in
            message.event_id = arena.string(eventID)
            message.ticket_id = arena.string(ticketID)
            message.time_ms = timeMs
            message.department = arena.string(department)
            message.agent = arena.string(agent)
            kind.fill(&message, in: arena)
        }
    }

    /// Converts and checks a decoded C `Event`.
    /// - Parameters:
    ///   - message: the event protobuf-c unpacked.
    ///   - fieldsWithNUL: string fields the raw bytes show to hold a NUL, which the C strings
    ///     no longer show.
    static func decode(_ message: Kpi__V1__Event, fieldsWithNUL: [String]) -> DecodedEvent {
        do throws(EventDefect) {
            if let field = fieldsWithNUL.first {
                throw EventDefect(field: field, problem: .containsNUL, detail: "must not contain a NUL byte")
            }
            let event = TicketEvent(
                eventID: try requiredString(message.event_id, field: "event_id"),
                ticketID: try requiredString(message.ticket_id, field: "ticket_id"),
                timeMs: try checkedTime(message.time_ms),
                department: try optionalString(message.department, field: "department"),
                agent: try optionalString(message.agent, field: "agent"),
                kind: try TicketEventKind.decode(message)
            )
            return .valid(event)
        } catch {
            let defect = error
            return .invalid(
                InvalidEvent(
                    eventID: reportedID(message.event_id),
                    field: defect.field,
                    problem: defect.problem,
                    reason: "\(defect.field): \(defect.detail)"
                )
            )
        }
    }

    /// The id to report for a rejected event: what was sent, made printable and short.
    private static func reportedID(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        let bytes = UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
        var id = String(decoding: bytes, as: UTF8.self)
        while id.utf8.count > EventLimits.maxStringBytes { id.removeLast() }
        return id
    }

    private static func checkedTime(_ timeMs: Int64) throws(EventDefect) -> Int64 {
        guard timeMs > 0, timeMs < EventLimits.endOfTimeMs else {
            throw EventDefect(
                field: "time_ms",
                problem: .outOfRange,
                detail: "must be Unix milliseconds after 1970 and before year 10000, got \(timeMs)"
            )
        }
        return timeMs
    }
}

/// A required string field: non-empty, valid UTF-8, at most ``EventLimits/maxStringBytes`` bytes.
private func requiredString(_ pointer: UnsafePointer<CChar>?, field: String) throws(EventDefect) -> String {
    let string = try optionalString(pointer, field: field)
    guard !string.isEmpty else {
        throw EventDefect(field: field, problem: .missing, detail: "must not be empty")
    }
    return string
}

/// An optional string field: valid UTF-8, at most ``EventLimits/maxStringBytes`` bytes.
private func optionalString(_ pointer: UnsafePointer<CChar>?, field: String) throws(EventDefect) -> String {
    guard let pointer else { return "" }
    guard let string = ProtobufC.validatedString(pointer) else {
        throw EventDefect(field: field, problem: .invalidUTF8, detail: "must be valid UTF-8")
    }
    guard string.utf8.count <= EventLimits.maxStringBytes else {
        throw EventDefect(
            field: field,
            problem: .tooLong,
            detail: "must be at most \(EventLimits.maxStringBytes) bytes, got \(string.utf8.count)"
        )
    }
    return string
}

extension TicketEventKind {
    /// Sets the `kind` oneof of `message` to this kind, with its sub-message built in `arena`.
    fileprivate func fill(_ message: inout Kpi__V1__Event, in arena: EncodeArena) {
        switch self {
        case .created(let channel, let priority):
            message.kind_case = KPI__V1__EVENT__KIND_TICKET_CREATED
            message.ticket_created = arena.message(kpi__v1__ticket_created__init) { created in
                created.channel = arena.string(channel)
                created.priority = arena.string(priority)
            }
        case .assigned:
            message.kind_case = KPI__V1__EVENT__KIND_TICKET_ASSIGNED
            message.ticket_assigned = arena.message(kpi__v1__ticket_assigned__init)
        case .firstResponse:
            message.kind_case = KPI__V1__EVENT__KIND_FIRST_RESPONSE
            message.first_response = arena.message(kpi__v1__first_response__init)
        case .resolved(let sla, let firstContact):
            message.kind_case = KPI__V1__EVENT__KIND_TICKET_RESOLVED
            message.ticket_resolved = arena.message(kpi__v1__ticket_resolved__init) { resolved in
                resolved.sla = Kpi__V1__SlaOutcome(rawValue: UInt32(sla.rawValue))
                resolved.first_contact = Kpi__V1__FirstContact(rawValue: UInt32(firstContact.rawValue))
            }
        case .reopened:
            message.kind_case = KPI__V1__EVENT__KIND_TICKET_REOPENED
            message.ticket_reopened = arena.message(kpi__v1__ticket_reopened__init)
        case .closed:
            message.kind_case = KPI__V1__EVENT__KIND_TICKET_CLOSED
            message.ticket_closed = arena.message(kpi__v1__ticket_closed__init)
        case .agentReplied:
            message.kind_case = KPI__V1__EVENT__KIND_AGENT_REPLIED
            message.agent_replied = arena.message(kpi__v1__agent_replied__init)
        case .customerMessage:
            message.kind_case = KPI__V1__EVENT__KIND_CUSTOMER_MESSAGE
            message.customer_message = arena.message(kpi__v1__customer_message__init)
        case .surveyAnswered(let answer):
            message.kind_case = KPI__V1__EVENT__KIND_SURVEY_ANSWERED
            message.survey_answered = arena.message(kpi__v1__survey_answered__init) { survey in
                survey.kind = Kpi__V1__SurveyKind(rawValue: UInt32(answer.kind.rawValue))
                survey.score = UInt32(clamping: answer.score)
                survey.scale = UInt32(clamping: answer.scale)
            }
        case .agentWorked(let startMs, let endMs):
            message.kind_case = KPI__V1__EVENT__KIND_AGENT_WORKED
            message.agent_worked = arena.message(kpi__v1__agent_worked__init) { worked in
                worked.start_ms = startMs
                worked.end_ms = endMs
            }
        case .botStarted:
            message.kind_case = KPI__V1__EVENT__KIND_BOT_STARTED
            message.bot_started = arena.message(kpi__v1__bot_started__init)
        case .botResolved:
            message.kind_case = KPI__V1__EVENT__KIND_BOT_RESOLVED
            message.bot_resolved = arena.message(kpi__v1__bot_resolved__init)
        case .handedToHuman(let reason, let confidence):
            message.kind_case = KPI__V1__EVENT__KIND_HANDED_TO_HUMAN
            message.handed_to_human = arena.message(kpi__v1__handed_to_human__init) { handed in
                handed.reason = Kpi__V1__HandoffReason(rawValue: UInt32(reason.rawValue))
                handed.confidence = confidence
            }
        case .automationReviewed(let subject, let correct):
            message.kind_case = KPI__V1__EVENT__KIND_AUTOMATION_REVIEWED
            message.automation_reviewed = arena.message(kpi__v1__automation_reviewed__init) { reviewed in
                reviewed.subject = arena.string(subject)
                reviewed.correct = correct ? 1 : 0
            }
        case .qaReviewed(let review):
            message.kind_case = KPI__V1__EVENT__KIND_QA_REVIEWED
            let categories = review.categories.map { category -> UnsafeMutablePointer<Kpi__V1__QaCategory>? in
                arena.message(kpi__v1__qa_category__init) { cCategory in
                    cCategory.name = arena.string(category.name)
                    cCategory.score = category.score
                    cCategory.min_score = category.minScore
                    cCategory.max_score = category.maxScore
                    cCategory.weight = category.weight
                    cCategory.critical = category.isCritical ? 1 : 0
                    cCategory.not_applicable = category.isNotApplicable ? 1 : 0
                }
            }
            message.qa_reviewed = arena.message(kpi__v1__qa_reviewed__init) { reviewed in
                reviewed.n_categories = categories.count
                reviewed.categories = arena.array(categories)
            }
        }
    }

    /// The kind of a decoded C `Event`.
    fileprivate static func decode(_ message: Kpi__V1__Event) throws(EventDefect) -> TicketEventKind {
        switch message.kind_case {
        case KPI__V1__EVENT__KIND_TICKET_CREATED:
            let created = message.ticket_created.pointee
            return .created(
                channel: try optionalString(created.channel, field: "ticket_created.channel"),
                priority: try optionalString(created.priority, field: "ticket_created.priority")
            )
        case KPI__V1__EVENT__KIND_TICKET_ASSIGNED:
            return .assigned
        case KPI__V1__EVENT__KIND_FIRST_RESPONSE:
            return .firstResponse
        case KPI__V1__EVENT__KIND_TICKET_RESOLVED:
            let resolved = message.ticket_resolved.pointee
            guard let sla = SLAOutcome(rawValue: Int(resolved.sla.rawValue)) else {
                throw unknownValue("ticket_resolved.sla", resolved.sla.rawValue)
            }
            guard let firstContact = FirstContact(rawValue: Int(resolved.first_contact.rawValue)) else {
                throw unknownValue("ticket_resolved.first_contact", resolved.first_contact.rawValue)
            }
            return .resolved(sla: sla, firstContact: firstContact)
        case KPI__V1__EVENT__KIND_TICKET_REOPENED:
            return .reopened
        case KPI__V1__EVENT__KIND_TICKET_CLOSED:
            return .closed
        case KPI__V1__EVENT__KIND_AGENT_REPLIED:
            return .agentReplied
        case KPI__V1__EVENT__KIND_CUSTOMER_MESSAGE:
            return .customerMessage
        case KPI__V1__EVENT__KIND_SURVEY_ANSWERED:
            return .surveyAnswered(try surveyAnswer(message.survey_answered.pointee))
        case KPI__V1__EVENT__KIND_AGENT_WORKED:
            let worked = message.agent_worked.pointee
            guard worked.start_ms > 0, worked.end_ms >= worked.start_ms, worked.end_ms < EventLimits.endOfTimeMs else {
                throw EventDefect(
                    field: "agent_worked",
                    problem: .outOfRange,
                    detail: "start_ms must be a Unix time in milliseconds and end_ms not before it"
                )
            }
            return .agentWorked(startMs: worked.start_ms, endMs: worked.end_ms)
        case KPI__V1__EVENT__KIND_BOT_STARTED:
            return .botStarted
        case KPI__V1__EVENT__KIND_BOT_RESOLVED:
            return .botResolved
        case KPI__V1__EVENT__KIND_HANDED_TO_HUMAN:
            let handed = message.handed_to_human.pointee
            guard let reason = HandoffReason(rawValue: Int(handed.reason.rawValue)) else {
                throw unknownValue("handed_to_human.reason", handed.reason.rawValue)
            }
            guard handed.confidence >= 0 && handed.confidence <= 1 else {
                throw EventDefect(
                    field: "handed_to_human.confidence",
                    problem: .outOfRange,
                    detail: "must be between 0 and 1"
                )
            }
            return .handedToHuman(reason: reason, confidence: handed.confidence)
        case KPI__V1__EVENT__KIND_AUTOMATION_REVIEWED:
            let reviewed = message.automation_reviewed.pointee
            return .automationReviewed(
                subject: try optionalString(reviewed.subject, field: "automation_reviewed.subject"),
                correct: reviewed.correct != 0
            )
        case KPI__V1__EVENT__KIND_QA_REVIEWED:
            return .qaReviewed(try qaReview(message.qa_reviewed.pointee))
        default:
            throw EventDefect(
                field: "kind",
                problem: .missing,
                detail: "one of ticket_created, ticket_assigned, first_response, ticket_resolved, "
                    + "ticket_reopened, ticket_closed, agent_replied, customer_message, survey_answered, "
                    + "agent_worked, bot_started, bot_resolved, handed_to_human, automation_reviewed or qa_reviewed "
                    + "must be set"
            )
        }
    }
}

/// A survey answer, with its score checked against its kind's scale.
private func surveyAnswer(_ survey: Kpi__V1__SurveyAnswered) throws(EventDefect) -> SurveyAnswer {
    guard let kind = SurveyAnswer.Kind(rawValue: Int(survey.kind.rawValue)) else {
        throw unknownValue("survey_answered.kind", survey.kind.rawValue)
    }
    let score = Int64(survey.score)
    let scale = kind == .ces && survey.scale == 0 ? 7 : Int64(survey.scale)
    if let problem = SurveyAnswer.problem(kind: kind, score: score, scale: kind == .ces ? scale : 0) {
        throw EventDefect(field: "survey_answered", problem: .outOfRange, detail: problem)
    }
    return SurveyAnswer(kind: kind, score: score, scale: scale)
}

/// A QA review with every category checked (scores within their scale, positive weights).
private func qaReview(_ reviewed: Kpi__V1__QaReviewed) throws(EventDefect) -> QAReview {
    guard reviewed.n_categories <= 100 else {
        throw EventDefect(field: "qa_reviewed.categories", problem: .tooLong, detail: "at most 100 categories")
    }
    var categories: [QAReview.Category] = []
    for pointer in ProtobufC.elements(reviewed.categories, count: reviewed.n_categories) {
        // protobuf-c never leaves a repeated message slot NULL after a successful unpack.
        let category = pointer!.pointee
        categories.append(
            QAReview.Category(
                name: try optionalString(category.name, field: "qa_reviewed.categories.name"),
                score: category.score,
                minScore: category.min_score,
                maxScore: category.max_score,
                weight: category.weight,
                isCritical: category.critical != 0,
                isNotApplicable: category.not_applicable != 0
            )
        )
    }
    let review = QAReview(categories: categories)
    if let problem = review.problem {
        throw EventDefect(field: "qa_reviewed", problem: .outOfRange, detail: problem)
    }
    return review
}

private func unknownValue(_ field: String, _ value: UInt32) -> EventDefect {
    EventDefect(field: field, problem: .unknownValue, detail: "unknown value \(Int32(bitPattern: value))")
}
