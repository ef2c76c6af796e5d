import S10

/// A postal office in an event, identified by its IMPC-style code such as `CNPEKA` or `USJFKA`.
public struct Office: Sendable, Hashable, Codable {
    /// The IMPC-style office code; its first two letters are the office's country.
    public var code: String
    /// The office's name as the reporting feed spelled it.
    public var name: String?
    /// The city of the office.
    public var city: String?

    /// Makes an office; `name` and `city` are optional because feeds often omit them.
    public init(code: String, name: String? = nil, city: String? = nil) {
        self.code = code
        self.name = name
        self.city = city
    }

    /// The ISO 3166-1 alpha-2 country from the first two letters of the code, when assigned.
    public var countryCode: String? {
        // Fast path, read per event: two ASCII bytes not followed by a non-ASCII one are the first two
        // Characters (no ASCII character combines with a letter), so upper-casing them is ASCII's.
        var bytes = code.utf8.makeIterator()
        if let c0 = bytes.next(), let c1 = bytes.next(), c0 < 0x80, c1 < 0x80, (bytes.next() ?? 0) < 0x80 {
            func upper(_ c: UInt8) -> UInt8 { c &- 97 < 26 ? c - 32 : c }
            return Country(letters: upper(c0), upper(c1))?.code
        }
        guard code.utf8.count >= 2 else { return nil }
        let prefix = String(code.prefix(2)).uppercased()
        return Country(code: prefix) != nil ? prefix : nil
    }
}

/// A reason attached to an event: why a delivery failed or why customs holds an item.
/// Unknown codes are kept as reported.
public struct ReasonCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// One scan of one item, as reported by a postal operator's feed.
public struct TrackingEvent: Sendable, Hashable, Codable {
    /// The item.
    public var number: S10Number
    /// The UPU EMSEVT event code.
    public var code: EventCode
    /// When it happened, in the office's local time with its UTC offset.
    public var time: LocalTime
    /// Where it happened.
    public var office: Office
    /// Why (failed delivery, customs hold), when the feed says.
    public var reason: ReasonCode?
    /// The next office the item is sent to, when known.
    public var nextOffice: String?
    /// The transport (flight or vehicle), when known.
    public var transport: String?
    /// The feed that reported the event, e.g. `cnpost-edi`.
    public var source: String?
    /// When PostTrace received the event, in seconds since 1970 (UTC); nil until stored.
    public var receivedAt: Int64?

    /// Makes an event; only number, code, time and office are required.
    public init(number: S10Number, code: EventCode, time: LocalTime, office: Office, reason: ReasonCode? = nil,
                nextOffice: String? = nil, transport: String? = nil, source: String? = nil, receivedAt: Int64? = nil) {
        self.number = number
        self.code = code
        self.time = time
        self.office = office
        self.reason = reason
        self.nextOffice = nextOffice
        self.transport = transport
        self.source = source
        self.receivedAt = receivedAt
    }

    enum CodingKeys: String, CodingKey {
        case number, code, time, office, officeName = "office_name", city, reason
        case nextOffice = "next_office", transport, source, receivedAt = "received_at"
    }

    // The exchange format is flat (the same field names in NDJSON, CSV and the API).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        number = try c.decode(S10Number.self, forKey: .number)
        code = try c.decode(EventCode.self, forKey: .code)
        time = try c.decode(LocalTime.self, forKey: .time)
        office = Office(code: try c.decode(String.self, forKey: .office),
                        name: try c.decodeIfPresent(String.self, forKey: .officeName),
                        city: try c.decodeIfPresent(String.self, forKey: .city))
        reason = try c.decodeIfPresent(ReasonCode.self, forKey: .reason)
        nextOffice = try c.decodeIfPresent(String.self, forKey: .nextOffice)
        transport = try c.decodeIfPresent(String.self, forKey: .transport)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        receivedAt = try c.decodeIfPresent(Int64.self, forKey: .receivedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(code, forKey: .code)
        try c.encode(time, forKey: .time)
        try c.encode(office.code, forKey: .office)
        try c.encodeIfPresent(office.name, forKey: .officeName)
        try c.encodeIfPresent(office.city, forKey: .city)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(nextOffice, forKey: .nextOffice)
        try c.encodeIfPresent(transport, forKey: .transport)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encodeIfPresent(receivedAt, forKey: .receivedAt)
    }

    /// Whether two reports describe the same scan: same number, code, office and instant to the minute.
    public func isSameScan(as other: TrackingEvent) -> Bool {
        number == other.number && code == other.code && office.code == other.office.code && time.sameMinute(as: other.time)
    }
}

extension TrackingEvent {
    /// This event with any field it lacks filled from a duplicate report of the same scan.
    public func mergingRicherFields(of other: TrackingEvent) -> TrackingEvent {
        var merged = self
        merged.mergeRicherFields(of: other)
        return merged
    }

    /// `mergingRicherFields(of:)` in place.
    mutating func mergeRicherFields(of other: TrackingEvent) {
        func longer(_ a: String?, _ b: String?) -> String? {
            guard let a, !a.isEmpty else { return b }
            guard let b else { return a }
            return characterCount(b) > characterCount(a) ? b : a
        }
        office.name = longer(office.name, other.office.name)
        office.city = longer(office.city, other.office.city)
        reason = reason ?? other.reason
        nextOffice = nextOffice ?? other.nextOffice
        transport = transport ?? other.transport
        source = source ?? other.source
    }
}

/// `s.count` without walking grapheme clusters when `s` is ASCII (profiled: counting Characters was most
/// of a merge). In ASCII every byte is a Character of its own except CR LF, which is one.
func characterCount(_ s: String) -> Int {
    var pairs = 0, previous: UInt8 = 0
    for b in s.utf8 {
        guard b < 0x80 else { return s.count }
        if b == 0x0A, previous == 0x0D { pairs += 1 }
        previous = b
    }
    return s.utf8.count - pairs
}
