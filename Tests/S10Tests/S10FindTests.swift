import Testing
@testable import S10

@Suite("S10.find(in:): numbers in free text")
struct S10FindTests {
    func found(_ text: String) -> [String] { S10.find(in: text).map { String($0.text) } }

    @Test("numbers in an SMS, an e-mail and a Chinese message")
    func messages() throws {
        let sms = "Your parcel RR287043775IN is held at customs. Pay at http://x.example/p?id=EE123456785CN now"
        let matches = S10.find(in: sms)
        // The one in the link is found too: a scam checker wants to see it.
        #expect(matches.map { String($0.text) } == ["RR287043775IN", "EE123456785CN"])
        let chinese = "您的邮件EE123456785CN已到达，单号ｒｒ２８７０４３７７５ｉｎ。"
        #expect(found(chinese) == ["EE123456785CN", "ｒｒ２８７０４３７７５ｉｎ"])
        let match = try #require(S10.find(in: chinese).first)
        #expect(chinese[match.range] == "EE123456785CN")
        #expect(match.validation.isValid)
    }

    @Test("invalid numbers are found with their errors: bad check digit, missing country, reserved service")
    func invalidOnes() {
        let text = "Tracking: EL123456789CN, also EE123456785 and SA123456785CN; order 1234567890123."
        let matches = S10.find(in: text)
        #expect(matches.map { String($0.text) } == ["EL123456789CN", "EE123456785", "SA123456785CN"])
        #expect(matches.map { $0.validation.errors.first?.code } == [.checkDigit, .countryMissing, .serviceIndicatorReserved])
        #expect(matches[0].validation.suggestions.first?.description == "EL123456785CN")
    }

    @Test("spaced and dashed upper-case numbers, on one line only")
    func grouped() {
        #expect(found("ref: EE 123 456 785 CN.") == ["EE 123 456 785 CN"])
        #expect(found("RR-2870-4377-5-IN") == ["RR-2870-4377-5-IN"])
        #expect(S10.find(in: "EE 1234 5678 5 CN").first?.validation.number?.description == "EE123456785CN")
        #expect(found("EE\n123456785\nCN") == [])
    }

    @Test("never inside a longer run of letters and digits")
    func boundaries() {
        #expect(found("XEE123456785CN") == [])
        #expect(found("EE123456785CN9") == [])
        #expect(found("EE1234567851CN") == [])
        #expect(found("EE123456785CNX") == [])
        #expect(found("ABCDEE123456785CN") == [])
        #expect(found("id=EE123456785CN&x") == ["EE123456785CN"])
        #expect(found("") == [])
    }

    @Test("hostile text: emoji, NUL, RTL marks, combining marks, 10 KB")
    func hostile() {
        #expect(found("📦EE123456785CN📦") == ["EE123456785CN"])
        #expect(found("\u{0}EE123456785CN\u{0}") == ["EE123456785CN"])
        #expect(found("\u{202E}EE123456785CN\u{202C}") == ["EE123456785CN"])
        #expect(found("EE123456785CN\u{301}") == [])  // the N carries an accent: not our letter
        let long = String(repeating: "lorem ipsum 12345 ", count: 600) + "RB123456785GB" + String(repeating: " x", count: 500)
        #expect(found(long) == ["RB123456785GB"])
        let many = Array(repeating: "EE123456785CN", count: 300).joined(separator: " ")
        #expect(S10.find(in: many).count == 300)
    }
}
