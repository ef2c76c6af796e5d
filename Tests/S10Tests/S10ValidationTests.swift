import PostTraceCore
import Testing
@testable import S10

@Suite("S10 validation: every error code, normalization, hostile input")
struct S10ValidationTests {
    func codes(_ input: String) -> [S10ErrorCode] { S10.validate(input).errors.map(\.code) }

    @Test("what people paste is normalized before checking")
    func normalization() {
        let pasted = [
            "ee123456785cn", " EE 1234 5678 5 CN ", "EE-123-456-785-CN", "EE.123.456.785.CN", "EE/123456785/CN",
            "EE_123456785_CN", "EE\u{00A0}123456785\u{3000}CN", "\tEE123456785CN\r\n", "EE\u{200B}1234\u{200D}56785\u{FEFF}CN",
            "\u{200F}EE123456785CN\u{200E}", "ＥＥ１２３４５６７８５ＣＮ", "ｅｅ１２３ー４５６７８５ｃｎ".replacingOccurrences(of: "ー", with: "－"),
            "EE—123456785–CN", "EE\u{2212}123456785CN",
        ]
        for text in pasted {
            let result = S10.validate(text)
            #expect(result.isValid, "\(text.debugDescription)")
            #expect(result.normalized == "EE123456785CN", "\(text.debugDescription)")
            #expect(result.number?.description == "EE123456785CN")
        }
        #expect(S10.normalize("a b\u{3000}ｃ") == "ABC")
        #expect(S10.normalize("中国") == "中国")
    }

    @Test("empty: nothing, or only spaces and separators")
    func empty() {
        for text in ["", " ", "\t\n", "\u{3000}\u{00A0}", "---", "\u{200B}\u{200F}", "./_\\"] {
            #expect(codes(text) == [.empty], "\(text.debugDescription)")
            #expect(S10.validate(text).suggestions.isEmpty)
        }
    }

    @Test("length: too short or too long, with the count found")
    func length() throws {
        let short = S10.validate("EE12345CN")
        #expect(short.errors.map(\.code) == [.length])
        #expect(short.errors.first?.found == "9")
        #expect(short.errors.first?.expected == "13")
        #expect(codes("EE1234567851CN") == [.length])
        let huge = String(repeating: "EE123456785CN ", count: 800)  // about 11 KB
        let result = S10.validate(huge)
        #expect(!result.isValid)
        #expect(result.errors.map(\.code) == [.length])
        #expect(result.suggestions.isEmpty)
    }

    @Test("characters: each offending character with its position, emoji, NUL, mixed scripts")
    func characters() throws {
        let emoji = S10.validate("EE1234📦6785CN")
        #expect(emoji.errors.map(\.code) == [.characters])
        #expect(emoji.errors.first?.position == 7)
        #expect(emoji.errors.first?.found == "📦")
        let nul = S10.validate("EE12345\u{0}785CN")
        #expect(nul.errors.map(\.code) == [.characters])
        #expect(nul.errors.first?.position == 8)
        #expect(nul.errors.first?.message(in: .en).contains("U+0000") == true)
        // A Cyrillic "Е" pasted in place of the Latin E: named, and the Latin number suggested.
        let cyrillic = S10.validate("\u{0415}E123456785CN")
        #expect(cyrillic.errors.map(\.code) == [.characters])
        #expect(cyrillic.errors.first?.position == 1)
        #expect(cyrillic.suggestions.map(\.description) == ["EE123456785CN"])
        let many = S10.validate(String(repeating: "🚚", count: 40))
        #expect(many.errors.first?.code == .length)
        #expect(many.errors.filter { $0.code == .characters }.count == S10Diagnosis.maximumCharacterErrors)
    }

    @Test("service_indicator: a digit among the first two characters, with the look-alike fix")
    func serviceIndicator() throws {
        let result = S10.validate("0E123456785CN")  // zero typed for the letter O? no: E, so OE
        #expect(result.errors.map(\.code) == [.serviceIndicator])
        #expect(result.errors.first?.expected == "OE")
        let r5 = S10.validate("R5123456785GB")
        #expect(r5.errors.map(\.code) == [.serviceIndicator])
        #expect(r5.suggestions.contains { $0.description == "RS123456785GB" })
    }

    @Test("service_indicator_reserved: J, K, S, T, W and QN–QZ")
    func reserved() throws {
        let result = S10.validate("SA123456785CN")
        #expect(result.errors.map(\.code) == [.serviceIndicatorReserved])
        #expect(result.errors.first?.found == "SA")
        #expect(codes("QZ123456785CN") == [.serviceIndicatorReserved])
        #expect(codes("QM123456785CN").isEmpty)
    }

    @Test("serial: a letter among the eight serial digits, e.g. O for zero")
    func serial() throws {
        let result = S10.validate("RR287O43775IN")
        #expect(result.errors.map(\.code) == [.serial])
        #expect(result.errors.first?.position == 6)
        #expect(result.errors.first?.expected == "28704377")
        #expect(result.suggestions.first?.description == "RR287043775IN")
        let words = S10.validate("EEABCDEFGHXCN")
        #expect(words.errors.map(\.code) == [.serial, .checkDigit])
    }

    @Test("check_digit: expected and found; the issue's own EL123456789CN")
    func checkDigit() throws {
        let result = S10.validate("EL123456789CN")
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.code == .checkDigit)
        #expect(error.code.rawValue == "check_digit")
        #expect(error.position == 11)
        #expect(error.expected == "5")
        #expect(error.found == "9")
        #expect(result.suggestions.contains { $0.description == "EL123456785CN" })
        #expect(result.suggestions.first?.description == "EL123456785CN")
        #expect(error.message(in: .en).contains("5"))
        #expect(error.message(in: .zhHans).contains("校验"))
    }

    @Test("country_incomplete: twelve characters whose country lost a letter; other twelves stay length errors")
    func countryIncomplete() throws {
        let result = S10.validate("lp 607427673 c")
        #expect(result.errors.map(\.code) == [.countryIncomplete])
        let error = try #require(result.errors.first)
        #expect(error.position == 12 && error.found == "C")
        #expect(error.message(in: .en).contains("one letter, “C”, but needs two") && error.message(in: .zhHans).contains("只有一个字母"))
        #expect(result.suggestions.first?.description == "LP607427673CN")
        // With a wrong check digit too: both, in input order.
        #expect(codes("LP607427674C") == [.checkDigit, .countryIncomplete])
        // A digit short, or a letter missing at the front, is still a length error.
        #expect(codes("LP60742767CN") == [.length])
        #expect(codes("P607427673CN") == [.length])
    }

    @Test("country_missing: eleven characters without the country")
    func countryMissing() throws {
        let result = S10.validate("EE123456785")
        #expect(result.errors.map(\.code) == [.countryMissing])
        let message = try #require(result.errors.first).message(in: .en)
        #expect(message.contains("country of the post office that accepted the item"))
        #expect(message.contains("CN"))
        #expect(try #require(result.errors.first).message(in: .zhHans).contains("CN"))
        // Missing country and a wrong check digit: both reported, in input order.
        #expect(codes("EE123456789") == [.checkDigit, .countryMissing])
    }

    @Test("country_unknown: unassigned or reserved codes such as XX, ZZ, UK")
    func countryUnknown() throws {
        for code in ["XX", "ZZ", "QZ", "AA", "UK"] {
            #expect(codes("EE123456785" + code) == [.countryUnknown], "\(code)")
        }
        #expect(S10.validate("EE123456785UK").suggestions.first?.description == "EE123456785GB")
        #expect(S10.validate("EE123456785SU").suggestions.contains { $0.description == "EE123456785US" })
        #expect(codes("EE1234567850N") == [.countryUnknown])  // zero for the letter O
    }

    @Test("several problems are all reported, in input order")
    func several() {
        #expect(codes("SA12345678XZZ") == [.serviceIndicatorReserved, .checkDigit, .countryUnknown])
        #expect(codes("1E1234B678 5Z9") == [.serviceIndicator, .serial, .countryUnknown])
        let rtl = S10.validate("EE\u{202E}12345678\u{202C}9CN")  // right-to-left override, dropped
        #expect(rtl.errors.map(\.code) == [.checkDigit])
    }

    @Test("every error code has an English and a Chinese message that differ", arguments: S10ErrorCode.allCases)
    func messages(_ code: S10ErrorCode) {
        let error = S10Error(code, position: 3, expected: "5", found: "9")
        let en = error.message(in: .en), zh = error.message(in: .zhHans)
        #expect(en.count > 20 && zh.count > 10)
        #expect(en != zh)
        #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        #expect(error.description == "\(code.rawValue) (position 3, expected 5, found \"9\")")
    }

    @Test("stable machine codes")
    func stableCodes() {
        #expect(S10ErrorCode.allCases.map(\.rawValue) == [
            "empty", "length", "characters", "service_indicator", "service_indicator_reserved", "serial",
            "check_digit", "country_missing", "country_incomplete", "country_unknown",
        ])
    }
}
