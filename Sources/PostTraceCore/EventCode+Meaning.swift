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
    public var effect: Effect { isKnown ? EventCode.effects[Int(position)] : .unknown }

    /// The stage of this code; nil for unknown codes.
    public var stage: Stage? { isKnown ? EventCode.stages[Int(position)] : nil }

    /// `effect` and `stage` of each known code, by position: read per event, decided here once.
    private static let effects = allKnown.map(\.namedEffect)
    private static let stages = allKnown.map(\.namedStage)

    private var namedEffect: Effect {
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

    private var namedStage: Stage? {
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

    /// The catalogue phrase of a known code's title; nil for codes PostTrace does not know.
    var titlePhrase: Phrase? {
        switch rawValue {
        case "EMA": .eventEMA
        case "EMB": .eventEMB
        case "EXA": .eventEXA
        case "EXB": .eventEXB
        case "EXC": .eventEXC
        case "EXD": .eventEXD
        case "EXX": .eventEXX
        case "EMC": .eventEMC
        case "EMJ": .eventEMJ
        case "EMK": .eventEMK
        case "EMD": .eventEMD
        case "EDA": .eventEDA
        case "EDB": .eventEDB
        case "EME": .eventEME
        case "EDC": .eventEDC
        case "EMF": .eventEMF
        case "EDD": .eventEDD
        case "EDE": .eventEDE
        case "EMG": .eventEMG
        case "EDF": .eventEDF
        case "EDG": .eventEDG
        case "EDH": .eventEDH
        case "EMH": .eventEMH
        case "EMI": .eventEMI
        case "EDX": .eventEDX
        default: nil
        }
    }

    /// The code's UPU meaning in plain words, e.g. "Arrived at the inward office of exchange";
    /// an unknown code reads "Unknown event (XYZ)".
    public func title(in language: Language) -> String {
        if isKnown { return EventCode.titles[language.ordinal][Int(position)] }
        return Catalogue.text(.unknownEvent, language, ["code": rawValue])
    }

    /// Titles of the known codes per language and position, looked up once: timelines name every event.
    static let titles: [[String]] = Language.allCases.map { lang in allKnown.map { Catalogue.text($0.titlePhrase!, lang) } }
}
