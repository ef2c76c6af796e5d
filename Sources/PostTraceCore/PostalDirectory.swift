import Foundation

/// A postal operator's public customer-service contacts and official web domains.
public struct PostalOperator: Sendable, Hashable, Codable {
    /// A published phone number with what it is for.
    public struct Phone: Sendable, Hashable, Codable {
        public let number: String
        public let label: LocalizedText
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
}

/// A short text in English and simplified Chinese.
public struct LocalizedText: Sendable, Hashable, Codable {
    public let en: String
    public let zhHans: String
    enum CodingKeys: String, CodingKey { case en, zhHans = "zh-Hans" }
    public init(en: String, zhHans: String) { self.en = en; self.zhHans = zhHans }
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

    /// Makes a directory from a list of operators (tests, custom deployments).
    public init(operators: [PostalOperator]) { self.operators = operators }

    /// The operators serving a country, e.g. `CN` → China Post / EMS.
    public func operators(serving countryCode: String) -> [PostalOperator] {
        operators.filter { $0.countries.contains(countryCode) }
    }

    struct File: Codable { let operators: [PostalOperator] }
}
