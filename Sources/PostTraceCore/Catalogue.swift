import Foundation
import S10

/// The text catalogue: every sentence PostTrace shows, one file per language (`Resources/Catalogue/<tag>.json`,
/// `{"phrases": {name: template}, "countries": {code: name}}`), looked up by `Phrase`. `{name}` placeholders
/// are filled from the arguments. A phrase missing from a file reads as in English (the catalogue test
/// keeps that from shipping).
public enum Catalogue {
    /// The text of a phrase in `language`, placeholders filled from `args` (unknown names stay `{name}`).
    public static func text(_ phrase: Phrase, _ language: Language, _ args: [String: String] = [:]) -> String {
        let template = templates(language)[phrase.rawValue]
        return args.isEmpty ? template.text : template.filled(args)
    }

    /// A phrase whose placeholders are computed only when it uses them (the timeline's headline and advice).
    static func text(_ phrase: Phrase, _ language: Language, resolve: (String) -> String?) -> String {
        templates(language)[phrase.rawValue].filled(resolve)
    }

    /// The `{name}` placeholders a template uses, sorted.
    public static func placeholders(in template: String) -> [String] {
        var out: [String] = [], current: String?
        for ch in template {
            if ch == "{" { current = "" } else if ch == "}", let c = current { out.append(c); current = nil } else if current != nil { current!.append(ch) }
        }
        return out.sorted()
    }

    static func fill(_ template: String, _ args: [String: String]) -> String {
        Template(template).filled(args)
    }

    /// A country's name in the language (iso-codes' translation), "unknown country" for an unassigned code.
    public static func countryName(_ code: String?, _ language: Language) -> String {
        guard let code, let country = Country(code: code) else { return text(.labelUnknownCountry, language) }
        return country.name(in: language)
    }

    /// The catalogue file of a language as written: phrase name → template, code → country name.
    /// For the completeness test and tools; lookups use the compiled tables.
    public static func file(_ language: Language) -> (phrases: [String: String], countries: [String: String]) {
        let file = CatalogueFile.load(language)
        return (file.phrases, file.countries ?? [:])
    }

    /// Per language (in `Language.allCases` order), the templates by `Phrase.rawValue`, split once at load:
    /// filling a template per request then only appends.
    private static let compiled: [[Template]] = {
        let english = CatalogueFile.load(.en).phrases
        return Language.allCases.map { language in
            let phrases = language == .en ? english : CatalogueFile.load(language).phrases
            return Phrase.allCases.map { Template(phrases[$0.name] ?? english[$0.name] ?? $0.name) }
        }
    }()

    static func templates(_ language: Language) -> [Template] { compiled[language.ordinal] }

    /// Per language, country names by `Country` row: named per event in every timeline.
    static let countryNames: [[String]] = Language.allCases.map { language in
        let names = CatalogueFile.load(language).countries ?? [:]
        return Country.all.map { names[$0.code] ?? $0.englishName }
    }
}

extension Language {
    /// The position in `allCases`: the index of the language's tables.
    var ordinal: Int { Language.allCases.firstIndex(of: self)! }
}

extension Country {
    /// The country's short name in `language`, e.g. `中国`, `Chine`, `الصين`.
    public func name(in language: Language) -> String { Catalogue.countryNames[language.ordinal][index] }

    /// The simplified-Chinese name (`name(in: .zhHans)`).
    public var chineseName: String { name(in: .zhHans) }
}

/// One language's catalogue file as decoded.
struct CatalogueFile: Decodable {
    let phrases: [String: String]
    let countries: [String: String]?

    static func load(_ language: Language) -> CatalogueFile {
        guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/Catalogue"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(CatalogueFile.self, from: data)
        else { fatalError("PostTraceCore resource Catalogue/\(language.rawValue).json is missing or malformed") }
        return file
    }
}
