import PostTraceCore
import S10

/// A sentence the checker shows (a verdict summary or a sign's explanation) in every language its rules
/// speak, keyed by BCP 47 tag (`en`, `zh-Hans`, `ja`…). JSON: an object from tag to text.
///
/// The checker's texts are written on demand: a text holds its template and values and fills them in the
/// language read (`text(in:)`), or in all of them for `texts`, equality and JSON. Filling every sign in eleven
/// languages for a caller that reads one (the CLI, the page, the fuzz target) was a seventh of the checker's time.
public struct CheckText: Sendable, Hashable, Codable {
    /// How the text is held; every case reads the same as the finished table it stands for.
    indirect enum Source: Sendable {
        /// A finished table of tag to text.
        case table([String: String])
        /// A rule template filled with `values` in each language of `texts`.
        case template(ExplanationTexts, ExplanationTexts.Key, [String: CheckText])
        /// Operator names in each language of `texts`, joined by the language's list separator.
        case operators(ExplanationTexts, [PostalOperator])
        /// Another module's text (an S10 error, a country name) in each language of `tags`.
        case byLanguage(ExplanationTexts, @Sendable (Language) -> String)
        /// Two texts joined language by language.
        case joined(CheckText, CheckText)
    }

    let source: Source

    /// Makes a text from a table of language tag to text.
    public init(_ texts: [String: String]) { source = .table(texts) }

    init(_ source: Source) { self.source = source }

    /// The text by language tag.
    public var texts: [String: String] {
        if case .table(let table) = source { return table }
        return Dictionary(uniqueKeysWithValues: tags.map { ($0, text(tag: $0)) })
    }

    /// The text in `language`, or in English when the rules have none in that language.
    public func text(in language: Language) -> String { text(tag: language.rawValue) }

    /// The text for a language tag, or the English one.
    public func text(tag: String) -> String {
        switch source {
        case .table(let table): return table[tag] ?? table["en"] ?? ""
        case .template(let texts, let key, let values):
            return texts.fill(key, values, tag: texts.has(tag) ? tag : "en")
        case .operators(let texts, let operators):
            return texts.operatorNames(operators, tag: texts.has(tag) ? tag : "en")
        case .byLanguage(let texts, let text):
            return text(Language(rawValue: texts.has(tag) ? tag : "en") ?? .en)
        case .joined(let lhs, let rhs):
            let read = has(tag) ? tag : "en"
            return has(read) ? lhs.text(tag: read) + rhs.text(tag: read) : ""
        }
    }

    /// Whether the text has its own entry for `tag` (else it reads as English).
    func has(_ tag: String) -> Bool {
        switch source {
        case .table(let table): table[tag] != nil
        case .template(let texts, _, _), .operators(let texts, _), .byLanguage(let texts, _): texts.has(tag)
        case .joined(let lhs, let rhs): lhs.has(tag) || rhs.has(tag)
        }
    }

    /// The tags the text has its own entry for.
    var tags: Set<String> {
        switch source {
        case .table(let table): Set(table.keys)
        case .template(let texts, _, _), .operators(let texts, _), .byLanguage(let texts, _): Set(texts.languages)
        case .joined(let lhs, let rhs): lhs.tags.union(rhs.tags)
        }
    }

    /// The English text.
    public var en: String { text(tag: "en") }

    /// The same text in every language (a domain name, a number): stored once, read through the English fallback.
    static func same(_ text: String) -> CheckText { CheckText(["en": text]) }

    /// Joins two texts language by language.
    static func + (lhs: CheckText, rhs: CheckText) -> CheckText { CheckText(.joined(lhs, rhs)) }

    public static func == (lhs: CheckText, rhs: CheckText) -> Bool { lhs.texts == rhs.texts }

    public func hash(into hasher: inout Hasher) { hasher.combine(texts) }

    public init(from decoder: any Decoder) throws {
        source = .table(try decoder.singleValueContainer().decode([String: String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(texts)
    }
}
