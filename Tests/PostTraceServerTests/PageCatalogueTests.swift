import Testing
import PostTraceCore
@testable import PostTraceServer
import S10
import TestSupport

@Suite("Page catalogue", .scratch)
struct PageCatalogueTests {
    @Test("the page's domain words come from Core's catalogue in the page's language")
    func domainNames() {
        #expect(EventCode.finalDelivery.title(in: .en) == "Delivered")
        #expect(EventCode.finalDelivery.title(in: .zhHans) == "妥投")
        #expect(EventCode(rawValue: "ZZZ").title(in: .en).contains("ZZZ"))
        for stage in Stage.allCases {
            #expect(stage.title(in: .en) != stage.title(in: .zhHans))
        }
        #expect(ItemStatus.inCustoms.title(in: .zhHans) == "海关处理中")
        #expect(PageCatalogue.country("DE", .zhHans) == "德国")
        #expect(PageCatalogue.country("XX", .en) == "XX")
        #expect(Catalogue.text(.pageTooMany, .en, ["max": "20", "extra": "3"]) == "Only the first 20 numbers are shown; 3 more were left out.")
    }
}

@Suite("Page input splitting", .scratch)
struct PageInputTests {
    @Test("spaces inside one number, as printed on receipts, are joined")
    func spacedNumber() {
        #expect(TrackInput.candidates(in: ["EE 123 456 785 CN"]) == ["EE123456785CN"])
        #expect(TrackInput.candidates(in: ["  ee 1234 5678 5 cn  "]) == ["ee123456785cn"])
    }

    @Test("new lines, commas, semicolons, spaces and full-width commas separate numbers")
    func separators() {
        let text = "EE123456785CN, RR123456785CN\nCP123456785CN;LX123456785CN  EA123456785CN，RB123456785CN\r\nUA123456785CN"
        #expect(TrackInput.candidates(in: [text]).count == 7)
        #expect(TrackInput.candidates(in: ["EE123456785CN+RR123456785CN"]) == ["EE123456785CN", "RR123456785CN"])
    }

    @Test("spaced and compact numbers on one line are told apart; duplicates dropped")
    func mixed() {
        #expect(TrackInput.candidates(in: ["EE 123 456 785 CN RR123456785CN"]) == ["EE123456785CN", "RR123456785CN"])
        #expect(TrackInput.candidates(in: ["RR123456785CN EE 123 456 785 CN"]) == ["RR123456785CN", "EE123456785CN"])
        #expect(TrackInput.candidates(in: ["EE123456785CN", "ee123456785cn\nEE 123456785 CN"]) == ["EE123456785CN"])
    }

    @Test("a mistyped spaced number stays one candidate, so its error explains it")
    func mistypedSpaced() {
        #expect(TrackInput.candidates(in: ["EE 123 456 78 CN"]) == ["EE12345678CN"])
    }

    @Test("hostile input: empty, separators only, huge, control characters")
    func hostile() {
        #expect(TrackInput.candidates(in: []) == [])
        #expect(TrackInput.candidates(in: ["", " ,,\n\n;; "]) == [])
        let huge = String(repeating: "EE123456785CN ", count: 5000) + String(repeating: "x", count: 100_000)
        // 5,000 copies of one number and a 100,000-letter word: one number, the word dropped.
        #expect(TrackInput.candidates(in: [huge]) == ["EE123456785CN"])
        #expect(TrackInput.candidates(in: ["<script>alert(1)</script>"]) == ["<script>alert(1)</script>"])
        #expect(TrackInput.candidates(in: ["\u{0}\u{7}EE123456785CN"]).count == 1)
    }

    @Test("numbers are picked out of pasted sentences; words are dropped, likely mistyped numbers kept")
    func sentences() {
        #expect(TrackInput.candidates(in: ["Tracking number: EE 123 456 785 CN"]) == ["EE123456785CN"])
        #expect(TrackInput.candidates(in: ["单号：EE123456785CN，请查收"]) == ["EE123456785CN"])
        #expect(TrackInput.candidates(in: ["Your parcel RR123456785CN and EE12345678CN"]) == ["RR123456785CN", "EE12345678CN"])
        #expect(TrackInput.candidates(in: ["hello world"]) == ["hello world"])
        #expect(TrackInput.candidates(in: ["Hi,", "EE123456785CN", "thanks"]) == ["EE123456785CN"])
        #expect(TrackInput.candidates(in: ["order 12345678 shipped"]) == ["12345678"])
    }

    @Test("full-width numbers typed with a CJK input method are recognised")
    func fullWidth() {
        let candidates = TrackInput.candidates(in: ["ＥＥ１２３４５６７８５ＣＮ、RR123456785CN"])
        #expect(candidates.count == 2)
        #expect(NumberCheck(input: candidates[0], language: .en).number?.description == "EE123456785CN")
    }

    @Test("verdicts come from S10.validate: problem in the page's language and corrections")
    func verdicts() {
        let wrongCheck = NumberCheck(input: "EE123456784CN", language: .en)
        #expect(wrongCheck.number == nil)
        #expect(wrongCheck.suggestions.contains(S10Number("EE123456785CN")!))
        #expect(wrongCheck.problem.contains("check digit"))
        #expect(NumberCheck(input: "EE12345678CN", language: .zhHans).problem.contains("13"))
        #expect(NumberCheck(input: "ee 123-456-785 cn", language: .en).number?.description == "EE123456785CN")
        #expect(!NumberCheck(input: "<script>", language: .en).problem.isEmpty)
    }
}
