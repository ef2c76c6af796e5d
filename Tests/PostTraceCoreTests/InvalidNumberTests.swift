import Testing
import S10
@testable import PostTraceCore

@Suite struct InvalidNumberTests {
    @Test func checkDigitTypoGetsTheProblemAndSuggestions() throws {
        let validation = S10.validate("EE123456780CN")
        let e = try #require(Explanation.invalidNumber(validation, language: .en))
        #expect(e.headline == "“EE123456780CN” is not a valid tracking number")
        #expect(e.advice.first == validation.errors.first?.message(in: .en))
        #expect(!validation.suggestions.isEmpty)
        #expect(e.advice.contains { $0.hasPrefix("Did you mean: ") && $0.contains(validation.suggestions[0].description) })
        #expect(e.advice.last == Catalogue.text(.adviceScam, .en))
    }

    @Test func chineseUsesTheS10CatalogueToo() throws {
        let validation = S10.validate("EE12345678CN")
        let e = try #require(Explanation.invalidNumber(validation, language: .zhHans))
        #expect(e.headline.hasSuffix("不是有效的邮件号码"))
        #expect(e.advice.first == validation.errors.first?.message(in: .zhHans))
        #expect(e.advice.last == Catalogue.text(.adviceScam, .zhHans))
    }

    @Test func validNumbersHaveNoInvalidExplanation() {
        #expect(Explanation.invalidNumber(S10.validate("EE123456785CN"), language: .en) == nil)
    }

    @Test func hostileInputIsEchoedSafely() throws {
        let inputs = ["", "   ", String(repeating: "A", count: 10_000), "EE1\u{0}\u{1B}[31m23\u{202E}", "<script>alert(1)</script>"]
        for input in inputs {
            let e = try #require(Explanation.invalidNumber(S10.validate(input), language: .en))
            #expect(e.headline.count < 80, "\(e.headline)")
            #expect(!e.headline.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
            #expect(e.advice.count >= 2)
        }
    }
}
