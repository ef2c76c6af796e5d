import S10

extension Catalogue {
    /// A date in the office's local calendar, e.g. "3 March" / "3月3日" / "3 de marzo"; the year is added
    /// when it differs from `now`'s (in the office's offset).
    public static func date(_ time: LocalTime, _ language: Language, now: Int64) -> String {
        let nowYear = LocalTime(epochSeconds: now, utcOffsetSeconds: time.utcOffsetSeconds)?.fields.year
        return date(time, language, withYear: time.fields.year != nowYear)
    }

    /// A date with its year in the office's local calendar, e.g. "22 November 2026" / "2026年11月22日" / "22.11.2026".
    public static func fullDate(_ time: LocalTime, _ language: Language) -> String {
        date(time, language, withYear: true)
    }

    /// Date and 24-hour clock time in the office's local time, e.g. "22 November 2026, 09:10" (the UTC
    /// offset is shown beside it by the caller).
    public static func dateTime(_ time: LocalTime, _ language: Language) -> String {
        let f = time.fields
        let clock = two(f.hour) + ":" + two(f.minute)
        return text(.dateTime, language, ["date": fullDate(time, language), "time": clock])
    }

    private static func date(_ time: LocalTime, _ language: Language, withYear: Bool) -> String {
        let f = time.fields
        return text(withYear ? .dateDayMonthYear : .dateDayMonth, language) { name in
            switch name {
            case "day": String(f.day)
            case "month": monthNames[language.ordinal][f.month - 1]
            case "monthNumber": two(f.month)
            case "year": String(f.year)
            default: nil
            }
        }
    }

    /// Month names per language, looked up once: every headline has a date.
    private static let monthNames: [[String]] = Language.allCases.map { lang in
        [Phrase.month1, .month2, .month3, .month4, .month5, .month6, .month7, .month8, .month9, .month10, .month11, .month12]
            .map { text($0, lang) }
    }

    /// Items joined as the language lists them: "A, B or C" / "A、B或C".
    public static func orList(_ items: [String], _ language: Language) -> String {
        guard let last = items.last else { return "" }
        let rest = items.dropLast()
        if rest.isEmpty { return last }
        return text(.listOr, language, ["list": rest.joined(separator: text(.listSeparator, language)), "last": last])
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}

extension S10Error {
    /// A sentence that tells the person what is wrong and what to do, in `language`.
    public func message(in language: Language) -> String {
        let found = S10Error.visible(self.found ?? "")
        var args = ["found": found, "position": position.map(String.init) ?? "?", "count": self.found ?? "?"]
        if let expected { args["expected"] = expected }
        let phrase: Phrase
        var lookAlike = false
        switch code {
        case .empty: phrase = .s10Empty
        case .length: phrase = .s10Length
        case .characters: phrase = .s10Characters
        case .serviceIndicator: phrase = .s10ServiceIndicator; lookAlike = true
        case .serviceIndicatorReserved: phrase = .s10ServiceIndicatorReserved
        case .serial: phrase = .s10Serial; lookAlike = true
        case .checkDigit: phrase = expected == nil ? .s10CheckDigitNotDigit : .s10CheckDigit
        case .countryMissing: phrase = .s10CountryMissing
        case .countryIncomplete: phrase = .s10CountryIncomplete
        case .countryUnknown: phrase = .s10CountryUnknown
        }
        let sentence = Catalogue.text(phrase, language, args)
        guard lookAlike, let expected else { return sentence }
        return sentence + Catalogue.text(.sentenceSeparator, language) + Catalogue.text(.s10LookAlike, language, ["corrected": expected])
    }

    /// Quotes text, spelling out invisible or control characters as U+XXXX so the person can see them.
    static func visible(_ text: String) -> String {
        var out = "“"
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
                let digits = String(scalar.value, radix: 16, uppercase: true)
                out += "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "”"
    }
}

extension S10Service {
    /// What people call this service, in `language`.
    public func name(in language: Language) -> String { Catalogue.text(phrase, language) }

    var phrase: Phrase {
        switch self {
        case .ems: .serviceEms
        case .parcelPost: .serviceParcelPost
        case .registeredLetter: .serviceRegisteredLetter
        case .insuredLetter: .serviceInsuredLetter
        case .expressLetter: .serviceExpressLetter
        case .letterWithCustomsDeclaration: .serviceLetterWithCustomsDeclaration
        case .ecommerceParcel: .serviceEcommerceParcel
        case .mBag: .serviceMBag
        case .replyCoupon: .serviceReplyCoupon
        case .domesticOrBilateral: .serviceDomesticOrBilateral
        case .unassigned: .serviceUnassigned
        case .reserved: .serviceReserved
        }
    }
}
