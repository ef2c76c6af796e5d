import Foundation
import MessageCheck
import PostTraceCore
import Testing
import TestSupport

@Suite("Rule files, JSON and the postal directory")
struct RulesAndJSONTests {
    @Test("every signal kind, verdict and fragment has a text in every language, with the English placeholders")
    func explanations() {
        let rules = RuleBook.shipped
        #expect(rules.languages.first == "en")
        #expect(Set(rules.languages) == ["en", "zh-Hans", "zh-Hant", "ja", "ko", "ru", "es", "fr", "de", "pt", "ar"])
        #expect(rules.missingTexts.isEmpty, "\(rules.missingTexts)")
        let english = rules.templates("en")
        for tag in rules.languages {
            let texts = rules.templates(tag)
            #expect(Set(texts.keys) == Set(english.keys), "\(tag) has other keys than en")
            for (key, template) in english {
                #expect(Self.placeholders(texts[key] ?? "") == Self.placeholders(template), "\(tag) \(key)")
            }
        }
    }

    static func placeholders(_ template: String) -> [String] {
        var names: [String] = [], rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close])); rest = rest[rest.index(after: close)...]
        }
        return names.sorted()
    }

    @Test("verdict summaries never call a message safe")
    func neverSafe() throws {
        for text in ["hello", "Pay the fee now at ems-pay.top", "Pay the fee"] {
            let summary = try check(text).summary
            #expect(!summary.en.lowercased().contains("safe") && !summary.text(tag: "zh-Hans").contains("安全"))
        }
    }

    @Test("the result encodes to stable snake_case JSON and decodes back")
    func json() throws {
        let result = try check("USPS: pay the $1.99 fee within 24 hours at usps-redelivery.top")
        let data = try JSONEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["verdict", "score", "summary", "signals", "claimed_operators", "span_unit"])
        #expect(object["verdict"] as? String == "likely_scam")
        #expect(object["span_unit"] as? String == "utf16")
        let signal = try #require((object["signals"] as? [[String: Any]])?.first)
        #expect(Set(signal.keys) == ["kind", "severity", "weight", "span", "text", "explanation", "details"])
        #expect((signal["explanation"] as? [String: String])?.keys.sorted() == RuleBook.shipped.languages.sorted())
        #expect(try JSONDecoder().decode(MessageCheckResult.self, from: data) == result)
    }

    @Test("custom rules load from a folder and take effect; a malformed file is an error", .scratch)
    func customRules() throws {
        let phrases = #"{"negation_window": 10, "negations": [], "exclusions": [], "categories": [{"kind": "payment_request", "weight": 3, "phrases": ["bring the tribute"]}]}"#
        let folder = try RulesFolder.minimal(phrases: phrases, shorteners: ["sho.rt"])
        let checker = MessageChecker(rules: try RuleBook(folder: folder))
        let result = try checker.check("Please bring the tribute via sho.rt/x")
        #expect(Set(result.signals.map(\.kind)) == [.paymentRequest, .linkShortener])
        #expect(try MessageChecker.shipped.check("Please bring the tribute").signals.isEmpty)
        try Data("{not json".utf8).write(to: folder.appendingPathComponent("phrases/xx.json"))
        #expect(throws: (any Error).self) { try RuleBook(folder: folder) }
    }

    @Test("the directory lists China Post / EMS first with 11183, and at least 15 other operators, each complete")
    func directory() throws {
        let operators = PostalDirectory.shipped.operators
        #expect(operators.count >= 16)
        let first = try #require(operators.first)
        #expect(first.id == "cn-chinapost" && first.phones.first?.number == "11183" && first.domains.contains("ems.com.cn"))
        #expect(Set(operators.map(\.id)).count == operators.count)
        for op in operators {
            #expect(!op.domains.isEmpty && op.website.hasPrefix("https://") && !op.sources.isEmpty && !op.aliases.isEmpty, "\(op.id)")
            #expect(op.domains.allSatisfy { !$0.hasPrefix("www.") && $0 == $0.lowercased() }, "\(op.id)")
            #expect(!op.name.en.isEmpty && !op.name.zhHans.isEmpty)
        }
        #expect(PostalDirectory.shipped.operators(serving: "CN").first?.id == "cn-chinapost")
        #expect(PostalDirectory.shipped.operatorOwning(host: "tools.usps.com")?.id == "us-usps")
        #expect(PostalDirectory.shipped.operatorOwning(host: "usps.com.evil.top") == nil)
    }
}
