/// A UPU EMSEVT event code such as `EMD`. Unknown codes are kept, never dropped.
public struct EventCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three-letter code as reported, e.g. `EMD`.
    public let rawValue: String
    /// The index in `allKnown`, or `unknownPosition`. Found once, when the code is made: status, stage,
    /// rank and title are then array reads, where they compared strings per event (profiled: those
    /// comparisons were the largest single cost of building a timeline).
    let position: UInt8
    static let unknownPosition = UInt8.max

    /// Wraps any code; use `isKnown` to tell UPU codes PostTrace understands from others.
    public init(rawValue: String) { self.rawValue = rawValue; position = EventCode.position(of: rawValue) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }

    // Equality and hashing are the raw value's; the position, a function of it, only shortens the comparison.
    public static func == (a: EventCode, b: EventCode) -> Bool {
        a.position == b.position && (a.position != unknownPosition || a.rawValue == b.rawValue)
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// Whether this is one of the UPU codes listed below.
    public var isKnown: Bool { position != EventCode.unknownPosition }

    /// EMA: posting / collection.
    public static let posting = EventCode(rawValue: "EMA")
    /// EMB: arrival at outward office of exchange.
    public static let arrivalAtOutwardOffice = EventCode(rawValue: "EMB")
    /// EXA: item presented to export customs.
    public static let presentedToExportCustoms = EventCode(rawValue: "EXA")
    /// EXB: item held by export customs.
    public static let heldByExportCustoms = EventCode(rawValue: "EXB")
    /// EXC: item returned from export customs.
    public static let returnedFromExportCustoms = EventCode(rawValue: "EXC")
    /// EXD: item held at outward office of exchange.
    public static let heldAtOutwardOffice = EventCode(rawValue: "EXD")
    /// EXX: export cancelled.
    public static let exportCancelled = EventCode(rawValue: "EXX")
    /// EMC: departure from outward office of exchange.
    public static let departureFromOutwardOffice = EventCode(rawValue: "EMC")
    /// EMJ: arrival at transit office of exchange.
    public static let arrivalAtTransitOffice = EventCode(rawValue: "EMJ")
    /// EMK: departure from transit office of exchange.
    public static let departureFromTransitOffice = EventCode(rawValue: "EMK")
    /// EMD: arrival at inward office of exchange.
    public static let arrivalAtInwardOffice = EventCode(rawValue: "EMD")
    /// EDA: held at inward office of exchange.
    public static let heldAtInwardOffice = EventCode(rawValue: "EDA")
    /// EDB: item presented to import customs.
    public static let presentedToImportCustoms = EventCode(rawValue: "EDB")
    /// EME: handed over to / held by import customs.
    public static let heldByImportCustoms = EventCode(rawValue: "EME")
    /// EDC: item returned from import customs.
    public static let returnedFromImportCustoms = EventCode(rawValue: "EDC")
    /// EMF: departure from inward office of exchange.
    public static let departureFromInwardOffice = EventCode(rawValue: "EMF")
    /// EDD: item into sorting centre.
    public static let intoSortingCentre = EventCode(rawValue: "EDD")
    /// EDE: item out of sorting centre.
    public static let outOfSortingCentre = EventCode(rawValue: "EDE")
    /// EMG: arrival at delivery office.
    public static let arrivalAtDeliveryOffice = EventCode(rawValue: "EMG")
    /// EDF: item held at delivery depot / delivery office.
    public static let heldAtDeliveryDepot = EventCode(rawValue: "EDF")
    /// EDG: item out for physical delivery.
    public static let outForDelivery = EventCode(rawValue: "EDG")
    /// EDH: item arrived at collection (pick-up) point.
    public static let arrivalAtPickupPoint = EventCode(rawValue: "EDH")
    /// EMH: unsuccessful (attempted) delivery.
    public static let unsuccessfulDelivery = EventCode(rawValue: "EMH")
    /// EMI: final delivery.
    public static let finalDelivery = EventCode(rawValue: "EMI")
    /// EDX: import terminated.
    public static let importTerminated = EventCode(rawValue: "EDX")

    /// Every code PostTrace understands, in the order of a typical journey (the codes above, in this order).
    public static let allKnown: [EventCode] = knownRawValues.map { EventCode(rawValue: $0) }

    /// The raw values of `allKnown`: plain strings, because making any `EventCode` reads them.
    static let knownRawValues = [
        "EMA", "EMB", "EXA", "EXB", "EXC", "EXD", "EXX", "EMC", "EMJ", "EMK", "EMD", "EDA", "EDB",
        "EME", "EDC", "EMF", "EDD", "EDE", "EMG", "EDF", "EDG", "EDH", "EMH", "EMI", "EDX",
    ]
    /// The same three ASCII bytes packed in an integer each.
    private static let knownKeys: [UInt32] = knownRawValues.map { key(Array($0.utf8)) ?? 0 }

    private static func key<C: Collection<UInt8>>(_ bytes: C) -> UInt32? {
        guard bytes.count == 3 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func position(of rawValue: String) -> UInt8 {
        let utf8 = rawValue.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard let key = key(utf8), let i = knownKeys.firstIndex(of: key) else { return unknownPosition }
            return UInt8(i)
        }
        // Not ASCII, yet it may be canonically equivalent to a known code (String equality says so for
        // "EM\u{212A}", with a Kelvin sign): as equal to it as the raw values always were.
        return knownRawValues.firstIndex(of: rawValue).map { UInt8($0) } ?? unknownPosition
    }
}
