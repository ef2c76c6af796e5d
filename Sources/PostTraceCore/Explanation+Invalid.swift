import S10

extension Explanation {
    /// How many suggested numbers the advice lists (the full list stays in `S10Validation.suggestions`).
    public static let shownSuggestions = 5

    /// The explanation for an input that is not a valid S10 number: the exact problems (from the S10
    /// library, in `language`) and the suggested numbers. Nil when the input is valid.
    public static func invalidNumber(_ validation: S10Validation, language: Language) -> Explanation? {
        guard !validation.isValid else { return nil }
        var advice = validation.errors.map { $0.message(in: language) }
        let suggestions = validation.suggestions.prefix(shownSuggestions).map(\.description)
        if suggestions.isEmpty {
            advice.append(Catalogue.text(.adviceInvalidCheck, language))
        } else {
            advice.append(Catalogue.text(.adviceInvalidSuggestion, language, ["suggestions": suggestions.joined(separator: Catalogue.text(.listSeparator, language))]))
        }
        advice.append(Catalogue.text(.adviceScam, language))
        let headline = Catalogue.text(.headlineInvalid, language, ["input": displayed(validation.input)])
        return Explanation(headline: headline, advice: advice)
    }

    /// What a person typed, made safe to echo: control characters dropped, at most 40 characters.
    static func displayed(_ input: String) -> String {
        let visible = input.unicodeScalars.filter { !$0.properties.generalCategory.isControlLike }
        var text = String(String.UnicodeScalarView(visible)).trimmingSpaces
        if text.count > 40 { text = String(text.prefix(39)) + "…" }
        return text.isEmpty ? "\"\"" : "“\(text)”"
    }
}

extension Unicode.GeneralCategory {
    var isControlLike: Bool {
        switch self {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
