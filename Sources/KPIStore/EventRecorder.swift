import KPICore

/// Records one batch of ticket events, in two phases, so that nothing acknowledged is lost or counted twice.
///
/// Phase 1, per ticket (keys under `{t:<ticket>}`): read the state and the records of the batch's event ids,
/// apply new events with `TicketLedger`, and save state and records with a version check (a concurrent
/// writer makes us reload and retry). Phase 2, per hash tag (organisation, department, agent): apply each
/// event's counter changes once, guarded by a marker per event and tag. A retry after a failure between the
/// phases finds the event's record and finishes phase 2; the markers stop anything being counted twice.
final class EventRecorder {
    private let connection: RedisConnection
    private let scripts: ScriptRunner
    private let gate: TicketGate
    /// Tickets this recording holds in the gate; released when each is saved, or all at once on failure.
    private var heldTickets: Set<String> = []
    private let configuration: StoreConfiguration
    private let events: [TicketEvent]
    private let completion: (Result<[RecordOutcome], StoreError>) -> Void
    private let nowMs: Int64

    private var outcomes: [RecordOutcome?]
    /// Counter changes still to apply, by event index: new events and interrupted earlier ones.
    private var pendingDeltas: [Int: [CounterDelta]] = [:]
    /// Earlier events whose counter changes are being re-applied; accepted only if some were missing.
    private var resumed: Set<Int> = []
    private var eventsByTicket: [String: [Int]] = [:]
    private var commitAttempts: [String: Int] = [:]
    private var ticketsInPhaseOne = 0
    private var isFinished = false

    init(
        connection: RedisConnection,
        scripts: ScriptRunner,
        gate: TicketGate,
        configuration: StoreConfiguration,
        events: [TicketEvent],
        completion: @escaping (Result<[RecordOutcome], StoreError>) -> Void
    ) {
        self.connection = connection
        self.scripts = scripts
        self.gate = gate
        self.configuration = configuration
        self.events = events
        self.completion = completion
        self.nowMs = configuration.now()
        self.outcomes = Array(repeating: nil, count: events.count)
    }

    func start() {
        var order: [String] = []
        for (index, event) in events.enumerated() {
            if eventsByTicket[event.ticketID] == nil { order.append(event.ticketID) }
            eventsByTicket[event.ticketID, default: []].append(index)
        }
        ticketsInPhaseOne = order.count
        guard !order.isEmpty else { return finish(.success([])) }
        for ticketID in order {
            gate.acquire(ticketID) { [self] in
                heldTickets.insert(ticketID)
                guard !isFinished else { return releaseTicket(ticketID) }
                load(ticketID)
            }
        }
    }

    private func releaseTicket(_ ticketID: String) {
        guard heldTickets.remove(ticketID) != nil else { return }
        gate.release(ticketID)
    }

    // MARK: Phase 1: tickets

    private func load(_ ticketID: String) {
        let indices = eventsByTicket[ticketID] ?? []
        let fields = ["s", "v"] + indices.map { recordField(events[$0].eventID) }
        connection.send(["HMGET", KeySchema.ticketKey(ticketID)] + fields) { [self] reply in
            guard !isFinished else { return }
            guard case .array(let values) = reply, values.count == fields.count else {
                return finish(.failure(StoreError.from(reply)))
            }
            apply(ticketID, indices: indices, values: values)
        }
    }

    private func apply(_ ticketID: String, indices: [Int], values: [RedisReply]) {
        var state: TicketState?
        if let text = values[0].stringValue {
            guard let decoded = StoreCodec.decodeState(text) else {
                return finish(.failure(StoreError(.internal, "unreadable state of ticket \(ticketID)")))
            }
            state = decoded
        }
        let version = values[1].integerValue ?? 0
        var newRecords: [String] = []
        var seen: Set<String> = []
        for (position, index) in indices.enumerated() {
            let event = events[index]
            guard seen.insert(event.eventID).inserted else {
                outcomes[index] = .duplicate
                continue
            }
            if let stored = values[position + 2].stringValue {
                resumeIfRecent(index, stored)
                continue
            }
            switch TicketLedger.apply(event, to: state) {
            case .rejected(let reason):
                outcomes[index] = .rejected(reason)
            case .applied(let newState, let deltas):
                state = newState
                outcomes[index] = .accepted
                pendingDeltas[index] = deltas
                let record = StoreCodec.EventRecord(recordedMs: nowMs, deltas: deltas)
                newRecords += [recordField(event.eventID), StoreCodec.encode(record)]
            }
        }
        guard let state, !newRecords.isEmpty else { return ticketDone(ticketID) }
        commit(ticketID, indices: indices, state: state, version: version, records: newRecords)
    }

    private func resumeIfRecent(_ index: Int, _ stored: String) {
        outcomes[index] = .duplicate
        guard let record = StoreCodec.decodeRecord(stored),
            nowMs - record.recordedMs < configuration.applyWindowSeconds * 1000
        else { return }
        resumed.insert(index)
        pendingDeltas[index] = record.deltas
    }

    private func commit(_ ticketID: String, indices: [Int], state: TicketState, version: Int64, records: [String]) {
        let arguments = ["\(version)", StoreCodec.encode(state), "\(configuration.ticketTTLSeconds)"] + records
        scripts.run(Scripts.commitTicket, keys: [KeySchema.ticketKey(ticketID)], arguments: arguments) {
            [self] reply in
            guard !isFinished else { return }
            guard let saved = reply.integerValue, !reply.isFailure else {
                return finish(.failure(StoreError.from(reply)))
            }
            if saved == 1 { return ticketDone(ticketID) }
            retryAfterConflict(ticketID, indices: indices)
        }
    }

    // Another replica changed the ticket between our read and our write: forget what we computed and
    // start over from its new state, a bounded number of times.
    private func retryAfterConflict(_ ticketID: String, indices: [Int]) {
        for index in indices {
            outcomes[index] = nil
            pendingDeltas[index] = nil
            resumed.remove(index)
        }
        let attempts = commitAttempts[ticketID, default: 1] + 1
        commitAttempts[ticketID] = attempts
        guard attempts <= configuration.maxCommitAttempts else {
            for index in indices {
                outcomes[index] = .rejected("ticket \(ticketID) is being changed by other writers: retry the event")
            }
            return ticketDone(ticketID)
        }
        load(ticketID)
    }

    private func ticketDone(_ ticketID: String) {
        releaseTicket(ticketID)
        ticketsInPhaseOne -= 1
        if ticketsInPhaseOne == 0 { applyCounters() }
    }

    private func recordField(_ eventID: String) -> String { "e:" + eventID }

    // MARK: Phase 2: counters

    private func applyCounters() {
        var batches: [String: CounterBatch] = [:]
        var tagOrder: [String] = []
        func batch(_ tag: String) -> CounterBatch {
            if let existing = batches[tag] { return existing }
            let created = CounterBatch(tag: tag)
            batches[tag] = created
            tagOrder.append(tag)
            return created
        }
        let nowMinute = TicketLedger.epochMinute(ofMs: nowMs)
        for index in pendingDeltas.keys.sorted() {
            let event = events[index]
            for delta in pendingDeltas[index] ?? [] {
                let tagged = batch(KeySchema.tag(of: delta.scope))
                tagged.add(
                    delta,
                    event: index,
                    ticketID: event.ticketID,
                    eventID: event.eventID,
                    nowMinute: nowMinute,
                    retention: configuration.retention
                )
                switch delta.scope {
                case .department(let department):
                    batch("o").addMember(KeySchema.departmentsKey, department)
                case .agent(let agent):
                    batch("o").addMember(KeySchema.agentsKey, agent)
                case .channel(let channel):
                    batch("o").addMember(KeySchema.channelsKey, channel)
                case .departmentAgent(let department, let agent):
                    tagged.addMember(KeySchema.agentsKey(department: department), agent)
                default:
                    break
                }
            }
        }
        var remaining = tagOrder.count
        guard remaining > 0 else { return finishRecording() }
        for tag in tagOrder {
            guard let tagged = batches[tag] else { continue }
            applyMerged(tagged) { [self] in
                remaining -= 1
                if remaining == 0 { finishRecording() }
            }
        }
    }

    // Fast path: if none of the batch's events was applied under this tag before (the usual case), one
    // script applies their increments summed per field. Otherwise it writes nothing and the per-event path
    // below decides event by event.
    private func applyMerged(_ tagged: CounterBatch, then next: @escaping () -> Void) {
        let (keys, arguments) = tagged.mergedScriptInput(markerTTL: configuration.applyWindowSeconds)
        scripts.run(Scripts.applyCountersMerged, keys: keys, arguments: arguments) { [self] reply in
            guard !isFinished else { return }
            guard let applied = reply.integerValue, !reply.isFailure else {
                return finish(.failure(StoreError.from(reply)))
            }
            guard applied == 1 else { return applyPerEvent(tagged, then: next) }
            for index in tagged.eventOrder where resumed.remove(index) != nil { outcomes[index] = .accepted }
            next()
        }
    }

    private func applyPerEvent(_ tagged: CounterBatch, then next: @escaping () -> Void) {
        let (keys, arguments) = tagged.scriptInput(markerTTL: configuration.applyWindowSeconds)
        scripts.run(Scripts.applyCounters, keys: keys, arguments: arguments) { [self] reply in
            guard !isFinished else { return }
            guard case .array(let applied) = reply, applied.count == tagged.eventOrder.count else {
                return finish(.failure(StoreError.from(reply)))
            }
            for (position, index) in tagged.eventOrder.enumerated() where applied[position].integerValue == 1 {
                if resumed.remove(index) != nil { outcomes[index] = .accepted }
            }
            next()
        }
    }

    private func finishRecording() {
        finish(.success(outcomes.map { $0 ?? .rejected("event was not processed") }))
    }

    private func finish(_ result: Result<[RecordOutcome], StoreError>) {
        guard !isFinished else { return }
        isFinished = true
        for ticketID in heldTickets { releaseTicket(ticketID) }
        completion(result)
    }
}

/// The script input for one hash tag: every key once, each event's increments, TTLs and set members.
private final class CounterBatch {
    let tag: String
    private var keys: [String] = []
    private var keyIndex: [String: Int] = [:]
    private var ttls: [Int: Int64] = [:]
    private(set) var eventOrder: [Int] = []
    private var opsByEvent: [Int: [(key: Int, field: String, delta: Int64)]] = [:]
    private var markerByEvent: [Int: Int] = [:]
    private var members: [(key: Int, member: String)] = []
    private var memberSet: Set<String> = []

    init(tag: String) {
        self.tag = tag
    }

    func add(
        _ delta: CounterDelta,
        event: Int,
        ticketID: String,
        eventID: String,
        nowMinute: Int64,
        retention: RetentionPolicy
    ) {
        if markerByEvent[event] == nil {
            eventOrder.append(event)
            markerByEvent[event] = index(of: KeySchema.appliedMarker(tag: tag, ticketID: ticketID, eventID: eventID))
        }
        for write in BucketAddress.writableAddresses(forMinute: delta.minute, now: nowMinute, policy: retention) {
            let address = write.address
            let key: Int
            let field: String
            if let bin = delta.bin {
                key = index(of: KeySchema.histogramKey(delta.scope, address.tier, parent: address.parent))
                field = KeySchema.histogramField(index: address.index, delta.counter, bin: bin)
            } else {
                key = index(of: KeySchema.counterKey(delta.scope, address.tier, parent: address.parent))
                field = KeySchema.counterField(index: address.index, delta.counter)
            }
            if let ttl = write.ttlSeconds { ttls[key] = max(ttls[key] ?? 0, ttl) }
            opsByEvent[event, default: []].append((key, field, delta.delta))
        }
    }

    func addMember(_ setKey: String, _ member: String) {
        guard memberSet.insert(setKey + "\u{0}" + member).inserted else { return }
        members.append((index(of: setKey), member))
    }

    private func index(of key: String) -> Int {
        if let existing = keyIndex[key] { return existing }
        keys.append(key)
        keyIndex[key] = keys.count
        return keys.count
    }

    /// Input of `Scripts.applyCountersMerged`: the markers, then every event's increments summed per field.
    func mergedScriptInput(markerTTL: Int64) -> (keys: [String], arguments: [String]) {
        var arguments = ["\(markerTTL)", "\(eventOrder.count)"]
        arguments += eventOrder.map { "\(markerByEvent[$0] ?? 0)" }
        var totals: [FieldAddress: Int64] = [:]
        var order: [FieldAddress] = []
        for event in eventOrder {
            for op in opsByEvent[event] ?? [] {
                let address = FieldAddress(key: op.key, field: op.field)
                if totals[address] == nil { order.append(address) }
                totals[address, default: 0] += op.delta
            }
        }
        let nonZero = order.filter { totals[$0] != 0 }
        arguments.append("\(nonZero.count)")
        for address in nonZero { arguments += ["\(address.key)", address.field, "\(totals[address] ?? 0)"] }
        appendTTLsAndMembers(to: &arguments)
        return (keys, arguments)
    }

    private struct FieldAddress: Hashable {
        var key: Int
        var field: String
    }

    private func appendTTLsAndMembers(to arguments: inout [String]) {
        arguments.append("\(ttls.count)")
        for (key, ttl) in ttls.sorted(by: { $0.key < $1.key }) { arguments += ["\(key)", "\(ttl)"] }
        arguments.append("\(members.count)")
        for member in members { arguments += ["\(member.key)", member.member] }
    }

    func scriptInput(markerTTL: Int64) -> (keys: [String], arguments: [String]) {
        var arguments = ["\(markerTTL)", "\(eventOrder.count)"]
        for event in eventOrder {
            let ops = opsByEvent[event] ?? []
            arguments += ["\(markerByEvent[event] ?? 0)", "\(ops.count)"]
            for op in ops { arguments += ["\(op.key)", op.field, "\(op.delta)"] }
        }
        appendTTLsAndMembers(to: &arguments)
        return (keys, arguments)
    }
}
