import Foundation
import S10

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
