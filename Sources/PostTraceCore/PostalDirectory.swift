import Foundation
import S10

/// A postal operator's public customer-service contacts and official web domains.
public struct PostalOperator: Sendable, Hashable, Codable {
    /// A published phone number with what it is for.
    public struct Phone: Sendable, Hashable, Codable {
        public let number: String
        public let label: LocalizedText
        /// Makes a phone entry (tests, custom deployments).
        public init(number: String, label: LocalizedText) { self.number = number; self.label = label }
    }
    /// A stable identifier such as `cn-chinapost`.
    public let id: String
    /// The operator's name in English and Chinese.
    public let name: LocalizedText
    /// ISO 3166-1 alpha-2 codes of the countries the operator serves.
    public let countries: [String]
    /// Official registrable domains (without `www.`), e.g. `ems.com.cn`.
    public let domains: [String]
    /// Published customer-service phone numbers.
    public let phones: [Phone]
    /// The official website.
    public let website: String
    /// Public pages the entry was taken from.
    public let sources: [String]
    /// Names people and messages use for the operator (`USPS`, `中国邮政`); matched case-insensitively.
    public let aliases: [String]
    /// Link-shortener domains the operator itself is known to use in its messages (often none).
    public let shortLinkDomains: [String]

    /// Makes an operator entry (tests, custom deployments).
    public init(id: String, name: LocalizedText, countries: [String], domains: [String], phones: [Phone],
                website: String, sources: [String], aliases: [String] = [], shortLinkDomains: [String] = []) {
        self.id = id; self.name = name; self.countries = countries; self.domains = domains; self.phones = phones
        self.website = website; self.sources = sources; self.aliases = aliases; self.shortLinkDomains = shortLinkDomains
    }

    enum CodingKeys: String, CodingKey {
        case id, name, countries, domains, phones, website, sources, aliases
        case shortLinkDomains = "short_link_domains"
    }

    /// Decodes an entry; `aliases` and `short_link_domains` are optional so older files still load.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(LocalizedText.self, forKey: .name),
                  countries: try c.decode([String].self, forKey: .countries), domains: try c.decode([String].self, forKey: .domains),
                  phones: try c.decode([Phone].self, forKey: .phones), website: try c.decode(String.self, forKey: .website),
                  sources: try c.decode([String].self, forKey: .sources),
                  aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                  shortLinkDomains: try c.decodeIfPresent([String].self, forKey: .shortLinkDomains) ?? [])
    }
}

/// A short text in English and simplified Chinese.
public struct LocalizedText: Sendable, Hashable, Codable {
    public let en: String
    public let zhHans: String
    enum CodingKeys: String, CodingKey { case en, zhHans = "zh-Hans" }
    public init(en: String, zhHans: String) { self.en = en; self.zhHans = zhHans }
    /// The text in one language.
    public func text(in language: Language) -> String { language == .zhHans ? zhHans : en }
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
    /// Per operator, its contact line in English and in Chinese (`PostalOperator.contactLine(in:)`).
    let contactLines: [(en: String, zhHans: String)]

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
        contactLines = operators.map { ($0.contactLine(in: .en), $0.contactLine(in: .zhHans)) }
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
