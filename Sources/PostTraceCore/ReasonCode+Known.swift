import S10

extension ReasonCode {
    /// The addressee was not there.
    public static let addresseeAbsent = ReasonCode(rawValue: "addressee_absent")
    /// The addressee refused the item.
    public static let refused = ReasonCode(rawValue: "refused")
    /// The address is wrong or incomplete.
    public static let wrongAddress = ReasonCode(rawValue: "wrong_address")
    /// The addressee has moved.
    public static let addresseeMoved = ReasonCode(rawValue: "addressee_moved")
    /// The business was closed.
    public static let businessClosed = ReasonCode(rawValue: "business_closed")
    /// The carrier could not reach the door (no access, dangerous dog, …).
    public static let noAccess = ReasonCode(rawValue: "no_access")
    /// The item was not collected within the holding period.
    public static let notCollected = ReasonCode(rawValue: "not_collected")
    /// Customs needs documents (invoice, proof of value, ID).
    public static let documentsRequired = ReasonCode(rawValue: "documents_required")
    /// Duties or taxes are unpaid.
    public static let dutiesUnpaid = ReasonCode(rawValue: "duties_unpaid")
    /// The content is prohibited in the destination country.
    public static let prohibitedItem = ReasonCode(rawValue: "prohibited_item")
    /// The content needs a licence or certificate.
    public static let licenceRequired = ReasonCode(rawValue: "licence_required")
    /// The item is damaged.
    public static let damaged = ReasonCode(rawValue: "damaged")

    /// Every reason code PostTrace explains in plain words.
    public static let allKnown: [ReasonCode] = [
        addresseeAbsent, refused, wrongAddress, addresseeMoved, businessClosed, noAccess, notCollected,
        documentsRequired, dutiesUnpaid, prohibitedItem, licenceRequired, damaged,
    ]

    /// Whether PostTrace knows this reason.
    public var isKnown: Bool { ReasonCode.allKnown.contains(self) }

    /// True for reasons given by customs rather than by the delivery office.
    public var isCustomsReason: Bool {
        self == .documentsRequired || self == .dutiesUnpaid || self == .prohibitedItem || self == .licenceRequired
    }

    /// The catalogue phrase of a known reason; nil for reasons PostTrace does not know.
    var titlePhrase: Phrase? {
        switch rawValue {
        case "addressee_absent": .reasonAddresseeAbsent
        case "refused": .reasonRefused
        case "wrong_address": .reasonWrongAddress
        case "addressee_moved": .reasonAddresseeMoved
        case "business_closed": .reasonBusinessClosed
        case "no_access": .reasonNoAccess
        case "not_collected": .reasonNotCollected
        case "documents_required": .reasonDocumentsRequired
        case "duties_unpaid": .reasonDutiesUnpaid
        case "prohibited_item": .reasonProhibitedItem
        case "licence_required": .reasonLicenceRequired
        case "damaged": .reasonDamaged
        default: nil
        }
    }

    /// The reason in plain words; an unknown reason reads "Other reason (XYZ)".
    public func title(in language: Language) -> String {
        if let title = ReasonCode.titles[language.ordinal][self] { return title }
        return Catalogue.text(.unknownReason, language, ["code": rawValue])
    }

    static let titles: [[ReasonCode: String]] = Language.allCases.map { lang in
        Dictionary(uniqueKeysWithValues: allKnown.map { ($0, Catalogue.text($0.titlePhrase!, lang)) })
    }
}

extension ItemStatus {
    /// The status in plain words, e.g. "In customs".
    public func title(in language: Language) -> String { ItemStatus.titles[language.ordinal][self]! }
    static let titles: [[ItemStatus: String]] = Language.allCases.map { lang in
        Dictionary(uniqueKeysWithValues: allCases.map { ($0, Catalogue.text($0.titlePhrase, lang)) })
    }

    var titlePhrase: Phrase {
        switch self {
        case .notFound: .statusNotFound
        case .infoReceived: .statusInfoReceived
        case .inTransit: .statusInTransit
        case .inCustoms: .statusInCustoms
        case .outForDelivery: .statusOutForDelivery
        case .availableForPickup: .statusAvailableForPickup
        case .deliveryFailed: .statusDeliveryFailed
        case .delivered: .statusDelivered
        case .returned: .statusReturned
        case .exception: .statusException
        }
    }
}

extension Stage {
    /// The stage in plain words, e.g. "In transit".
    public func title(in language: Language) -> String { Catalogue.text(titlePhrase, language) }

    var titlePhrase: Phrase {
        switch self {
        case .posted: .stagePosted
        case .export: .stageExport
        case .inTransit: .stageInTransit
        case .importCustoms: .stageImportCustoms
        case .outForDelivery: .stageOutForDelivery
        case .delivered: .stageDelivered
        }
    }
}

extension CustomsState {
    /// The customs sub-status in plain words, e.g. "Held by import customs".
    public func title(in language: Language) -> String {
        let phrase: Phrase = switch (direction, phase) {
        case (.export, .presented): .customsExportPresented
        case (.export, .held): .customsExportHeld
        case (.export, .released): .customsExportReleased
        case (.import, .presented): .customsImportPresented
        case (.import, .held): .customsImportHeld
        case (.import, .released): .customsImportReleased
        }
        return Catalogue.text(phrase, language)
    }
}
