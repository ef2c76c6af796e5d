import Foundation
import PostTraceCore

/// The checker's rules, read from the JSON data files in `Rules/`: phrases, link lists, explanations.
public struct RuleBook: Sendable {
    /// A category of phrases (payment, credentials, urgency, details) with its weights.
    struct PhraseCategory: Sendable, Decodable {
        let kind: SignalKind
        let weight: Int
        let phrases: [String]
        let weakWeight: Int?
        let weak: [String]?
        /// When the message contains one of these, the category does not apply at all.
        let cancelledBy: [String]?
        /// When given, full weight needs one of these earlier in the sentence; otherwise `unrequestedWeight`.
        let requestCues: [String]?
        let unrequestedWeight: Int?
        enum CodingKeys: String, CodingKey {
            case kind, weight, phrases, weak
            case weakWeight = "weak_weight", cancelledBy = "cancelled_by", requestCues = "request_cues", unrequestedWeight = "unrequested_weight"
        }
    }
    struct PhraseFile: Sendable, Decodable {
        let negationWindow: Int
        let negations: [String]
        let exclusions: [String]
        let categories: [PhraseCategory]
        enum CodingKeys: String, CodingKey { case negations, exclusions, categories; case negationWindow = "negation_window" }
    }
    struct LinkFile: Sendable, Decodable {
        let shorteners: [String]
        let riskyTLDs: [String]
        let genericTLDs: [String]
        let postalWords: [String]
        let genericBrandTokens: [String]
        let affixBrandMinLength: Int
        let brandTokens: [String]
        let exactOnlyBrandTokens: [String]
        let confusables: [String: String]
        let knownServices: [String]?
        enum CodingKeys: String, CodingKey {
            case shorteners, confusables
            case knownServices = "known_services"
            case riskyTLDs = "risky_tlds", genericTLDs = "generic_tlds", postalWords = "postal_words"
            case genericBrandTokens = "generic_brand_tokens", affixBrandMinLength = "affix_brand_min_length", brandTokens = "brand_tokens"
            case exactOnlyBrandTokens = "exact_only_brand_tokens"
        }
    }
    struct ExplanationFile: Sendable, Decodable {
        let signals: [String: LocalizedText]
        let fragments: [String: LocalizedText]
        let verdicts: [String: LocalizedText]
    }

    let phrases: PhraseFile
    let links: LinkFile
    let texts: ExplanationFile

    /// The rules shipped in the module's `Rules/` folder.
    public static let shipped: RuleBook = {
        guard let folder = Bundle.module.url(forResource: "Rules", withExtension: nil) else {
            fatalError("MessageCheck resource folder Rules is missing")
        }
        do { return try RuleBook(folder: folder) } catch { fatalError("MessageCheck rules are malformed: \(error)") }
    }()

    /// Reads `phrases.json`, `links.json` and `explanations.json` from a folder (custom deployments, tests).
    public init(folder: URL) throws {
        let decoder = JSONDecoder()
        phrases = try decoder.decode(PhraseFile.self, from: Data(contentsOf: folder.appendingPathComponent("phrases.json")))
        links = try decoder.decode(LinkFile.self, from: Data(contentsOf: folder.appendingPathComponent("links.json")))
        texts = try decoder.decode(ExplanationFile.self, from: Data(contentsOf: folder.appendingPathComponent("explanations.json")))
    }

    /// Signal kinds that have no explanation in both languages (should be none).
    public var kindsMissingExplanations: [SignalKind] {
        SignalKind.allCases.filter { kind in
            guard let t = texts.signals[kind.rawValue] else { return true }
            return t.en.isEmpty || t.zhHans.isEmpty
        }
    }

    /// The summary of a verdict.
    func summary(_ verdict: Verdict) -> LocalizedText {
        texts.verdicts[verdict.rawValue] ?? LocalizedText(en: verdict.rawValue, zhHans: verdict.rawValue)
    }

    /// A signal's explanation with `{name}` placeholders filled from `values` (per language when given as LocalizedText).
    func explain(_ kind: SignalKind, _ values: [String: LocalizedText]) -> LocalizedText {
        guard let template = texts.signals[kind.rawValue] else { return LocalizedText(en: kind.rawValue, zhHans: kind.rawValue) }
        return LocalizedText(en: Self.fill(template.en, values.mapValues(\.en)), zhHans: Self.fill(template.zhHans, values.mapValues(\.zhHans)))
    }

    /// A fragment by key, filled the same way.
    func fragment(_ key: String, _ values: [String: LocalizedText] = [:]) -> LocalizedText {
        guard let template = texts.fragments[key] else { return LocalizedText(en: "", zhHans: "") }
        return LocalizedText(en: Self.fill(template.en, values.mapValues(\.en)), zhHans: Self.fill(template.zhHans, values.mapValues(\.zhHans)))
    }

    /// Replaces `{name}` with `values[name]` in one pass; unknown names are left as written.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            out += values[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

extension LocalizedText {
    /// The same text in both languages (a domain, a number).
    static func same(_ text: String) -> LocalizedText { LocalizedText(en: text, zhHans: text) }
}
