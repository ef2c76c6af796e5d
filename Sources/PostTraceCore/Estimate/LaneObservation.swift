import S10

/// One item's journey reduced to what lane statistics and estimates need: its lane, the stages it went
/// through with the instants it entered them, and how the journey ended (or that it has not yet).
public struct LaneObservation: Sendable, Hashable {
    /// A stage and the instant (seconds since 1970, UTC) the item entered it.
    public struct Segment: Sendable, Hashable {
        public var stage: TransitStage
        public var entry: Int64
        /// The UTC offset of the office whose scan entered the stage.
        public var offset: Int32
        /// Whether the item is at the office that delivers it (arrived there, or out for delivery): what
        /// remains is a daily round, not a journey. The delivery-office stage is split where the item reaches
        /// the office itself; before that it is on its way there from the office of exchange.
        public var onRound: Bool

        /// The instant the segment's time is counted from: the entry, or from the delivery office's stage on
        /// (on the way there from the office of exchange, at the office, out for delivery) the first instant of
        /// the local date it was entered on. What remains from there is inland legs and a morning round, so the
        /// delivery's date follows the entry's date, not its hour: items reaching a delivery office at 06:00 and
        /// at 22:00, both taken out on the next morning's round, took the same time.
        public var countedFrom: Int64 {
            stage >= .deliveryOffice ? LocalDate(instant: entry, utcOffset: offset).start(utcOffset: offset) : entry
        }

        /// The name of the curves the segment is counted in: its stage, and `delivery_office_round` once the
        /// item has reached the delivery office itself.
        public var curveStage: String { stage == .deliveryOffice && onRound ? "delivery_office_round" : stage.rawValue }
    }
    /// How the journey ended as far as the events tell.
    public enum End: Sendable, Hashable {
        /// Delivered to the addressee at this time (in the delivering office's offset).
        case delivered(LocalTime)
        /// Will not be delivered to the addressee: returned, export cancelled or import stopped, at this instant.
        case stopped(Int64)
        /// Still on its way.
        case open
    }

    public let number: S10Number
    /// The origin: the outward scans' country, else the number's suffix.
    public let origin: String
    /// The destination: the first scan in another country, else the `next_office` of the latest dispatch (from
    /// the outward office or a transit office), unless the item then arrived at a transit office in that country.
    public let destination: String?
    /// The first letter of the service indicator.
    public let service: ServiceLetter
    /// Stages in the order entered; a stage is entered again only after a customs hold is released, and the
    /// delivery office's has a second segment from the arrival at the delivery office itself (`onRound`).
    public let segments: [Segment]
    public let end: End
    /// The UTC offset of the newest scan in the destination country, when there is one.
    public let destinationOffset: Int32?
    /// Whether import customs held the item at some point.
    public let heldByCustoms: Bool
    /// Whether the item turned back to its sender (rather than being stopped by customs).
    public let returned: Bool

    /// The lane, when both ends are known.
    public var lane: Lane? { destination.flatMap { Lane(origin: origin, destination: $0) } }
    /// When the first stage was entered.
    public var firstScan: Int64? { segments.first?.entry }

    /// Reduces an item's events (any order, duplicates allowed) to an observation.
    public init(number: S10Number, events: [TrackingEvent]) {
        self.number = number
        service = ServiceLetter(of: number)
        let ordered = Timeline.deduplicated(events.filter { $0.number == number })
        var journey = Journey(number: number)
        var segments: [Segment] = [], end = End.open, dispatchedTo: String?, held = false
        for (i, e) in ordered.enumerated() {
            journey.apply(e, at: i)
            if journey.returning || journey.status == .exception {
                if case .open = end { end = .stopped(e.time.epochSeconds) }
                break
            }
            // The latest departure names the next country on the way; an arrival at a transit office shows that
            // the country a dispatch named is a hub the item passes through, not where it goes.
            if e.code == .departureFromOutwardOffice || e.code == .departureFromTransitOffice, let next = e.nextOffice {
                dispatchedTo = Office(code: next).countryCode
            } else if e.code == .arrivalAtTransitOffice, e.office.countryCode == dispatchedTo {
                dispatchedTo = nil
            }
            if e.code == .finalDelivery { end = .delivered(e.time); break }
            guard let stage = TransitStage(code: e.code) else { continue }
            if stage == .heldByCustoms { held = true }
            let onRound = stage == .outForDelivery || e.code == .arrivalAtDeliveryOffice
            if let current = segments.last {
                let released = current.stage == .heldByCustoms && stage == .importCustoms
                let reachedOffice = current.stage == .deliveryOffice && stage == .deliveryOffice && onRound && !current.onRound
                guard stage > current.stage || released || reachedOffice else { continue }
            }
            segments.append(Segment(stage: stage, entry: e.time.epochSeconds, offset: e.time.utcOffsetSeconds, onRound: onRound))
        }
        origin = journey.origin ?? number.countryCode
        let destination = journey.destination ?? dispatchedTo.flatMap { $0 == journey.origin ?? number.countryCode ? nil : $0 }
        self.destination = destination
        destinationOffset = ordered.last { $0.office.countryCode == destination && destination != nil }?.time.utcOffsetSeconds
        self.segments = segments
        self.end = end
        heldByCustoms = held
        returned = journey.returning
    }
}
