import Foundation
import MessageCheck
import Testing

@Suite("Hostile input")
struct HostileInputTests {
    @Test("empty and blank messages are refused with message_empty", arguments: ["", " ", "\n\t ", "\u{200B}\u{200B}", "\u{3000}"])
    func empty(text: String) {
        #expect(throws: MessageCheckError.empty) { try MessageChecker.shipped.check(text) }
    }

    @Test("20 KB of emoji is checked; one byte more is refused with message_too_large")
    func emojiLimit() throws {
        let emoji = String(repeating: "📦", count: MessageChecker.maximumBytes / 4)  // 4 UTF-8 bytes each
        #expect(emoji.utf8.count == MessageChecker.maximumBytes)
        let result = try check(emoji)
        #expect(result.verdict == .noWarningSigns && result.signals.isEmpty)
        do {
            _ = try MessageChecker.shipped.check(emoji + "x")
            Issue.record("over the limit was accepted")
        } catch {
            #expect(error.code == "message_too_large")
        }
    }

    @Test("emoji joined with zero-width joiners are not hidden characters; a word split by one is")
    func joiners() throws {
        #expect(try check("Family 👨\u{200D}👩\u{200D}👧 photo").signals.isEmpty)
        let split = try check("请支\u{200B}付运费")
        #expect(split.signals.contains { $0.kind == .hiddenCharacters })
        #expect(split.signals.contains { $0.kind == .paymentRequest && $0.text.hasPrefix("支\u{200B}付") })
    }

    @Test("a very long URL is one link, its span and quote bounded")
    func longURL() throws {
        let url = "https://ems-pay.top/" + String(repeating: "a", count: 15_000)
        let result = try check("Pay here: " + url)
        let links = result.signals.filter { $0.kind.rawValue.hasPrefix("link_") }
        #expect(links.count == 1)
        #expect(links.first?.span == TextSpan(start: 10, end: 10 + url.utf16.count))
        #expect((links.first?.explanation.en.count ?? .max) < 1_000)
    }

    @Test("control characters, lone combining marks and odd scripts do not crash the checker")
    func oddText() throws {
        let odd = "\u{0000}\u{0007}\u{0301}\u{FFFD}\u{202E}\u{2066}ｐａｙ\u{FEFF}𝐔𝐒𝐏𝐒 ٠١٢٣٤٥٦٧٨٩ " + String(repeating: "a.", count: 3000)
        _ = try check(odd)
        _ = try check(String(repeating: "1", count: 20_000))
        _ = try check(String(repeating: "http://", count: 2_000))
    }

    @Test("spans are UTF-16 offsets into the original text, after emoji and hidden characters")
    func spans() throws {
        let text = "📦📦 请支付\u{200B}运费 at ems-pay.top"
        let result = try check(text)
        let utf16 = Array(text.utf16)
        for signal in result.signals {
            let quoted = String(decoding: utf16[signal.span.start..<signal.span.end], as: UTF16.self)
            #expect(quoted == signal.text)
        }
        #expect(result.signals.contains { $0.text == "ems-pay.top" })
    }

    @Test("zero-width characters inside words of every script are reported and do not hide the phrase", arguments: [
        ("お支\u{200B}払いください", "お支"), ("결\u{200C}제해 주세요", "결"), ("اد\u{200D}فع الرسوم", "اد"),
        ("опл\u{2060}атите пошлину", "опл"), ("pa\u{FEFF}gue la tasa", "pa"), ("付\u{200B}款", "付"),
    ])
    func zeroWidthInScripts(text: String, prefix: String) throws {
        let result = try check(text)
        #expect(result.signals.contains { $0.kind == .hiddenCharacters })
        #expect(result.signals.contains { $0.kind == .paymentRequest && $0.text.unicodeScalars.starts(with: prefix.unicodeScalars) })
    }

    @Test("right-to-left marks and overrides in Arabic and mixed text keep spans true and links judged in reading order")
    func rightToLeft() throws {
        // An RLM after an Arabic word is ordinary typing; an override inside a domain is a disguise.
        let text = "ادفع\u{200F} الرسوم عبر spl-\u{202E}pot.eef\u{202C} الآن"
        let result = try check(text)
        let utf16 = Array(text.utf16)
        for signal in result.signals {
            #expect(String(decoding: utf16[signal.span.start..<signal.span.end], as: UTF16.self) == signal.text)
        }
        #expect(result.signals.contains { $0.kind == .hiddenCharacters })
        #expect(result.signals.contains { $0.kind == .paymentRequest })
        #expect(result.verdict != .noWarningSigns)
    }

    @Test("mixed scripts in one message: every language's rules apply, spans stay on the original text")
    func mixedScripts() throws {
        let text = "【日本郵便】Pay now / оплатите / 결제 / ادفع / お支払い：ｊｐ－ｐｏｓｔ．ｔｏｐ 📦"
        let result = try check(text)
        let utf16 = Array(text.utf16)
        let payments = result.signals.filter { $0.kind == .paymentRequest }
        #expect(payments.count >= 5)
        for signal in result.signals {
            #expect(String(decoding: utf16[signal.span.start..<signal.span.end], as: UTF16.self) == signal.text)
        }
        #expect(result.verdict == .likelyScam)
    }

    @Test("20 KB of repeated phrases in every script is checked with bounded signals per kind", arguments: [
        "お支払いください ", "결제하세요 ", "оплатите ", "ادفع ", "請付款 ", "réglez les frais ", "ｵ支払い ",
    ])
    func longInput(phrase: String) throws {
        var text = ""
        while text.utf8.count + phrase.utf8.count <= MessageChecker.maximumBytes - 64 { text += phrase }
        let result = try check(text)
        #expect(result.signals.filter { $0.kind == .paymentRequest }.count <= MessageChecker.maximumSignalsPerKind)
        #expect(throws: (any Error).self) { try MessageChecker.shipped.check(text + String(repeating: "x", count: MessageChecker.maximumBytes)) }
    }
}
