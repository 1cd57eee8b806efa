import CProtobufC
import KPIProtoC

/// What happened to one event of a `RecordEvents` call (protobuf `kpi.v1.EventOutcome`).
public struct EventOutcome: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Not set; a server never sends it.
    public static let unspecified = EventOutcome(rawValue: 0)
    /// Counted for the first time.
    public static let accepted = EventOutcome(rawValue: 1)
    /// Already counted under this event id; ignored.
    public static let duplicate = EventOutcome(rawValue: 2)
    /// Not counted; the result's reason says why.
    public static let rejected = EventOutcome(rawValue: 3)

    public var description: String {
        switch rawValue {
        case 1: "accepted"
        case 2: "duplicate"
        case 3: "rejected"
        default: "unspecified(\(rawValue))"
        }
    }
}

/// The result for one event, in request order.
public struct EventResult: Sendable, Hashable {
    public var eventID: String
    public var outcome: EventOutcome
    /// Why the event was rejected, in words a caller can act on; empty otherwise.
    public var reason: String

    public init(eventID: String, outcome: EventOutcome, reason: String = "") {
        self.eventID = eventID
        self.outcome = outcome
        self.reason = reason
    }

    /// The rejection of an event that failed its checks, carrying its reason.
    public init(rejecting invalid: InvalidEvent) {
        self.init(eventID: invalid.eventID, outcome: .rejected, reason: invalid.reason)
    }
}

/// The response of `RecordEvents`: one result per request event, and the counts of each outcome.
public struct RecordEventsResponse: WireMessage, Hashable {
    public static let messageType = "kpi.v1.RecordEventsResponse"

    public var results: [EventResult]
    public var accepted: UInt32
    public var duplicates: UInt32
    public var rejected: UInt32

    public init(results: [EventResult], accepted: UInt32, duplicates: UInt32, rejected: UInt32) {
        self.results = results
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
    }

    /// A response whose counts are tallied from `results`.
    public init(results: [EventResult]) {
        func count(_ outcome: EventOutcome) -> UInt32 { UInt32(results.count { $0.outcome == outcome }) }
        self.init(
            results: results,
            accepted: count(.accepted),
            duplicates: count(.duplicate),
            rejected: count(.rejected)
        )
    }

    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let cResults = results.map { result -> UnsafeMutablePointer<Kpi__V1__EventResult>? in
            arena.message(kpi__v1__event_result__init) { cResult in
                cResult.event_id = arena.string(result.eventID)
                cResult.outcome = Kpi__V1__EventOutcome(rawValue: result.outcome.rawValue)
                cResult.reason = arena.string(result.reason)
            }
        }
        let response = arena.message(kpi__v1__record_events_response__init) { response in
            response.n_results = cResults.count
            response.results = arena.array(cResults)
            response.accepted = accepted
            response.duplicates = duplicates
            response.rejected = rejected
        }
        return arena.pack(
            response,
            size: kpi__v1__record_events_response__get_packed_size,
            pack: kpi__v1__record_events_response__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> RecordEventsResponse {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__record_events_response__unpack,
            free: kpi__v1__record_events_response__free_unpacked
        ) { response throws(MessageError) in
            var results: [EventResult] = []
            results.reserveCapacity(response.n_results)
            for cResult in ProtobufC.elements(response.results, count: response.n_results) {
                // protobuf-c never leaves a repeated message slot NULL after a successful unpack.
                let result = cResult!.pointee
                results.append(
                    EventResult(
                        eventID: try ProtobufC.string(result.event_id, in: messageType, field: "results.event_id"),
                        outcome: EventOutcome(rawValue: result.outcome.rawValue),
                        reason: try ProtobufC.string(result.reason, in: messageType, field: "results.reason")
                    )
                )
            }
            return RecordEventsResponse(
                results: results,
                accepted: response.accepted,
                duplicates: response.duplicates,
                rejected: response.rejected
            )
        }
    }
}
