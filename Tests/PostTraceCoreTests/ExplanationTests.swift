import Testing
import S10
@testable import PostTraceCore

@Suite struct ExplanationTests {
    typealias F = Fixture

    @Test func customsHeadlineInBothLanguages() {
        #expect(F.timeline(F.chinaToGermany).explanation.headline == "In customs in Germany since 3 March")
        #expect(F.timeline(F.chinaToGermany, language: .zhHans).explanation.headline == "自3月3日起在德国海关")
    }

    @Test func customsAdviceMentionsDocumentsAndDuties() {
        let advice = F.timeline(F.chinaToGermany).explanation.advice.joined(separator: " ")
        #expect(advice.contains("invoice, proof of value or an ID document"))
        #expect(advice.contains("duties"))
        let held = F.timeline(F.chinaToGermany + [F.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA", reason: "documents_required")])
        #expect(held.explanation.headline == "Held by customs in Germany since 3 March")
        #expect(held.explanation.advice.contains { $0.contains("customs service of the post in Germany") && $0.contains("documents required") })
    }

    @Test(arguments: Language.allCases)
    func noRecordAdvice(language: Language) {
        let t = F.timeline([], language: language)
        let advice = t.explanation.advice.joined(separator: "\n")
        #expect(advice.contains("24"))
        #expect(advice.contains("48"))
        #expect(advice.contains("(CN)") || advice.contains("CN"))
        #expect(t.explanation.advice.count == 4)
        #expect(t.explanation.headline.contains("EE123456785CN"))
    }

    @Test func deliveryFailureGivesTheReasonAndNextSteps() {
        let absent = F.timeline(F.chinaToGermany + [F.event("EMH", "2026-03-05T11:00:00+01:00", "DE10115", reason: "addressee_absent")])
        #expect(absent.explanation.headline == "Delivery attempt failed on 5 March: addressee not at home")
        #expect(absent.explanation.advice.contains { $0.contains("Collect the item at the delivery office") })
        #expect(absent.explanation.advice.contains { $0.contains("new delivery with the post in Germany") })
        let address = F.timeline(F.chinaToGermany + [F.event("EMH", "2026-03-05T11:00:00+01:00", "DE10115", reason: "wrong_address")])
        #expect(address.explanation.advice.contains { $0.contains("correct address") })
    }

    @Test func scamNoteIsAlwaysThere() {
        let codes = EventCode.allKnown.map(\.rawValue) + ["ZZZ"]
        for language in Language.allCases {
            let note = Catalogue.text(.adviceScam, language)
            #expect(F.timeline([], language: language).explanation.advice.last == note)
            for code in codes {
                let t = F.timeline([F.chinaToGermany[0], F.event(code, "2026-03-03T10:00:00+01:00", "DEFRAA")], language: language)
                #expect(t.explanation.advice.last == note, "\(code)")
                #expect(!t.explanation.headline.contains("{"), "\(code): \(t.explanation.headline)")
            }
        }
    }

    @Test func staleItemsGetContactsFromTheDirectory() {
        let t = F.timeline(Array(F.chinaToGermany.prefix(3)), now: "2026-03-20T00:00:00Z")
        #expect(t.stale)
        #expect(t.explanation.advice.contains { $0.contains("No new record for 17 days") && $0.contains("In transit") })
        #expect(t.explanation.contacts.contains { $0.contains("11183") })
        let zh = F.timeline(Array(F.chinaToGermany.prefix(3)), language: .zhHans, now: "2026-03-20T00:00:00Z")
        #expect(zh.explanation.contacts.contains { $0.contains("中国邮政") && $0.contains("11183") })
        #expect(F.timeline(Array(F.chinaToGermany.prefix(3)), now: "2026-03-04T00:00:00Z").explanation.contacts.isEmpty)
    }

    @Test func contactsComeFromTheGivenDirectory() {
        let op = PostalOperator(id: "de-test", name: LocalizedText(en: "Test Post", zhHans: "测试邮政"), countries: ["DE"], domains: [],
                                phones: [.init(number: "+49 1", label: LocalizedText(en: "hotline", zhHans: "热线"))],
                                website: "https://post.example", sources: ["https://post.example/contact"])
        let t = Timeline(number: F.number, events: F.chinaToGermany, language: .en,
                         now: F.time("2026-04-01T00:00:00Z").epochSeconds, directory: PostalDirectory(operators: [op]))
        #expect(t.stale)
        #expect(t.explanation.contacts == ["Test Post: +49 1 (hotline) https://post.example"])
    }
}

@Suite struct MissingReasonTests {
    @Test func heldWithoutAReasonSaysSo() {
        let t = Fixture.timeline(Fixture.chinaToGermany + [Fixture.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA")])
        #expect(t.explanation.advice.contains { $0.hasPrefix("Customs is holding the item (no reason given).") })
        let zh = Fixture.timeline(Fixture.chinaToGermany + [Fixture.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA")], language: .zhHans)
        #expect(zh.explanation.advice.contains { $0.contains("（未说明原因）") })
    }
}
