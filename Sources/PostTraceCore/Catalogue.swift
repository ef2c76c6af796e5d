import S10

/// Keys of the fixed sentences in the catalogue (names of codes, statuses and stages use computed keys).
public enum Phrase: String, Sendable, CaseIterable {
    case unknownEvent = "unknown_event", unknownReason = "unknown_reason"
    case headlineNotFound = "headline.not_found", headlineInfoReceived = "headline.info_received"
    case headlineTransitOrigin = "headline.transit_origin", headlineTransitAbroad = "headline.transit_abroad"
    case headlineTransitTo = "headline.transit_to", headlineTransitDestination = "headline.transit_destination"
    case headlineCustomsPresented = "headline.customs_presented", headlineCustomsHeld = "headline.customs_held"
    case headlineCustomsReleased = "headline.customs_released"
    case headlineOutForDelivery = "headline.out_for_delivery", headlinePickup = "headline.available_for_pickup"
    case headlineFailed = "headline.delivery_failed", headlineFailedNoReason = "headline.delivery_failed_no_reason", headlineDelivered = "headline.delivered"
    case headlineReturning = "headline.returning", headlineReturnedDelivered = "headline.returned_delivered"
    case headlineExportCancelled = "headline.export_cancelled", headlineImportTerminated = "headline.import_terminated"
    case headlineInvalid = "headline.invalid"
    case adviceScam = "advice.scam"
    case adviceNoRecordTiming = "advice.no_record_timing", adviceNoRecordCheck = "advice.no_record_check"
    case adviceNoRecordNotify = "advice.no_record_notify"
    case adviceCustomsMeaning = "advice.customs_meaning", adviceCustomsDocuments = "advice.customs_documents"
    case adviceCustomsDuties = "advice.customs_duties", adviceCustomsHeld = "advice.customs_held"
    case adviceExportCustoms = "advice.export_customs"
    case adviceFailedCollect = "advice.failed_collect", adviceFailedRedeliver = "advice.failed_redeliver"
    case adviceFailedAddress = "advice.failed_address", adviceFailedRefused = "advice.failed_refused"
    case advicePickup = "advice.pickup", adviceOutForDelivery = "advice.out_for_delivery"
    case adviceReturned = "advice.returned", adviceException = "advice.exception"
    case adviceStale = "advice.stale", adviceStaleContact = "advice.stale_contact"
    case adviceInvalidSuggestion = "advice.invalid_suggestion", adviceInvalidCheck = "advice.invalid_check"
    case labelStatus = "label.status", labelLastUpdate = "label.last_update", labelStale = "label.stale"
    case labelRoute = "label.route", labelProgress = "label.progress", labelEvents = "label.events"
    case labelAdvice = "label.advice", labelContacts = "label.contacts", labelNoEvents = "label.no_events"
    case labelLastScan = "label.last_scan", labelUnknownCountry = "label.unknown_country"
    case labelSeparator = "label.separator", labelNoReason = "label.no_reason", labelNextOffice = "label.next_office", labelTransport = "label.transport"
    case dateDayMonth = "date.day_month", dateDayMonthYear = "date.day_month_year"
    case estimateBetween = "estimate.between", estimateOn = "estimate.on", estimateBasis = "estimate.basis"
}

/// The text catalogue: every sentence PostTrace shows, one table per language, looked up by key.
/// `{name}` placeholders are filled from the arguments.
public enum Catalogue {
    /// The table of a language.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .en: return englishCatalogue
        case .zhHans: return chineseCatalogue
        }
    }

    /// Every key a complete catalogue must have: fixed phrases and the names of codes, reasons,
    /// statuses, stages and customs states.
    public static var requiredKeys: [String] {
        var keys = Phrase.allCases.map(\.rawValue)
        keys += EventCode.allKnown.map(\.titleKey) + ReasonCode.allKnown.map(\.titleKey)
        keys += ItemStatus.allCases.map { "status.\($0.rawValue)" } + Stage.allCases.map { "stage.\($0.rawValue)" }
        keys += TransitStage.allCases.map { "transit_stage.\($0.rawValue)" }
        keys += (1...12).map { "month.\($0)" }
        for d in ["export", "import"] { for p in ["presented", "held", "released"] { keys.append("customs.\(d).\(p)") } }
        return keys
    }

    /// The text for a fixed phrase.
    public static func text(_ phrase: Phrase, _ language: Language, _ args: [String: String] = [:]) -> String {
        text(phrase.rawValue, language, args)
    }

    /// The text for a key; a missing key shows as the key itself (the catalogue test keeps that from shipping).
    public static func text(_ key: String, _ language: Language, _ args: [String: String] = [:]) -> String {
        guard let template = compiled(language)[key] else { return key }
        return args.isEmpty ? template.text : template.filled(args)
    }

    /// The `{name}` placeholders a template uses, sorted.
    public static func placeholders(in template: String) -> [String] {
        var out: [String] = [], current: String?
        for ch in template {
            if ch == "{" { current = "" } else if ch == "}", let c = current { out.append(c); current = nil } else if current != nil { current!.append(ch) }
        }
        return out.sorted()
    }

    /// A phrase whose placeholders are computed only when it uses them (the timeline's headline and advice).
    static func text(_ phrase: Phrase, _ language: Language, resolve: (String) -> String?) -> String {
        guard let template = compiled(language)[phrase.rawValue] else { return phrase.rawValue }
        return template.filled(resolve)
    }

    static func fill(_ template: String, _ args: [String: String]) -> String {
        Template(template).filled(args)
    }

    /// The tables split into segments once: filling a template per request then only appends (profiled:
    /// scanning templates Character by Character was the largest cost of a lookup).
    private static let compiledEnglish = englishCatalogue.mapValues(Template.init)
    private static let compiledChinese = chineseCatalogue.mapValues(Template.init)
    private static func compiled(_ language: Language) -> [String: Template] {
        switch language {
        case .en: return compiledEnglish
        case .zhHans: return compiledChinese
        }
    }

    /// A country's name in the language, or the code when unassigned.
    public static func countryName(_ code: String?, _ language: Language) -> String {
        guard let code, let c = Country(code: code) else { return text(.labelUnknownCountry, language) }
        return language == .en ? c.englishName : c.chineseName
    }

    /// A date in the office's local calendar, e.g. "3 March" / "3月3日"; the year is added when it differs from `now`'s.
    public static func date(_ time: LocalTime, _ language: Language, now: Int64) -> String {
        let f = time.fields
        let nowYear = LocalTime(epochSeconds: now, utcOffsetSeconds: time.utcOffsetSeconds)?.fields.year ?? f.year
        return text(f.year == nowYear ? .dateDayMonth : .dateDayMonthYear, language) { name in
            switch name {
            case "day": String(f.day)
            case "month": monthNames[language == .en ? 0 : 1][f.month - 1]
            case "year": String(f.year)
            default: nil
            }
        }
    }

    /// `month.1` … `month.12` per language, looked up once: every headline has a date.
    private static let monthNames = [Language.en, .zhHans].map { lang in (1...12).map { text("month.\($0)", lang) } }
}
