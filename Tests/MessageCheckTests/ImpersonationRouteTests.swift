import Foundation
import MessageCheck
import Testing

@Suite("Impersonation warnings, full stops inside names, terminals, personal data, payment IDs, shop look-alikes")
struct ImpersonationRouteTests {
    @Test("a warning naming the fraud as impersonation quotes the requests it describes, in several languages", arguments: [
        "【ヤマト運輸】ヤマト運輸を名乗り、遠隔操作アプリのインストールを求める電話やSMSが確認されています。当社がアプリのインストールをお願いすることはございません。",
        "Royal Mail: criminals are posing as Royal Mail and ask you to install a remote-control app. We will never ask you to install an app.",
        "Correos: hay personas que se hacen pasar por Correos y piden su contraseña. Correos nunca le pedirá su contraseña.",
        "La Poste : des escrocs se faisant passer pour La Poste demandent votre mot de passe. La Poste ne vous le demandera jamais.",
    ])
    func impersonationWarning(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
    }

    @Test("a warning covers the sentence after the one naming the fraud, not a request two sentences on")
    func warningCoversNextSentence() throws {
        let warning = try check("【楽天カード】宅配業者を装ったSMSにご注意ください。SMSのリンクからカード番号を入力すると、不正に利用される恐れがあります。")
        #expect(warning.verdict == .noWarningSigns, "\(warning.signs)")
        // A scam that names fraud keeps the request two sentences after it.
        let scam = try check("【日本郵便】詐欺にご注意ください。ご本人確認をお願いします。カード番号を入力してください。")
        #expect(scam.signals.contains { $0.kind == .credentialRequest && $0.weight == 4 }, "\(scam.signs)")
        #expect(scam.verdict != .noWarningSigns)
    }

    @Test("a full stop between two non-space characters ends no sentence; one before a space does")
    func fullStopInsideNames() throws {
        // The negation reaches past the full stop of the amount to the request it denies.
        let denied = try check("USPS: we will never ask for a fee of 1.50 USD or for your card number by text.")
        #expect(denied.verdict == .noWarningSigns, "\(denied.signs)")
        // After a full stop and a space the denial is over: the request in the next sentence counts.
        let twoSentences = try check("USPS: we will never ask twice. Pay a fee at usps-fee.top now.")
        #expect(twoSentences.signals.contains { $0.kind == .paymentRequest && $0.weight >= 3 }, "\(twoSentences.signs)")
        // 9,000 full stops between letters before a request: one long sentence, the request still found.
        let dots = try check("【日本郵便】" + String(repeating: "a.", count: 9_000) + " 関税をお支払いください")
        #expect(dots.signals.contains { $0.kind == .paymentRequest }, "\(dots.signs)")
    }

    @Test("a code to enter on a locker or terminal is not given to anyone, in several languages", arguments: [
        "【ヤマト運輸】お荷物をマンションの宅配ロッカーにお届けしました。受け取りの際は、ロッカーの画面で認証番号 7215 を入力してください。",
        "Amazon: your parcel is in the locker. Enter the pickup code 483920 on the locker screen.",
        "DHL: Ihre Sendung liegt in der Packstation. Geben Sie an der Packstation die Abholnummer 482913 ein.",
    ])
    func lockerCode(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
    }

    @Test("a locker cue does not soften a code asked for with a link of the sender's own")
    func lockerWithLink() throws {
        let result = try check("【ヤマト運輸】ロッカーの画面で使う認証番号を https://yamato-locker.top で入力してください。")
        #expect(result.verdict == .likelyScam, "\(result.signs)")
    }

    @Test("a date of birth asked for by reply is personal data asked for; one mentioned is information", arguments: [
        ("【日本郵便】お名前・生年月日・ご住所をこのメールにご返信ください。", true),
        ("USPS: reply with your full name and date of birth to release the parcel.", true),
        ("Correos: responda con su fecha de nacimiento para recibir el paquete.", true),
        ("【中国邮政】请回复您的姓名和出生日期以便派送。", true),
        ("お誕生日おめでとう！生年月日がわかったので、プレゼントを送ったよ。", false),
    ])
    func dateOfBirth(text: String, asked: Bool) throws {
        let result = try check(text)
        let weights = result.signals.filter { $0.kind == .credentialRequest }.map(\.weight)
        #expect(asked ? weights.contains(4) : !weights.contains { $0 >= 2 }, "\(result.signs)")
        #expect((result.verdict != .noWarningSigns) == asked, "\(result.signs)")
    }

    @Test("a payment app ID or payment number from a carrier is a route of its own", arguments: [
        "【佐川急便】配達料金の差額440円をPayPay ID「sagawa-fee8」宛てにお支払いください。",
        "【日本郵便】関税2,870円が未納です。Pay-easyにて、お客様番号 3920 4471 8826 でお支払いください。",
        "USPS: pay the redelivery fee of $3 on Venmo @usps-redeliver.",
    ])
    func carrierPaymentID(text: String) throws {
        let result = try check(text)
        let route = try #require(result.signals.first { $0.kind == .bankAccount }, "\(result.signs)")
        #expect(route.weight == 3)
        #expect(result.verdict == .likelyScam, "\(result.signs)")
        #expect(route.explanation.en.contains("payment app ID"))
    }

    @Test("a payment ID elsewhere is information; a cue without an ID is none", arguments: [
        ("送料、PayPay ID「yuki0418」に送ってね", 1),
        ("【楽天ブックス】コンビニ払いのお支払い番号：2210-8834-5567。レジでお支払いください。", 1),
        ("【日本郵便】PayPay ID「ab」", 0),
        ("【日本郵便】お客様番号をお手元にご用意ください。", 0),
    ])
    func paymentIDElsewhere(text: String, weight: Int) throws {
        let result = try check(text)
        #expect(result.signals.filter { $0.kind == .bankAccount }.map(\.weight) == (weight == 0 ? [] : [weight]), "\(result.signs)")
    }

    @Test("20 KB of payment IDs gives a bounded number of signals, and a cue before 20,000 ID characters one")
    func manyPaymentIDs() throws {
        let id = "【佐川急便】PayPay ID「fee12」。"
        let ids = String(repeating: id, count: MessageChecker.maximumBytes / id.utf8.count)
        #expect(try check(ids).signals.filter { $0.kind == .bankAccount }.count == MessageChecker.maximumSignalsPerKind)
        let long = try check("【佐川急便】PayPay ID " + String(repeating: "a-", count: 9_000))
        #expect(long.signals.filter { $0.kind == .bankAccount }.count == 1)
    }

    @Test("shop brands and their abbreviations inside a host are look-alikes; the shops' own hosts are not", arguments: [
        ("https://amzn-gift.jp-receive.com", true),
        ("https://amazonhub-jp.top/code", true),
        ("https://rakuten-card.jp-secure.net/login", true),
        ("https://amzn.to/3xYzAbc", false),
        ("https://www.amazon.co.jp/gp/css/order-history", false),
        ("https://jp.mercari.com/transaction/m123", false),
    ])
    func shopLookalikes(url: String, lookalike: Bool) throws {
        let result = try check("お荷物の確認はこちら \(url)")
        let link = try #require(result.signals.first { $0.kind.rawValue.hasPrefix("link_") }, "\(result.signs)")
        #expect((link.kind == .linkLookalike) == lookalike, "\(link.kind)")
    }
}
