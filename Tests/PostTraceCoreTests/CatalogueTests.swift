import Testing
import S10
@testable import PostTraceCore

@Suite struct CatalogueTests {
    @Test(arguments: Language.allCases)
    func everyRequiredKeyExists(language: Language) {
        let table = Catalogue.table(language)
        let missing = Catalogue.requiredKeys.filter { (table[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "missing in \(language.rawValue): \(missing)")
    }

    @Test func bothLanguagesHaveTheSameKeys() {
        let en = Set(Catalogue.table(.en).keys), zh = Set(Catalogue.table(.zhHans).keys)
        #expect(en.subtracting(zh).isEmpty, "only in en: \(en.subtracting(zh).sorted())")
        #expect(zh.subtracting(en).isEmpty, "only in zh-Hans: \(zh.subtracting(en).sorted())")
    }

    @Test func placeholdersMatchAcrossLanguages() {
        for key in Catalogue.requiredKeys {
            let en = Catalogue.placeholders(in: Catalogue.table(.en)[key] ?? "")
            let zh = Catalogue.placeholders(in: Catalogue.table(.zhHans)[key] ?? "")
            #expect(en == zh, "placeholders differ for \(key): \(en) vs \(zh)")
        }
    }

    @Test func everyEventCodeHasATitleInBothLanguages() {
        for code in EventCode.allKnown {
            #expect(code.title(in: .en) != code.titleKey)
            #expect(code.title(in: .zhHans) != code.title(in: .en))
        }
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
        #expect(Catalogue.text("no.such.key", .en) == "no.such.key")
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
