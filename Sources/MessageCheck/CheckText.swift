import S10

/// A sentence the checker shows (a verdict summary or a sign's explanation) in every language its rules
/// speak, keyed by BCP 47 tag (`en`, `zh-Hans`, `ja`…). JSON: an object from tag to text.
public struct CheckText: Sendable, Hashable, Codable {
    /// The text by language tag.
    public let texts: [String: String]

    /// Makes a text from a table of language tag to text.
    public init(_ texts: [String: String]) { self.texts = texts }

    /// The text in `language`, or in English when the rules have none in that language.
    public func text(in language: Language) -> String { text(tag: language.rawValue) }

    /// The text for a language tag, or the English one.
    public func text(tag: String) -> String { texts[tag] ?? texts["en"] ?? "" }

    /// The English text.
    public var en: String { text(tag: "en") }

    /// The same text in every language (a domain name, a number): stored once, read through the English fallback.
    static func same(_ text: String) -> CheckText { CheckText(["en": text]) }

    /// Joins two texts language by language.
    static func + (lhs: CheckText, rhs: CheckText) -> CheckText {
        let tags = Set(lhs.texts.keys).union(rhs.texts.keys)
        return CheckText(Dictionary(uniqueKeysWithValues: tags.map { ($0, lhs.text(tag: $0) + rhs.text(tag: $0)) }))
    }

    public init(from decoder: any Decoder) throws {
        texts = try decoder.singleValueContainer().decode([String: String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(texts)
    }
}
