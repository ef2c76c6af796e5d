import S10

extension EventCode {
    /// What an event means for the item's journey; status derivation and the simulator share it.
    public enum Effect: Sendable, Hashable {
        /// Accepted by the post (EMA).
        case accepted
        /// Moving through the postal network.
        case moving
        /// At customs (export or import) in the given phase.
        case customs(CustomsState)
        /// Out for physical delivery.
        case outForDelivery
        /// Waiting to be collected (pick-up point, delivery depot).
        case awaitingCollection
        /// A delivery attempt failed.
        case deliveryFailed
        /// Delivered to the addressee.
        case delivered
        /// The journey was stopped (export cancelled, import terminated).
        case stopped
        /// A code PostTrace does not know: kept and shown, never moves the status.
        case unknown
    }

    /// The effect of this code on the status.
    public var effect: Effect {
        switch rawValue {
        case "EMA": return .accepted
        case "EMB", "EXD", "EMC", "EMJ", "EMK", "EMD", "EDA", "EMF", "EDD", "EDE", "EMG": return .moving
        case "EXA": return .customs(CustomsState(direction: .export, phase: .presented))
        case "EXB": return .customs(CustomsState(direction: .export, phase: .held))
        case "EXC": return .customs(CustomsState(direction: .export, phase: .released))
        case "EDB": return .customs(CustomsState(direction: .import, phase: .presented))
        case "EME": return .customs(CustomsState(direction: .import, phase: .held))
        case "EDC": return .customs(CustomsState(direction: .import, phase: .released))
        case "EDG": return .outForDelivery
        case "EDF", "EDH": return .awaitingCollection
        case "EMH": return .deliveryFailed
        case "EMI": return .delivered
        case "EXX", "EDX": return .stopped
        default: return .unknown
        }
    }

    /// The display stage this code belongs to; nil for unknown codes.
    public var stage: Stage? {
        switch rawValue {
        case "EMA": return .posted
        case "EMB", "EXA", "EXB", "EXC", "EXD", "EXX": return .export
        case "EMC", "EMJ", "EMK": return .inTransit
        case "EMD", "EDA", "EDB", "EME", "EDC", "EDX": return .importCustoms
        case "EMF", "EDD", "EDE", "EMG", "EDF", "EDG", "EDH", "EMH": return .outForDelivery
        case "EMI": return .delivered
        default: return nil
        }
    }

    /// True for codes scanned on the sending side of the border (posting, export, departure).
    public var isOutwardSide: Bool { stage == .posted || stage == .export || self == .departureFromOutwardOffice }

    /// True for codes scanned in the destination country (arrival, import customs, delivery).
    public var isInwardSide: Bool { stage == .importCustoms || stage == .outForDelivery || stage == .delivered }

    /// The catalogue key of the code's title, e.g. `event.EMD`.
    var titleKey: String { "event.\(rawValue)" }

    /// The code's name in plain words, e.g. "Arrived at the inward office of exchange";
    /// an unknown code reads "Unknown event (XYZ)".
    public func title(in language: Language) -> String {
        if let title = EventCode.titles[language == .en ? 0 : 1][self] { return title }
        return Catalogue.text(Phrase.unknownEvent, language, ["code": rawValue])
    }

    /// Titles of the known codes per language, looked up once: timelines name every event.
    static let titles: [[EventCode: String]] = [Language.en, .zhHans].map { lang in
        Dictionary(uniqueKeysWithValues: allKnown.map { ($0, Catalogue.text($0.titleKey, lang)) })
    }
}
