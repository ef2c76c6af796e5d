import Foundation
import MessageCheck
import PostTraceCore
import Testing

@Suite("Generated hostile messages")
struct FuzzTests {
    static let pieces = ["http://", "https://", "www.", ".", "..", "@", ":", "/", "-", "xn--", "ems", "usps", "com", "cn", "top",
                         "\u{200B}", "\u{202E}", "\u{202C}", "\u{FEFF}", "\u{0301}", "\u{200D}", "📦", "👨\u{200D}👩", "ｅｍｓ", "。",
                         "支付", "关税", "验证码", "pay", "fee", "within 24 hours", "EE123456785CN", "EE12345678", "+", "(", ")",
                         "11183", "138", "0", "9", " ", "\n", "\t", "\u{0000}", "Ω", "а", "о", "£1.99", "¥", "#", "*", "\\", "\"", "【", "】"]

    @Test("thousands of generated messages never crash, and every span quotes the original text")
    func generated() throws {
        var rng = SplitMix64(seed: 0x5EED)
        for _ in 0..<1_500 {
            let count = Int.random(in: 1...40, using: &rng)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            let result: MessageCheckResult
            do { result = try MessageChecker.shipped.check(text) } catch {
                #expect(error.code == "message_empty", "unexpected error for \(text.debugDescription)")
                continue
            }
            let utf16 = Array(text.utf16)
            for signal in result.signals {
                #expect(signal.span.start >= 0 && signal.span.start < signal.span.end && signal.span.end <= utf16.count)
                #expect(String(decoding: utf16[signal.span.start..<signal.span.end], as: UTF16.self) == signal.text)
            }
            #expect(result.signals.contains { $0.severity != .info } || result.verdict == .noWarningSigns)
        }
    }
}
