import S10
import Testing
@testable import PostTraceCore

@Suite struct OfficeTests {
    /// The rule as first written: the first two Characters, upper-cased, when they name an assigned country.
    func reference(_ code: String) -> String? {
        guard code.utf8.count >= 2 else { return nil }
        let prefix = String(code.prefix(2)).uppercased()
        return Country(code: prefix) != nil ? prefix : nil
    }

    @Test func countryCodeIsTheFirstTwoCharactersUpperCased() {
        let codes = ["CNPEKA", "cnpeka", "cN", "DE", "XX", "XXABC", "C", "", "1CN", "C1", "CN\u{301}", "C\u{301}N", "\u{FB01}",
                     "\u{FB01}X", "ﬁ", "CNé", "CN名", "名CN", "\r\nCN", "UK", "gb", "Ωx", "ẞE", "CN\r\n"]
        for code in codes { #expect(Office(code: code).countryCode == reference(code), "\(code.debugDescription)") }
        #expect(Office(code: "cnpeka").countryCode == "CN" && Office(code: "\u{FB01}").countryCode == "FI")
        #expect(Office(code: "CN\u{301}").countryCode == nil && Office(code: "XX").countryCode == nil)
    }
}

@Suite struct CharacterCountTests {
    @Test func countsCharactersAsStringDoes() {
        let texts = ["", "a", "Beijing 100010", "a\r\nb", "\r\r\n\n", "\n\r", "\r\n\r\n", "\r", "é", "e\u{301}", "北京", "📦 box", "x\r\n名"]
        for s in texts { #expect(characterCount(s) == s.count, "\(s.debugDescription)") }
    }
}
