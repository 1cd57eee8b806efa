import CProtobufC
import KPICore
import KPIProtoC

extension KPISet {
    /// Builds the C `KpiSet` for these figures in `arena`, means and rates included.
    func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__KpiSet> {
        arena.message(kpi__v1__kpi_set__init) { set in
            set.tickets_created = ticketsCreated
            set.tickets_resolved = ticketsResolved
            set.resolutions = resolutions
            set.tickets_reopened = ticketsReopened
            set.tickets_closed = ticketsClosed
            set.first_response = firstResponse.makeMessage(in: arena)
            set.first_resolution = firstResolution.makeMessage(in: arena)
            set.full_resolution = fullResolution.makeMessage(in: arena)
            set.first_contact_resolution = firstContactResolution.makeMessage(in: arena)
            set.sla_compliance = slaCompliance.makeMessage(in: arena)
            set.backlog = backlog
            set.reply_time = replyTime.makeMessage(in: arena)
            set.reopen_rate = reopenRate.makeMessage(in: arena)
            set.csat = csat.makeMessage(in: arena)
            set.nps = arena.message(kpi__v1__nps_stat__init) { stat in
                stat.responses = nps.responses
                stat.promoters = nps.promoters
                stat.detractors = nps.detractors
                stat.score = nps.score
            }
            set.ces = arena.message(kpi__v1__ces_stat__init) { stat in
                stat.responses = ces.responses
                stat.milli_points_sum = ces.milliPointsSum
                stat.mean = ces.mean
                stat.low_effort = ces.lowEffortRate.makeMessage(in: arena)
            }
            set.handle_time = handleTime.makeMessage(in: arena)
            set.bot = arena.message(kpi__v1__bot_stat__init) { stat in
                stat.conversations = bot.conversations
                stat.contained = bot.contained
                stat.escalated = bot.escalated
                stat.containment_rate = bot.containment.rate
                stat.escalation_rate = bot.escalation.rate
            }
            set.handoff_success = handoffSuccess.makeMessage(in: arena)
            set.automation_accuracy = automationAccuracy.makeMessage(in: arena)
            set.resolutions_per_work_hour = resolutionsPerWorkHour
            set.qa = arena.message(kpi__v1__qa_stat__init) { stat in
                stat.reviews = qa.reviews
                stat.score_sum = qa.scoreHundredthsSum
                stat.mean_score = qa.meanScore
            }
        }
    }

    /// The figures of a decoded C `KpiSet`; absent sets and stats are zero. Means and
    /// rates are recomputed.
    init(_ set: Kpi__V1__KpiSet?) {
        self.init()
        guard let set else { return }
        ticketsCreated = set.tickets_created
        ticketsResolved = set.tickets_resolved
        resolutions = set.resolutions
        ticketsReopened = set.tickets_reopened
        ticketsClosed = set.tickets_closed
        firstResponse = DurationStat(set.first_response?.pointee)
        firstResolution = DurationStat(set.first_resolution?.pointee)
        fullResolution = DurationStat(set.full_resolution?.pointee)
        firstContactResolution = Ratio(set.first_contact_resolution?.pointee)
        slaCompliance = Ratio(set.sla_compliance?.pointee)
        backlog = set.backlog
        replyTime = DurationStat(set.reply_time?.pointee)
        reopenRate = Ratio(set.reopen_rate?.pointee)
        csat = Ratio(set.csat?.pointee)
        if let stat = set.nps?.pointee {
            nps = NPSStat(responses: stat.responses, promoters: stat.promoters, detractors: stat.detractors)
        }
        if let stat = set.ces?.pointee {
            ces = CESStat(
                responses: stat.responses,
                milliPointsSum: stat.milli_points_sum,
                lowEffort: stat.low_effort?.pointee.numerator ?? 0
            )
        }
        handleTime = DurationStat(set.handle_time?.pointee)
        if let stat = set.bot?.pointee {
            bot = BotStat(conversations: stat.conversations, contained: stat.contained, escalated: stat.escalated)
        }
        handoffSuccess = Ratio(set.handoff_success?.pointee)
        automationAccuracy = Ratio(set.automation_accuracy?.pointee)
        if let stat = set.qa?.pointee {
            qa = QAStat(reviews: stat.reviews, scoreHundredthsSum: stat.score_sum)
        }
    }
}

extension DurationStat {
    fileprivate func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__DurationStat> {
        arena.message(kpi__v1__duration_stat__init) { stat in
            stat.count = count
            stat.sum_seconds = sumSeconds
            stat.mean_seconds = meanSeconds
            if let medianSeconds, let p90Seconds {
                stat.has_percentiles = 1
                stat.median_seconds = medianSeconds
                stat.p90_seconds = p90Seconds
            }
        }
    }

    fileprivate init(_ stat: Kpi__V1__DurationStat?) {
        let percentiles = stat?.has_percentiles ?? 0 != 0
        self.init(
            count: stat?.count ?? 0,
            sumSeconds: stat?.sum_seconds ?? 0,
            medianSeconds: percentiles ? stat?.median_seconds : nil,
            p90Seconds: percentiles ? stat?.p90_seconds : nil
        )
    }
}

extension Ratio {
    fileprivate func makeMessage(in arena: EncodeArena) -> UnsafeMutablePointer<Kpi__V1__Ratio> {
        arena.message(kpi__v1__ratio__init) { ratio in
            ratio.numerator = numerator
            ratio.denominator = denominator
            ratio.rate = rate
        }
    }

    fileprivate init(_ ratio: Kpi__V1__Ratio?) {
        self.init(numerator: ratio?.numerator ?? 0, denominator: ratio?.denominator ?? 0)
    }
}
