import S10

/// A calendar date in some place's local time, e.g. 2026-12-04; never an instant.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let days: Int64

    /// The date of `days` since 1970-01-01.
    public init(days: Int64) { self.days = days }

    /// The local date of an instant (seconds since 1970, UTC) where the clock is `utcOffset` seconds ahead of UTC.
    public init(instant: Int64, utcOffset: Int32) {
        let local = instant + Int64(utcOffset)
        days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// Year, month (1–12) and day (1–31).
    public var fields: (year: Int, month: Int, day: Int) { LocalTime.civil(fromDays: days) }

    /// `2026-12-04`.
    public var description: String {
        let f = fields
        func pad(_ v: Int, _ n: Int) -> String { String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))"
    }

    /// The first instant of this date where the clock is `utcOffset` seconds ahead of UTC.
    public func start(utcOffset: Int32) -> Int64 { days * 86_400 - Int64(utcOffset) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.days < b.days }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = LocalTime(rfc3339: text + "T00:00:00Z") else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a date such as 2026-12-04")
        }
        days = t.epochSeconds / 86_400
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

/// When an item not yet delivered is expected: an interval of dates in the destination's local time that
/// holds the delivery with probability `confidence` (as the history gives it), and the date to expect it
/// (the forecast's median).
public struct DeliveryEstimate: Sendable, Hashable, Codable {
    /// What the estimate was learned from.
    public struct Basis: Sendable, Hashable, Codable {
        /// The item's lane.
        public var lane: Lane
        /// The item's service.
        public var service: ServiceLetter
        /// The stage the item is in now.
        public var stage: TransitStage
        /// How many comparable items (delivered or still on their way) the estimate rests on.
        public var items: Int
        /// Which group of history was used: the lane, origin and service, or only the service.
        public var level: LaneLevel
    }
    public var earliest: LocalDate
    public var latest: LocalDate
    /// The first date by which delivery is at least as likely as not: the single date closest to the
    /// delivery on average. Always inside the interval.
    public var mostLikely: LocalDate
    /// The probability the history gives the interval, to the nearest 0.05 (0.5–0.9): usually the nominal
    /// 0.8, more where whole dates cannot hold less (one date that holds nine deliveries in ten says 0.9).
    public var confidence: Double
    public var basis: Basis
}

/// Why an item has no estimate: JSON `estimated_delivery_reason`.
public enum EstimateReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// Already delivered.
    case delivered
    /// On its way back to the sender.
    case returned
    /// The journey was stopped (export cancelled, import stopped).
    case stopped
    /// No scan yet.
    case noEvents = "no_events"
    /// The events do not say which country it goes to.
    case destinationUnknown = "destination_unknown"
    /// Too few comparable items in the history, even in the coarsest group.
    case tooLittleHistory = "too_little_history"
    /// No office of the destination country was ever seen, so its local dates are unknown.
    case timeZoneUnknown = "time_zone_unknown"
}

/// An estimate, or the reason there is none.
public enum EstimateOutcome: Sendable, Hashable {
    case estimate(DeliveryEstimate)
    case none(EstimateReason)

    /// The estimate, when there is one.
    public var estimate: DeliveryEstimate? { if case .estimate(let e) = self { e } else { nil } }
    /// The reason there is none, when there is none.
    public var reason: EstimateReason? { if case .none(let r) = self { r } else { nil } }
}

extension DeliveryEstimate {
    enum CodingKeys: String, CodingKey { case earliest, latest, mostLikely = "most_likely", confidence, basis }
}

extension DeliveryEstimate.Basis {
    enum CodingKeys: String, CodingKey { case lane, service, stage, items, level }

    /// `service` is written as people know it (`EMS`), read back as the first letter with that name.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .service)
        let letters = (65...90).compactMap { ServiceLetter(String(UnicodeScalar(UInt8($0)))) }
        guard let service = letters.first(where: { $0.name(in: .en) == name }) ?? ServiceLetter(name) else {
            throw DecodingError.dataCorruptedError(forKey: .service, in: c, debugDescription: "unknown service")
        }
        self.init(lane: try c.decode(Lane.self, forKey: .lane), service: service, stage: try c.decode(TransitStage.self, forKey: .stage),
                  items: try c.decode(Int.self, forKey: .items), level: try c.decode(LaneLevel.self, forKey: .level))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lane, forKey: .lane)
        try c.encode(service.name(in: .en), forKey: .service)
        try c.encode(stage, forKey: .stage)
        try c.encode(items, forKey: .items)
        try c.encode(level, forKey: .level)
    }
}
