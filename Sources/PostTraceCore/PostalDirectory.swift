import Foundation
import S10

/// A short text in several languages (an operator's name, a phone label, a scam sign's explanation),
/// encoded as an object keyed by language tag; English is required, a missing language reads as English.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The texts by language; always has `.en`.
    public let texts: [Language: String]
    /// The English text.
    public var en: String { texts[.en] ?? "" }
    /// The simplified-Chinese text (English when there is none).
    public var zhHans: String { text(in: .zhHans) }

    /// Texts by language; `en` is required.
    public init(en: String, _ others: [Language: String] = [:]) {
        var texts = others
        texts[.en] = en
        self.texts = texts
    }

    /// English and simplified Chinese.
    public init(en: String, zhHans: String) { self.init(en: en, [.zhHans: zhHans]) }

    /// The text in one language; English when that language has none.
    public func text(in language: Language) -> String { texts[language] ?? en }

    public init(from decoder: any Decoder) throws {
        let byTag = try decoder.singleValueContainer().decode([String: String].self)
        guard let en = byTag["en"] else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "LocalizedText needs an \"en\" text"))
        }
        var others: [Language: String] = [:]
        for (tag, text) in byTag { if let language = Language(rawValue: tag) { others[language] = text } }
        self.init(en: en, others)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: texts.map { ($0.key.rawValue, $0.value) }))
    }
}

/// The directory of postal operators shipped in `Resources/contacts.json`.
public struct PostalDirectory: Sendable {
    /// Every operator in the directory.
    public let operators: [PostalOperator]

    /// The directory shipped with PostTrace.
    public static let shipped: PostalDirectory = {
        guard let url = Bundle.module.url(forResource: "contacts", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data)
        else { fatalError("PostTraceCore resource contacts.json is missing or malformed") }
        return PostalDirectory(operators: file.operators)
    }()

    /// Indices of the operators serving each country, in directory order: made once, read per explanation.
    let serving: [String: [Int]]
    /// Per operator, the index of the first operator with the same id (contacts name an id once).
    let firstWithSameID: [Int]
    /// Per language (`Language.allCases` order) and operator, its contact line (`PostalOperator.contactLine(in:)`).
    let contactLines: [[String]]

    /// Makes a directory from a list of operators (tests, custom deployments).
    public init(operators: [PostalOperator]) {
        self.operators = operators
        var serving: [String: [Int]] = [:], firstIndex: [String: Int] = [:]
        for (i, op) in operators.enumerated() {
            for country in op.countries where serving[country]?.last != i { serving[country, default: []].append(i) }
            if firstIndex[op.id] == nil { firstIndex[op.id] = i }
        }
        self.serving = serving
        firstWithSameID = operators.map { firstIndex[$0.id]! }
        contactLines = Language.allCases.map { lang in operators.map { $0.contactLine(in: lang) } }
    }

    /// The operators serving a country, e.g. `CN` → China Post / EMS.
    public func operators(serving countryCode: String) -> [PostalOperator] {
        serving[countryCode]?.map { operators[$0] } ?? []
    }

    /// The operator owning a host name (`www.ems.com.cn` → China Post / EMS), or nil when no operator lists it.
    public func operatorOwning(host: String) -> PostalOperator? {
        let host = host.lowercased()
        return operators.first { op in op.domains.contains { host == $0 || host.hasSuffix("." + $0) } }
    }

    struct File: Codable { let operators: [PostalOperator] }
}
