import Testing
import S10

@Suite struct LanguageNegotiationTests {
    @Test func theLanguagesAreTheElevenInOrder() {
        #expect(Language.allCases.map(\.rawValue) == ["en", "zh-Hans", "zh-Hant", "ja", "ko", "ru", "es", "fr", "de", "pt", "ar"])
        #expect(Language.allCases.filter(\.isRightToLeft) == [.ar])
    }

    /// Accept-Language headers as browsers and people send them, and the language each must get.
    static let table: [(header: String?, expected: Language)] = [
        (nil, .en), ("", .en), ("*", .en), ("sv-SE, nb;q=0.9", .en), ("en-US,en;q=0.9", .en),
        ("zh-CN,zh;q=0.9,en;q=0.8", .zhHans), ("zh", .zhHans), ("zh-SG", .zhHans), ("zh-Hans-CN", .zhHans), ("ZH_cn", .zhHans),
        ("zh-TW", .zhHant), ("zh-HK,zh;q=0.9", .zhHant), ("zh-MO", .zhHant), ("zh-Hant", .zhHant), ("zh-Hant-CN", .zhHant),
        ("zh-yue-HK", .zhHant), ("zh-Hans-HK", .zhHans),
        ("ja-JP,ja;q=0.9,en-US;q=0.8", .ja), ("ko-KR", .ko), ("ru-RU,ru;q=0.9", .ru), ("uk-UA,ru;q=0.8,en;q=0.5", .ru),
        ("es-419,es;q=0.9", .es), ("es-MX", .es), ("fr-CA", .fr), ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", .fr),
        ("de-CH", .de), ("de-AT-1996", .de), ("pt-BR", .pt), ("pt-PT", .pt), ("ar-EG,ar;q=0.9", .ar), ("ar-SA", .ar),
        // q order, not header order; ties keep the header's order; q=0 refuses.
        ("en;q=0.5, de;q=0.8", .de), ("fr, ja", .fr), ("ja;q=0.9, ko;q=0.9", .ja), ("ar;q=0, fr;q=0.1", .fr),
        ("de;q=0.000, es;q=0.001", .es), ("es;q=1.0, ja;q=0.999", .es), ("ko;q=1.000", .ko),
        // A range we do not speak is skipped for the next.
        ("nl-NL, pt;q=0.4", .pt), ("x-klingon, ru;q=0.2", .ru),
        // Malformed weights drop their range, not the header.
        ("ja;q=2, ko;q=0.5", .ko), ("ja;q=abc, fr;q=0.3", .fr), ("ja;q=0.1234, de;q=0.2", .de), ("ja;q=-1, es;q=0.3", .es),
        ("ja;q=, pt;q=0.3", .pt), ("ja;Q=0.9, ko;q=0.5", .ja),
        // Hostile or odd input still answers.
        (" , ,,; ;q=1", .en), ("\t fr \t;\tq=0.5", .fr), ("ja!, ko", .ko), ("zh-\u{0}TW, es", .es), ("日本語, ru", .ru),
        (String(repeating: "xx,", count: 10_000) + "ja", .en), (String(repeating: "a", count: 500) + ",de", .de),
    ]

    @Test(arguments: table)
    func negotiates(_ row: (header: String?, expected: Language)) {
        #expect(Language.negotiate(acceptLanguage: row.header) == row.expected, "\(String(describing: row.header?.prefix(60)))")
    }

    @Test func queryComesFirstThenTheHeader() {
        #expect(Language.choose(query: "ar", acceptLanguage: "ja") == .ar)
        #expect(Language.choose(query: "zh-TW", acceptLanguage: nil) == .zhHant)
        #expect(Language.choose(query: "pt-BR", acceptLanguage: "de") == .pt)
        #expect(Language.choose(query: "xx", acceptLanguage: "ko") == .ko)
        #expect(Language.choose(query: "", acceptLanguage: "ru") == .ru)
        #expect(Language.choose(query: nil, acceptLanguage: nil) == .en)
    }

    @Test func everyLanguageIsFoundByItsOwnTag() {
        for language in Language.allCases {
            #expect(Language(tag: language.rawValue) == language)
            #expect(Language(tag: language.rawValue.uppercased()) == language)
        }
        #expect(Language(tag: "zh_Hant_TW") == .zhHant)
        #expect(Language(tag: "*") == nil && Language(tag: "") == nil && Language(tag: "e") == nil)
    }
}
