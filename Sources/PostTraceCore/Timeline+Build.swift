import S10

extension Timeline {
    /// Builds the explained timeline of an item from its stored events (any order, duplicates allowed).
    /// `now` (seconds since 1970, UTC) decides whether the item is stale and how dates are written.
    /// Events of other numbers are ignored; unknown codes are kept and shown but never change the status.
    /// `lanes` is the prepared lane table the delivery estimate is read from (none: no history to learn from).
    public init(number: S10Number, events: [TrackingEvent], language: Language, now: Int64,
                staleRule: StaleRule = .standard, directory: PostalDirectory = .shipped, lanes: LaneTable = .empty) {
        // A store returns only the number's events: filter (copying every event) only when another is there.
        let own = events.contains { $0.number != number } ? events.filter { $0.number == number } : events
        let ordered = Timeline.deduplicated(own)
        var journey = Journey(number: number)
        ordered.withUnsafeBufferPointer { scans in for i in scans.indices { journey.apply(scans[i], at: i) } }
        let current = journey.reached.lastIndex { $0 != nil }
        self.init(
            number: number, status: journey.finalStatus, customs: journey.status == .inCustoms ? journey.customs : nil,
            reason: journey.relevantReason, stale: false,
            stages: Stage.allCases.map { StageProgress(stage: $0, reachedAt: journey.reached[$0.ordinal], isCurrent: $0.ordinal == current) },
            events: ordered, lastUpdate: ordered.last?.time, origin: journey.origin ?? number.countryCode,
            destination: journey.destination, explanation: Explanation(headline: "", advice: []), language: language)
        stale = staleRule.isStale(self, now: now)
        explanation = explain(journey: journey, now: now, staleRule: staleRule, directory: directory)
        estimate = lanes.estimate(LaneObservation(number: number, events: ordered), now: now)
    }

    /// Orders events by instant (then by journey order for equal instants) and merges reports of the
    /// same scan (same number, code, office, minute), keeping the richer fields.
    public static func deduplicated(_ events: [TrackingEvent]) -> [TrackingEvent] {
        // Instant and rank read once per event, then the indices sorted: the comparator reads two integer
        // arrays and touches the events themselves (copying their strings) only on ties.
        let instants = events.map { $0.time.epochSeconds }
        let ranks = events.map { $0.code.journeyRank }
        let order = events.indices.sorted { i, j in
            if instants[i] != instants[j] { return instants[i] < instants[j] }
            if ranks[i] != ranks[j] { return ranks[i] < ranks[j] }
            let a = events[i], b = events[j]
            if a.code.rawValue != b.code.rawValue { return a.code.rawValue < b.code.rawValue }
            if a.office.code != b.office.code { return a.office.code < b.office.code }
            if (a.receivedAt ?? .max) != (b.receivedAt ?? .max) { return (a.receivedAt ?? .max) < (b.receivedAt ?? .max) }
            return i < j
        }
        // Which events stay and which merge into which is decided on indices (merging changes no field that
        // `isSameScan` reads); the events are copied once at the end, and not at all when they came in order
        // without duplicates, as a store returns them.
        var kept: [Int] = [], merges: [(into: Int, from: Int)] = []
        kept.reserveCapacity(events.count)
        // Same-minute reports are neighbours after sorting by instant. A few per minute are compared one by
        // one; a crowded minute (a flooded item) is looked up by scan, so the whole walk stays linear.
        var minute = Int64.min, minuteStart = 0
        var crowded: [ScanKey: Int] = [:]
        events.withUnsafeBufferPointer { e in
            next: for j in order {
                if instants[j] / 60 != minute {
                    minute = instants[j] / 60; minuteStart = kept.count
                    if !crowded.isEmpty { crowded.removeAll(keepingCapacity: true) }
                }
                if kept.count - minuteStart <= Self.fewPerMinute {
                    for k in stride(from: kept.count - 1, through: minuteStart, by: -1) where e[kept[k]].isSameScan(as: e[j]) {
                        merges.append((k, j)); continue next
                    }
                } else {
                    if crowded.isEmpty { for k in minuteStart..<kept.count { crowded[ScanKey(e[kept[k]])] = k } }
                    if let k = crowded[ScanKey(e[j])] { merges.append((k, j)); continue next }
                    crowded[ScanKey(e[j])] = kept.count
                }
                kept.append(j)
            }
        }
        if merges.isEmpty, kept.elementsEqual(events.indices) { return events }
        var out = kept.map { events[$0] }
        for m in merges { out[m.into].mergeRicherFields(of: events[m.from]) }
        return out
    }
}

extension Timeline {
    /// Kept scans of one minute compared one by one before a dictionary pays off.
    static let fewPerMinute = 16

    /// What makes two reports of one minute the same scan (`TrackingEvent.isSameScan` less the minute).
    struct ScanKey: Hashable {
        let number: S10Number, code: String, office: String
        init(_ e: TrackingEvent) { number = e.number; code = e.code.rawValue; office = e.office.code }
    }
}

extension Stage {
    /// Position in the journey, 0 for `posted` (a switch: `allCases.firstIndex` built an array per call).
    var ordinal: Int {
        switch self {
        case .posted: 0
        case .export: 1
        case .inTransit: 2
        case .importCustoms: 3
        case .outForDelivery: 4
        case .delivered: 5
        }
    }

    /// How many stages there are (`allCases` builds an array per call).
    static let count = allCases.count
}

extension EventCode {
    /// Orders scans with the same instant: journey order, unknown codes last.
    var journeyRank: Int { isKnown ? EventCode.ranks[Int(position)] : Int.max }
    private static let ranks = allKnown.enumerated().map { i, code in (code.stage?.ordinal ?? 9) * 100 + i }
}

/// The walk over ordered events that derives status, customs state, stages, origin and destination.
struct Journey {
    let number: S10Number
    var status: ItemStatus?
    var customs: CustomsState?
    var reason: ReasonCode?
    /// Index in the ordered events of the scan that set the status (an index: a copy of the event cost
    /// a retain per string per scan).
    var statusIndex: Int?
    /// When each stage was first reached, by `Stage.ordinal`.
    var reached = [LocalTime?](repeating: nil, count: Stage.count)
    var origin: String?
    var destination: String?
    var inwardSeen = false
    var returning = false
    var returnedDelivered = false
    var sawEvents = false

    init(number: S10Number) { self.number = number }

    /// Takes the scan at `index` of the ordered events into account.
    mutating func apply(_ e: TrackingEvent, at index: Int) {
        sawEvents = true
        let effect = e.code.effect
        guard effect != .unknown else { return }
        let country = e.office.countryCode
        if origin == nil, e.code.isOutwardSide { origin = country }
        if destination == nil, e.code.isInwardSide, let country, country != (origin ?? number.countryCode) { destination = country }
        if !returning, inwardSeen, let destination, let country, isReturnLeg(e, country: country, destination: destination) {
            returning = true
        }
        if e.code.isInwardSide, country == nil || country == destination { inwardSeen = true }
        if returning {
            status = .returned; customs = nil; statusIndex = index
            if e.code == .finalDelivery { returnedDelivered = true }
            if let r = e.reason { reason = r }
            return
        }
        if let stage = e.code.stage, reached[stage.ordinal] == nil { reached[stage.ordinal] = e.time }
        // A pick-up notice or a stop keeps the reason given before; any other scan brings its own (or none).
        switch effect {
        case .awaitingCollection, .stopped: reason = e.reason ?? reason
        default: reason = e.reason
        }
        switch effect {
        case .accepted:
            if status == nil { status = .infoReceived; statusIndex = index }
            return
        case .moving: status = .inTransit
        case .customs(let state): status = .inCustoms; customs = state
        case .outForDelivery: status = .outForDelivery
        case .awaitingCollection: status = .availableForPickup
        case .deliveryFailed: status = .deliveryFailed
        case .delivered: status = .delivered
        case .stopped: status = .exception
        case .unknown: return
        }
        if case .customs = effect {} else { customs = nil }
        statusIndex = index
    }

    /// After the item reached its destination, a scan back in the origin country, or an outward scan
    /// (arrival at / departure from an outward office) in the destination country, starts the way back.
    private func isReturnLeg(_ e: TrackingEvent, country: String, destination: String) -> Bool {
        let origin = self.origin ?? number.countryCode
        if country == origin, origin != destination { return true }
        return country == destination && (e.code == .arrivalAtOutwardOffice || e.code == .departureFromOutwardOffice)
    }

    /// The status: no events → not found; only unknown codes → information received.
    var finalStatus: ItemStatus {
        if let status { return status }
        return sawEvents ? .infoReceived : .notFound
    }

    /// The reason only while it still explains the status.
    var relevantReason: ReasonCode? {
        switch finalStatus {
        case .deliveryFailed, .availableForPickup, .returned, .exception: return reason
        case .inCustoms where customs?.phase == .held: return reason
        default: return nil
        }
    }
}
