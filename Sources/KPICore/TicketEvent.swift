/// One fact about a ticket, as a support platform reports it.
///
/// `eventID` is chosen by the caller and makes ingestion idempotent: the same id sent again for the same
/// ticket is counted once. `department` and `agent` name who holds the ticket at `timeMs` (empty = nobody).
public struct TicketEvent: Sendable, Hashable {
    public var eventID: String
    public var ticketID: String
    /// When it happened, Unix time in milliseconds (UTC).
    public var timeMs: Int64
    public var department: String
    public var agent: String
    public var kind: TicketEventKind

    public init(
        eventID: String,
        ticketID: String,
        timeMs: Int64,
        department: String = "",
        agent: String = "",
        kind: TicketEventKind
    ) {
        self.eventID = eventID
        self.ticketID = ticketID
        self.timeMs = timeMs
        self.department = department
        self.agent = agent
        self.kind = kind
    }
}

/// What happened to the ticket.
public enum TicketEventKind: Sendable, Hashable {
    case created(channel: String, priority: String)
    /// The ticket moved to the event's department and/or agent.
    case assigned
    /// The first public reply by a human agent.
    case firstResponse
    case resolved(sla: SLAOutcome, firstContact: FirstContact)
    case reopened
    case closed
    /// A public reply by the event's (human) agent. The first one is also the ticket's first response.
    case agentReplied
    /// The customer wrote; the next agent reply measures reply time from the first such message.
    case customerMessage
    /// A survey answer about the ticket: CSAT (1–5), NPS (0–10) or CES (1…scale).
    case surveyAnswered(SurveyAnswer)
    /// The event's agent worked on the ticket over `[startMs, endMs)` (handle time).
    case agentWorked(startMs: Int64, endMs: Int64)
    /// A bot began a conversation on the ticket: the ticket enters the bot cohort.
    case botStarted
    /// The bot resolved the conversation with no human message.
    case botResolved
    /// The bot handed the conversation to a human.
    case handedToHuman(reason: HandoffReason, confidence: Double)
    /// A human reviewed something the automation did.
    case automationReviewed(subject: String, correct: Bool)
    /// A QA review of the event's agent's work on the ticket.
    case qaReviewed(QAReview)

    /// Whether the event is a step of the ticket's workflow, which always names who holds the ticket.
    public var isWorkflow: Bool {
        switch self {
        case .created, .assigned, .firstResponse, .resolved, .reopened, .closed, .agentReplied: true
        case .customerMessage, .surveyAnswered, .agentWorked, .botStarted, .botResolved, .handedToHuman,
            .automationReviewed, .qaReviewed:
            false
        }
    }

    /// Whether the event's agent is the subject of the event (who worked, who was reviewed) rather than who holds
    /// the ticket: such events never move the ticket.
    public var namesSubjectAgent: Bool {
        switch self {
        case .agentWorked, .qaReviewed: true
        default: false
        }
    }

    /// A short lowercase name, used in logs, errors and the importer's summary.
    public var name: String {
        switch self {
        case .created: "created"
        case .assigned: "assigned"
        case .firstResponse: "first_response"
        case .resolved: "resolved"
        case .reopened: "reopened"
        case .closed: "closed"
        case .agentReplied: "agent_replied"
        case .customerMessage: "customer_message"
        case .surveyAnswered: "survey_answered"
        case .agentWorked: "agent_worked"
        case .botStarted: "bot_started"
        case .botResolved: "bot_resolved"
        case .handedToHuman: "handed_to_human"
        case .automationReviewed: "automation_reviewed"
        case .qaReviewed: "qa_reviewed"
        }
    }
}

/// Whether a resolution met its SLA target, as the source platform judged it.
public enum SLAOutcome: Int, Sendable, Hashable {
    case unknown = 0
    case met = 1
    case breached = 2
}

/// Whether a resolution was a first-contact resolution. `.unknown` lets kpid decide: the ticket was
/// resolved without being reassigned since it was created.
public enum FirstContact: Int, Sendable, Hashable {
    case unknown = 0
    case yes = 1
    case no = 2
}

/// One survey answer. Scores are checked when the event is decoded; see `SurveyAnswer.validate`.
public struct SurveyAnswer: Sendable, Hashable {
    public enum Kind: Int, Sendable, Hashable, CaseIterable {
        /// Customer satisfaction, 1–5; 4 and 5 are satisfied.
        case csat = 1
        /// Net promoter score, 0–10; 9–10 promoters, 0–6 detractors.
        case nps = 2
        /// Customer effort, 1…scale (7 by default; 5 allowed); the upper part of the scale is low effort.
        case ces = 3
    }

    public var kind: Kind
    public var score: Int64
    /// The CES scale (5 or 7); ignored for CSAT and NPS.
    public var scale: Int64

    public init(kind: Kind, score: Int64, scale: Int64 = 7) {
        self.kind = kind
        self.score = score
        self.scale = kind == .ces ? scale : 0
    }

    /// Why the answer is not usable, or nil when it is.
    public static func problem(kind: Kind, score: Int64, scale: Int64) -> String? {
        switch kind {
        case .csat: (1...5).contains(score) ? nil : "CSAT score must be 1 to 5, got \(score)"
        case .nps: (0...10).contains(score) ? nil : "NPS score must be 0 to 10, got \(score)"
        case .ces:
            if scale != 5 && scale != 7 {
                "CES scale must be 5 or 7 (0 means 7), got \(scale)"
            } else if !(1...scale).contains(score) {
                "CES score must be 1 to \(scale), got \(score)"
            } else {
                nil
            }
        }
    }

    /// The CES answer on the 7-point scale, in thousandths (a 5-point 4 is 5.5 → 5500).
    public var cesMilliPoints: Int64 { 1000 + (score - 1) * 6000 / (scale - 1) }

    /// Whether a CES answer says the customer had little effort: above the scale's midpoint (5–7 of 7, 4–5 of 5).
    public var isLowEffort: Bool { score * 2 > scale + 1 }
}

/// Why a bot handed a conversation to a human.
public enum HandoffReason: Int, Sendable, Hashable, CaseIterable {
    case unspecified = 0
    case lowConfidence = 1
    case criticalIssue = 2
    case humanReview = 3
    case customerAsked = 4
    case slaAtRisk = 5
}

/// A QA review: categories scored on their own scales, weighted, some critical, some not applicable.
public struct QAReview: Sendable, Hashable {
    public struct Category: Sendable, Hashable {
        public var name: String
        public var score: Double
        public var minScore: Double
        public var maxScore: Double
        public var weight: Double
        public var isCritical: Bool
        public var isNotApplicable: Bool

        public init(
            name: String,
            score: Double,
            minScore: Double = 0,
            maxScore: Double = 1,
            weight: Double = 1,
            isCritical: Bool = false,
            isNotApplicable: Bool = false
        ) {
            self.name = name
            self.score = score
            self.minScore = minScore
            self.maxScore = maxScore
            self.weight = weight
            self.isCritical = isCritical
            self.isNotApplicable = isNotApplicable
        }

        /// The category's score on 0…1: (score − min) / (max − min).
        public var normalized: Double { (score - minScore) / (maxScore - minScore) }
    }

    public var categories: [Category]

    public init(categories: [Category]) {
        self.categories = categories
    }

    /// Why the review cannot be scored, or nil when it can.
    public var problem: String? {
        for category in categories where !category.isNotApplicable {
            guard category.maxScore > category.minScore else {
                return "QA category \(category.name): max_score must be above min_score"
            }
            // An infinite scale, or one too wide for a Double, would score ∞ / ∞ = NaN.
            guard (category.maxScore - category.minScore).isFinite else {
                return "QA category \(category.name): min_score and max_score must be finite and less far apart"
            }
            guard category.score >= category.minScore && category.score <= category.maxScore else {
                return "QA category \(category.name): score must lie between min_score and max_score"
            }
            guard category.weight > 0 && category.weight.isFinite else {
                return "QA category \(category.name): weight must be above 0"
            }
        }
        guard categories.contains(where: { !$0.isNotApplicable }) else {
            return "a QA review needs at least one applicable category"
        }
        // Finite weights can still add up to infinity, and the weighted mean to ∞ / ∞ = NaN.
        let weights = categories.reduce(0.0) { $0 + ($1.isNotApplicable ? 0 : $1.weight) }
        return weights.isFinite ? nil : "the weights of a QA review's categories must add up to a finite number"
    }

    /// The review score in hundredths of a percent (0…10,000): the weighted mean of the applicable categories'
    /// scores, or 0 when a critical category scored under 50 %.
    public var scoreHundredths: Int64 {
        let applicable = categories.filter { !$0.isNotApplicable }
        if applicable.contains(where: { $0.isCritical && $0.normalized < 0.5 }) { return 0 }
        let weights = applicable.reduce(0) { $0 + $1.weight }
        guard weights > 0 else { return 0 }
        let mean = applicable.reduce(0) { $0 + $1.weight * $1.normalized } / weights
        return Int64((mean * 10_000).rounded())
    }
}
