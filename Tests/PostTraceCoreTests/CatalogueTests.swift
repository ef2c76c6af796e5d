import Foundation
import Testing
import S10
@testable import PostTraceCore

/// The languages whose catalogues are complete: all of them.
let completeLanguages = Language.allCases

@Suite struct CatalogueTests {
    @Test(arguments: completeLanguages)
    func everyPhraseExistsAndIsWritten(language: Language) {
        let phrases = Catalogue.file(language).phrases, english = Catalogue.file(.en).phrases
        // Only a separator may be empty (Chinese needs no space between sentences).
        let missing = Phrase.allCases.filter { phrase in
            guard let text = phrases[phrase.name] else { return true }
            return text.isEmpty && english[phrase.name]?.trimmingCharacters(in: .whitespaces).isEmpty == false
        }.map(\.name)
        #expect(missing.isEmpty, "missing in \(language.rawValue): \(missing)")
    }

    @Test(arguments: Language.allCases)
    func noCatalogueHasAPhraseTheCodeDoesNotKnow(language: Language) {
        let known = Set(Phrase.allCases.map(\.name))
        let unknown = Catalogue.file(language).phrases.keys.filter { !known.contains($0) }.sorted()
        #expect(unknown.isEmpty, "\(language.rawValue).json has phrases no code names: \(unknown)")
    }

    @Test(arguments: Language.allCases)
    func placeholdersMatchEnglish(language: Language) {
        let english = Catalogue.file(.en).phrases, phrases = Catalogue.file(language).phrases
        // A date is written in each language's own order and form (22.11.2026 names the month by number).
        let dateParts = Set(["day", "month", "monthNumber", "year"])
        for phrase in Phrase.allCases {
            guard let text = phrases[phrase.name] else { continue }
            if phrase == .dateDayMonth || phrase == .dateDayMonthYear {
                let used = Catalogue.placeholders(in: text)
                #expect(Set(used).isSubset(of: dateParts) && used.contains("day"), "\(language.rawValue) \(phrase.name): \(text)")
                continue
            }
            let expected = Catalogue.placeholders(in: english[phrase.name] ?? "")
            #expect(Catalogue.placeholders(in: text) == expected, "\(language.rawValue) \(phrase.name): \(text)")
        }
    }

    @Test(arguments: Language.allCases)
    func everyCountryIsNamed(language: Language) {
        let names = Catalogue.file(language).countries
        let unnamed = Country.all.filter { (names[$0.code] ?? "").isEmpty }.map(\.code)
        #expect(unnamed.isEmpty, "\(language.rawValue) has no name for \(unnamed)")
        #expect(Set(names.keys) == Set(Country.all.map(\.code)))
    }

    /// A phrase the code never names is dead text a translator would still have to write.
    @Test func theCodeUsesEveryPhrase() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var code = ""
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        for case let url as URL in files where url.pathExtension == "swift" && url.lastPathComponent != "Phrase.swift" {
            code += try String(contentsOf: url, encoding: .utf8)
        }
        let unused = Phrase.allCases.map(\.name).filter { name in
            code.range(of: "\\.\(name)\\b", options: .regularExpression) == nil
        }
        #expect(unused.isEmpty, "phrases no code uses: \(unused)")
    }

    @Test func everyLanguageHasItsFileAndItsOwnName() {
        let names = Language.allCases.map { Catalogue.text(.languageName, $0) }
        #expect(Set(names).count == Language.allCases.count, "\(names)")
    }

    @Test(arguments: completeLanguages.filter { $0 != .en })
    func everyEventCodeHasItsOwnTitle(language: Language) {
        for code in EventCode.allKnown {
            #expect(code.title(in: language) != code.title(in: .en), "\(language.rawValue) \(code.rawValue)")
        }
    }

    @Test func eventTitlesTranslateTheUPUMeaning() {
        #expect(EventCode.finalDelivery.title(in: .en) == "Delivered")
        #expect(EventCode.finalDelivery.title(in: .zhHans) == "妥投")
    }

    @Test func unknownCodesAreNamedAsSuch() {
        #expect(EventCode(rawValue: "XYZ").title(in: .en) == "Unknown event (XYZ)")
        #expect(EventCode(rawValue: "XYZ").title(in: .zhHans) == "未知事件（XYZ）")
        #expect(ReasonCode(rawValue: "K9").title(in: .en) == "Other reason (K9)")
    }

    @Test func statusStageAndCustomsTitles() {
        #expect(ItemStatus.inCustoms.title(in: .en) == "In customs")
        #expect(ItemStatus.delivered.title(in: .zhHans) == "已妥投")
        #expect(Stage.inTransit.title(in: .en) == "In transit")
        #expect(CustomsState(direction: .import, phase: .held).title(in: .en) == "Held by import customs")
        #expect(ReasonCode.addresseeAbsent.title(in: .en) == "addressee not at home")
        #expect(ReasonCode.allKnown.count >= 10)
    }

    @Test func fillingKeepsUnknownPlaceholdersAndHandlesHostileText() {
        #expect(Catalogue.fill("a {x} b {y}", ["x": "1"]) == "a 1 b {y}")
        #expect(Catalogue.fill("{x}", ["x": "{y}"]) == "{y}")
        #expect(Catalogue.fill("unclosed {x", ["x": "1"]) == "unclosed {x")
        // A `{` inside a name restarts it; the unfinished name is dropped, with or without other placeholders.
        #expect(Catalogue.fill("a{b{x}c", ["x": "1"]) == "a1c")
        #expect(Catalogue.fill("a{b{c", ["x": "1"]) == "a{c")
        #expect(Catalogue.fill("", ["x": "1"]) == "")
        #expect(Catalogue.fill("{}{x}", ["": "e", "x": "1"]) == "e1")
    }

    @Test func datesAsEachLanguageWritesThem() {
        let t = Fixture.time("2026-11-22T09:10:00+08:00")
        let expected: [Language: String] = [
            .en: "22 November 2026", .zhHans: "2026年11月22日", .zhHant: "2026年11月22日", .ja: "2026年11月22日",
            .ko: "2026년 11월 22일", .ru: "22 ноября 2026 г.", .es: "22 de noviembre de 2026", .fr: "22 novembre 2026",
            .de: "22.11.2026", .pt: "22 de novembro de 2026", .ar: "22 نوفمبر 2026",
        ]
        for language in Language.allCases { #expect(Catalogue.fullDate(t, language) == expected[language], "\(language)") }
        #expect(Catalogue.dateTime(t, .de) == "22.11.2026, 09:10 Uhr")
        #expect(Catalogue.date(t, .es, now: t.epochSeconds) == "22 de noviembre")
        // The office's own calendar day: 23:30 at UTC-05:00 is still the 22nd there.
        let late = Fixture.time("2026-11-22T23:30:00-05:00")
        #expect(Catalogue.fullDate(late, .ja) == "2026年11月22日")
    }

    @Test func datesInBothLanguages() {
        let t = Fixture.time("2026-03-03T09:10:00+08:00")
        #expect(Catalogue.date(t, .en, now: t.epochSeconds) == "3 March")
        #expect(Catalogue.date(t, .zhHans, now: t.epochSeconds) == "3月3日")
        let nextYear = Fixture.time("2027-01-02T00:00:00Z").epochSeconds
        #expect(Catalogue.date(t, .en, now: nextYear) == "3 March 2026")
        #expect(Catalogue.date(t, .zhHans, now: nextYear) == "2026年3月3日")
    }
}

@Suite("Stage order")
struct StageOrdinalTests {
    @Test("a stage's ordinal is its position in the journey")
    func ordinalIsPosition() {
        for (i, stage) in Stage.allCases.enumerated() { #expect(stage.ordinal == i) }
    }
}
