import S10

/// A lane: the countries an item travels between, e.g. `CN-US`.
public struct Lane: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// ISO 3166-1 alpha-2 code of the origin (the S10 number's country suffix or the outward scans' country).
    public let origin: String
    /// ISO 3166-1 alpha-2 code of the destination.
    public let destination: String

    /// Makes a lane of two assigned, different country codes (upper case); nil otherwise.
    public init?(origin: String, destination: String) {
        guard origin != destination, Country(code: origin) != nil, Country(code: destination) != nil,
              origin.utf8.allSatisfy({ $0 &- 65 < 26 }), destination.utf8.allSatisfy({ $0 &- 65 < 26 })
        else { return nil }
        self.origin = origin
        self.destination = destination
    }

    /// Reads `CN-US` exactly: two assigned upper-case codes joined by one hyphen; nil for anything else.
    public init?(text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: "-") else { return nil }
        self.init(origin: String(decoding: bytes[0..<2], as: UTF8.self), destination: String(decoding: bytes[3..<5], as: UTF8.self))
    }

    /// `CN-US`.
    public var description: String { origin + "-" + destination }

    public static func < (a: Lane, b: Lane) -> Bool { (a.origin, a.destination) < (b.origin, b.destination) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let lane = Lane(text: try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a lane such as CN-US")
        }
        self = lane
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

/// The S10 service indicator's first letter (`E` EMS, `C` parcel, `R` registered, `L`, `V`, …): the service
/// part of a lane.
public struct ServiceLetter: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// One upper-case ASCII letter.
    public let letter: String

    /// Reads one letter A–Z (either case); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 1 else { return nil }
        let upper = bytes[0] &- 97 < 26 ? bytes[0] - 32 : bytes[0]
        guard upper &- 65 < 26 else { return nil }
        letter = String(decoding: [upper], as: UTF8.self)
    }

    /// The service of a number: the first letter of its service indicator.
    public init(of number: S10Number) { letter = String(number.serviceIndicator.prefix(1)) }

    /// The service's name as people know it (`EMS`, `Parcel post`), in `language`.
    public func name(in language: Language) -> String {
        (S10Service(indicator: letter + "A") ?? .domesticOrBilateral).name(in: language)
    }

    public var description: String { letter }
    public static func < (a: ServiceLetter, b: ServiceLetter) -> Bool { a.letter < b.letter }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let s = ServiceLetter(try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected one letter")
        }
        self = s
    }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(letter) }
}

/// Where an item is in its journey, as the estimator tells stages apart: finer than `Stage`, because an item
/// held by customs or waiting at its delivery office has a different future from one just arrived.
public enum TransitStage: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case posted, export, inTransit = "in_transit", importCustoms = "import_customs"
    case heldByCustoms = "held_by_customs", deliveryOffice = "delivery_office", outForDelivery = "out_for_delivery"

    /// Position in the journey.
    public var ordinal: Int { TransitStage.allCases.firstIndex(of: self)! }
    public static func < (a: TransitStage, b: TransitStage) -> Bool { a.ordinal < b.ordinal }

    /// The stage a scan puts an item in; nil for final delivery and unknown codes.
    public init?(code: EventCode) {
        switch code.rawValue {
        case "EMA": self = .posted
        case "EMB", "EXA", "EXB", "EXC", "EXD", "EXX": self = .export
        case "EMC", "EMJ", "EMK": self = .inTransit
        case "EMD", "EDA", "EDB", "EDC", "EDX": self = .importCustoms
        case "EME": self = .heldByCustoms
        case "EMF", "EDD", "EDE", "EMG": self = .deliveryOffice
        case "EDF", "EDG", "EDH", "EMH": self = .outForDelivery
        default: return nil
        }
    }
}

/// How specific the history behind an estimate is: the item's own lane and service, its origin and service
/// (any destination), or only its service.
public enum LaneLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case lane, originService = "origin_service", service
}
