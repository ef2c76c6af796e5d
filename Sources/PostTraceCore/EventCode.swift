/// A UPU EMSEVT event code such as `EMD`. Unknown codes are kept, never dropped.
public struct EventCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three-letter code as reported, e.g. `EMD`.
    public let rawValue: String
    /// Wraps any code; use `isKnown` to tell UPU codes PostTrace understands from others.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }

    /// Whether this is one of the UPU codes listed below.
    public var isKnown: Bool { EventCode.known.contains(self) }

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

    /// Every code PostTrace understands, in the order of a typical journey.
    public static let allKnown: [EventCode] = [
        posting, arrivalAtOutwardOffice, presentedToExportCustoms, heldByExportCustoms, returnedFromExportCustoms,
        heldAtOutwardOffice, exportCancelled, departureFromOutwardOffice, arrivalAtTransitOffice, departureFromTransitOffice,
        arrivalAtInwardOffice, heldAtInwardOffice, presentedToImportCustoms, heldByImportCustoms, returnedFromImportCustoms,
        departureFromInwardOffice, intoSortingCentre, outOfSortingCentre, arrivalAtDeliveryOffice, heldAtDeliveryDepot,
        outForDelivery, arrivalAtPickupPoint, unsuccessfulDelivery, finalDelivery, importTerminated,
    ]
    static let known: Set<EventCode> = Set(allKnown)
}
