import KPICore
import KPILogging
import KPIMessages
import KPIProtocol
import KPIStore

/// Runs each RPC: decodes the request, calls the store, and answers the call.
///
/// Confined to its worker's loop thread. Every error a caller can cause becomes a status with a message it
/// can act on; Redis details never reach the caller.
final class RequestHandler {
    /// Events accepted in one RecordEvents call.
    static let maxEventsPerCall = RequestLimits.maxEventsPerCall

    unowned let worker: Worker
    var store: KPIStore { worker.store }

    init(worker: Worker) {
        self.worker = worker
    }

    func handle(_ call: Call, payload: [UInt8]) {
        switch call.method {
        case .recordEvents: recordEvents(call, payload)
        case .getKPIs: getKPIs(call, payload)
        case .getKPISeries: getKPISeries(call, payload)
        case .listDepartments: listDepartments(call, payload)
        case .health: health(call, payload)
        case .setTarget, .listTargets: handleTargets(call, payload)
        default:
            let known = RPCMethod.all.map(\.rawValue).joined(separator: ", ")
            call.fail(.unimplemented, "unknown method \"\(call.method.rawValue)\"; kpid serves \(known)")
        }
    }

    func decode<M: WireMessage>(_ type: M.Type, _ payload: [UInt8], for call: Call) -> M? {
        do {
            return try M.decode(payload)
        } catch {
            // Invalid fields are INVALID_ARGUMENT, undecodable bytes INTERNAL, a decoding-memory bomb
            // RESOURCE_EXHAUSTED (one mapping, in KPIMessages, shared with proto/README.md).
            call.fail(error.statusCode, "bad \(M.messageType): \(error.message)")
            return nil
        }
    }

    func fail(_ call: Call, _ error: StoreError) {
        switch error.code {
        case .unavailable:
            call.fail(.unavailable, "the KPI store (Redis) is unavailable; nothing was changed by this call, retry it")
        case .notFound:
            call.fail(.notFound, error.message + " (names are case-sensitive; ListDepartments lists departments)")
        case .internal:
            worker.context.log.error("store error", ["rpc.method": call.method.rawValue, "store.error": error.message])
            call.fail(.internal, "kpid could not complete the call (internal store error)")
        }
    }

    // MARK: RecordEvents

    private func recordEvents(_ call: Call, _ payload: [UInt8]) {
        guard let request = decode(RecordEventsRequest.self, payload, for: call) else { return }
        guard request.entries.count <= Self.maxEventsPerCall else {
            return call.fail(
                .invalidArgument,
                "\(request.entries.count) events in one call; send at most \(Self.maxEventsPerCall) per call"
            )
        }
        let valid = request.validEvents
        store.record(valid) { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error):
                fail(call, error)
            case .success(let outcomes):
                let response = RecordEventsResponse(results: merge(request.entries, outcomes))
                worker.context.metrics.recordEvents(
                    accepted: Int(response.accepted),
                    duplicates: Int(response.duplicates),
                    rejected: Int(response.rejected)
                )
                call.succeed(response.encode())
            }
        }
    }

    /// Lines the store's outcomes (for valid events, in order) up with every entry of the request.
    private func merge(_ entries: [DecodedEvent], _ outcomes: [RecordOutcome]) -> [EventResult] {
        var next = outcomes.makeIterator()
        return entries.map { entry in
            switch entry {
            case .invalid(let invalid):
                return EventResult(eventID: invalid.eventID, outcome: .rejected, reason: invalid.reason)
            case .valid(let event):
                switch next.next() ?? .rejected("event was not processed") {
                case .accepted: return EventResult(eventID: event.eventID, outcome: .accepted)
                case .duplicate: return EventResult(eventID: event.eventID, outcome: .duplicate)
                case .rejected(let reason):
                    return EventResult(eventID: event.eventID, outcome: .rejected, reason: reason)
                }
            }
        }
    }

    // MARK: GetKpis

    private func getKPIs(_ call: Call, _ payload: [UInt8]) {
        guard let request = decode(GetKpisRequest.self, payload, for: call) else { return }
        let minutes: Range<Int64>
        do {
            minutes = try Self.window(of: request.range, nowMs: store.nowMs).minutes
        } catch {
            return call.fail(.invalidArgument, error.message)
        }
        if request.includeAgents, case .department = request.scope {
        } else if request.includeAgents {
            return call.fail(.invalidArgument, "include_agents needs a department scope")
        }
        let targets = readTargets(for: request.scope)
        store.readKPIs(
            scope: request.scope,
            fromMinute: minutes.lowerBound,
            toMinute: minutes.upperBound,
            includeAgents: request.includeAgents,
            includePercentiles: request.includePercentiles
        ) { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error):
                fail(call, error)
            case .success(let read) where read.isAdjusted && read.fromMinute == read.toMinute:
                call.fail(
                    .outOfRange,
                    "the range lies within one hour or day whose minute or hour buckets are past their retention: "
                        + "ask for whole hours or days, or raise kpid's --minute-retention-hours / --hour-retention-days"
                )
            case .success(let read):
                let response = GetKpisResponse(
                    scope: request.scope,
                    fromMs: read.fromMinute * 60_000,
                    toMs: read.toMinute * 60_000,
                    kpis: read.kpis,
                    agents: read.agents,
                    rangeAdjusted: read.isAdjusted,
                    statuses: targets.evaluate(read.kpis)
                )
                call.succeed(response.encode())
            }
        }
    }

    private static func window(of range: KPITimeRange, nowMs: Int64) throws(KPIWindowError) -> KPIWindow {
        switch range {
        case .rolling(let durationMs, let endMs):
            try KPIWindow.rolling(
                durationMilliseconds: durationMs,
                endMilliseconds: endMs == 0 ? nil : endMs,
                nowMilliseconds: nowMs
            )
        case .absolute(let fromMs, let toMs):
            try KPIWindow.absolute(fromMilliseconds: fromMs, toMilliseconds: toMs)
        }
    }

    // MARK: GetKpiSeries

    private func getKPISeries(_ call: Call, _ payload: [UInt8]) {
        guard let request = decode(GetKpiSeriesRequest.self, payload, for: call) else { return }
        let points: [Range<Int64>]
        do {
            points = try SeriesPlan.points(
                fromMs: request.fromMs,
                toMs: request.toMs,
                step: request.step,
                timeZone: request.timeZone.isEmpty ? "UTC" : request.timeZone
            )
        } catch {
            return call.fail(.invalidArgument, error.message)
        }
        store.readSeries(scope: request.scope, ranges: points) { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error):
                fail(call, error)
            case .success(let reads):
                let response = GetKpiSeriesResponse(
                    scope: request.scope,
                    step: request.step,
                    timeZone: request.timeZone.isEmpty ? "UTC" : request.timeZone,
                    points: reads.map { read in
                        SeriesPoint(
                            fromMs: read.fromMinute * 60_000,
                            toMs: read.toMinute * 60_000,
                            kpis: read.kpis,
                            rangeAdjusted: read.isAdjusted
                        )
                    }
                )
                call.succeed(response.encode())
            }
        }
    }

    // MARK: ListDepartments and Health

    private func listDepartments(_ call: Call, _ payload: [UInt8]) {
        guard decode(ListDepartmentsRequest.self, payload, for: call) != nil else { return }
        store.departments { [self] result in
            guard !call.isFinished else { return }
            switch result {
            case .failure(let error): fail(call, error)
            case .success(let departments): call.succeed(ListDepartmentsResponse(departments: departments).encode())
            }
        }
    }

    private func health(_ call: Call, _ payload: [UInt8]) {
        guard decode(HealthRequest.self, payload, for: call) != nil else { return }
        let response = HealthResponse(
            serving: store.isReady,
            redisConnected: store.connection.isConnected,
            version: KPIServer.version,
            serverID: worker.context.configuration.serverID
        )
        call.succeed(response.encode())
    }
}
