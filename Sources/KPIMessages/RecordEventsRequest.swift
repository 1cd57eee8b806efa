import CProtobufC
import KPICore
import KPIProtoC

/// The request of `RecordEvents`: a batch of events.
///
/// Decoding keeps going past bad events: each entry is either a usable ``TicketEvent`` or an
/// ``InvalidEvent`` saying what to fix, so one bad event does not cost the whole batch. Only bytes
/// that do not parse throw.
public struct RecordEventsRequest: WireMessage, Hashable {
    public static let messageType = "kpi.v1.RecordEventsRequest"

    /// The events in request order.
    public var entries: [DecodedEvent]

    public init(entries: [DecodedEvent]) {
        self.entries = entries
    }

    /// A request carrying `events`, for a client to encode.
    public init(events: [TicketEvent]) {
        self.entries = events.map { .valid($0) }
    }

    /// The usable events, in request order.
    public var validEvents: [TicketEvent] {
        entries.compactMap { entry in
            guard case .valid(let event) = entry else { return nil }
            return event
        }
    }

    /// The rejected events, in request order.
    public var invalidEvents: [InvalidEvent] {
        entries.compactMap { entry in
            guard case .invalid(let invalid) = entry else { return nil }
            return invalid
        }
    }

    /// Encodes the entries. An invalid entry, which only decoding produces, is written with just
    /// its event id.
    public func encode() -> [UInt8] {
        let arena = EncodeArena()
        let events = entries.map { entry -> UnsafeMutablePointer<Kpi__V1__Event>? in
            switch entry {
            case .valid(let event):
                event.makeMessage(in: arena)
            case .invalid(let invalid):
                arena.message(kpi__v1__event__init) { $0.event_id = arena.string(invalid.eventID) }
            }
        }
        let request = arena.message(kpi__v1__record_events_request__init) { request in
            request.n_events = events.count
            request.events = arena.array(events)
        }
        return arena.pack(
            request,
            size: kpi__v1__record_events_request__get_packed_size,
            pack: kpi__v1__record_events_request__pack
        )
    }

    public static func decode(_ bytes: [UInt8]) throws(MessageError) -> RecordEventsRequest {
        try ProtobufC.decode(
            bytes,
            as: messageType,
            unpack: kpi__v1__record_events_request__unpack,
            free: kpi__v1__record_events_request__free_unpacked
        ) { request throws(MessageError) in
            let events = ProtobufC.elements(request.events, count: request.n_events)
            // Scanned only once protobuf-c accepted the bytes, so a hostile payload costs no extra work.
            let nulFields = WireScan.eventFieldsWithNUL(inRecordEventsRequest: bytes)
            // The scan and protobuf-c read the same bytes, so they agree on the event count
            // whenever both parse.
            let scanned = nulFields?.count == events.count ? nulFields : nil
            let entries = events.enumerated().map { index, event in
                // protobuf-c never leaves a repeated message slot NULL after a successful unpack.
                TicketEvent.decode(event!.pointee, fieldsWithNUL: scanned?[index] ?? [])
            }
            return RecordEventsRequest(entries: entries)
        }
    }
}
