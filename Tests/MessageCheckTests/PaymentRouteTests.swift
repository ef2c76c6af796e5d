import Foundation
import MessageCheck
import Testing
import TestSupport

@Suite("Payment routes: bank accounts, prepaid cards, payments already made")
struct PaymentRouteTests {
    static func accounts(_ text: String) throws -> [Signal] { try check(text).signals.filter { $0.kind == .bankAccount } }

    @Test("an account to pay into from a message that claims to be a post or courier is a route of its own", arguments: [
        "日本郵便株式会社：関税のお支払いを銀行振込でお願いします。振込先：みずほ銀行 普通 1234567",
        "【佐川急便】再配達料を下記へお振込みください。ゆうちょ銀行 〇一八店 普通預金 1234567",
        "【ヤマト運輸】配送料の不足分があります。口座番号：0012345 までお振込みください。",
        "EMS: 请将关税转账至账号 6222 0210 0112 3456 789",
    ])
    func carrierAccount(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .likelyScam, "\(result.signals.map { "\($0.kind.rawValue)=\($0.weight)" })")
        let account = try #require(result.signals.first { $0.kind == .bankAccount })
        #expect(account.weight == 3)
        #expect(account.explanation.en.contains("bank account"))
        #expect(account.explanation.text(tag: "ja").contains("口座"))
        #expect(!result.signals.contains { $0.kind == .phoneNotPublished }, "an account number is not a phone number")
    }

    @Test("a shop's account for a bank-transfer order is information, not a warning sign")
    func shopAccount() throws {
        let text = "ご注文ありがとうございます。お支払い方法：銀行振込。お振込先：三井住友銀行 渋谷支店 普通 7654321 カ）ハナヤ。ご入金を確認後、発送いたします。"
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signals.map { "\($0.kind.rawValue)=\($0.weight)" })")
        #expect(try Self.accounts(text).map(\.weight) == [1])
    }

    @Test("an IBAN is read past its country letters")
    func iban() throws {
        let found = try Self.accounts("Bitte überweisen Sie die Gebühr auf IBAN: DE89 3704 0044 0532 0130 00")
        #expect(found.count == 1)
        #expect(found.first?.text == "IBAN: DE89 3704 0044 0532 0130 00")
    }

    @Test("a cue without an account number after it is no account", arguments: [
        "普通 12345",                 // five digits: too short
        "普通郵便でお送りしました。",     // no digits
        "口座",                        // the cue ends the text
        "普通 1234567abc",            // digits run into letters: a code, not an account
        "口座は公式サイトでご確認ください 1234567", // words between cue and digits
        "口座番号 EE123456785CN",       // a tracking number
        "普通 https://example.com/1234567",
    ])
    func notAccounts(text: String) throws {
        #expect(try Self.accounts(text).isEmpty)
    }

    @Test("20 KB of accounts gives a bounded number of signals")
    func manyAccounts() throws {
        let text = String(repeating: "【日本郵便】普通 1234567 ", count: 900)
        let signals = try Self.accounts(String(text.utf8.prefix(MessageChecker.maximumBytes - 32))!)
        #expect(signals.count == MessageChecker.maximumSignalsPerKind)
        #expect(try Self.accounts(String(repeating: "9", count: 20_000)).isEmpty)
        #expect(try Self.accounts("普通 " + String(repeating: "1", count: 20_000)).count == 1)
    }

    @Test("a prepaid-card brand is asked-for money in any language", arguments: [
        "【佐川急便】未払いの配達料金があります。Vプリカを購入して番号をお送りください。",
        "EMS国際便の手数料はBitCashでお支払いください。",
        "Colissimo : réglez les frais de 2 € avec une recharge Transcash.",
        "Zoll: Bezahlen Sie die Gebühr mit einer paysafecard.",
        "Customs: send us a Steam Wallet code to release your parcel.",
        "Почта: оплатите пошлину картой Razer Gold.",
    ])
    func prepaidBrands(text: String) throws {
        let result = try check(text)
        #expect(result.signals.contains { $0.kind == .paymentRequest && $0.weight == 4 }, "\(result.signals.map(\.text))")
        #expect(result.verdict != .noWarningSigns)
    }

    @Test("a brand inside a longer word is not the brand", arguments: ["bitcashier", "webmoneyz", "transcashless", "ukashi"])
    func brandInsideWord(word: String) throws {
        #expect(try !check("Hello \(word) team").signals.contains { $0.kind == .paymentRequest })
    }

    @Test("a payment confirmed in the same sentence is not a request; a debt confirmed still is", arguments: [
        ("クレジットカードでのお支払いを確認しました。", false),
        ("ご注文代金のお支払い（3,980円）が完了しました。", false),
        ("再配達料金のお支払いを承りました。", false),
        ("お支払いが確認できませんでした。", true),
        ("配送料の未払いを確認しました。", true),
        ("お支払いください。確認しました", true),
    ])
    func paidAfter(text: String, asks: Bool) throws {
        #expect(try kinds(text).contains(.paymentRequest) == asks, "\(text)")
    }

    @Test("a malformed prepaid-card file is an error, a missing one is none", .scratch)
    func prepaidFile() throws {
        let folder = try RulesFolder.minimal()
        #expect(try MessageChecker(rules: RuleBook(folder: folder)).check("pay with bitcash").signals.isEmpty)
        try Data(#"{"weight": 4, "brands": ["tributecard"]}"#.utf8).write(to: folder.appendingPathComponent("prepaid_cards.json"))
        #expect(try MessageChecker(rules: RuleBook(folder: folder)).check("pay with tributecard").signals.map(\.kind) == [.paymentRequest])
        try Data(#"{"weight": "heavy", "brands": 3}"#.utf8).write(to: folder.appendingPathComponent("prepaid_cards.json"))
        #expect(throws: (any Error).self) { try RuleBook(folder: folder) }
    }
}
