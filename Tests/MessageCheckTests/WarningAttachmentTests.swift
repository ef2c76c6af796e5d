import Foundation
import MessageCheck
import Testing
import TestSupport

@Suite("Attachments to open, anti-fraud warnings across sentences, ways to pay on cash on delivery")
struct WarningAttachmentTests {
    static func attachments(_ text: String) throws -> [Signal] { try check(text).signals.filter { $0.kind == .attachment } }

    @Test("a carrier asking to open an attached file is a route of its own, in any language", arguments: [
        "【ヤマト運輸】送り状に不備があります。添付ファイルを開いて内容をご確認ください。",
        "【日本郵便】ご不在連絡票は 不在通知_0412.html でご確認ください。",
        "【佐川急便】お荷物の詳細：伝票_0412.ZIP",
        "Royal Mail: open the attached file to rearrange your delivery.",
        "【中国邮政】请打开附件查看您的运单。",
        "Почта России: откройте вложение, чтобы узнать время доставки.",
        "Correos: abra el archivo adjunto para confirmar la entrega.",
        "La Poste : ouvrez la pièce jointe pour reprogrammer la livraison.",
        "Deutsche Post: Öffnen Sie den Anhang, um die Zustellung zu bestätigen.",
    ])
    func carrierAttachment(text: String) throws {
        let result = try check(text)
        let sign = try #require(result.signals.first { $0.kind == .attachment }, "\(result.signs)")
        #expect(sign.weight == 3)
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        #expect(sign.explanation.en.contains("attached file"))
        #expect(sign.explanation.text(tag: "ja").contains("添付ファイル"))
    }

    @Test("an attachment to open with a payment from a carrier is likely a scam")
    func attachmentPayment() throws {
        let result = try check("【日本郵便】関税1,200円のお支払いについては、添付の請求書.zip を開いてご確認ください。")
        #expect(result.verdict == .likelyScam, "\(result.signs)")
    }

    @Test("a file elsewhere is information; a document only mentioned, a negated request or a file in a link is none", arguments: [
        ("写真をまとめて photos_1203.zip にしたので、開いてみてね。", 1),
        ("I attached the minutes, open them when you can.", 1),
        ("12月分のご請求書（PDF）を添付にてお送りします。", 0),
        ("【日本郵便】当社が添付ファイルを開くようお願いすることはありません。", 0),
        ("【日本郵便】お荷物の状況は https://www.post.japanpost.jp/a/notice.html でご確認ください。", 0),
        ("【日本郵便】.zip", 0),
        ("report.zipx and build.exe1", 0),
    ])
    func attachmentElsewhere(text: String, weight: Int) throws {
        let found = try Self.attachments(text)
        #expect(found.map(\.weight) == (weight == 0 ? [] : [weight]), "\(text)")
        #expect(try check(text).verdict == .noWarningSigns)
    }

    @Test("20 KB of file names and attachment requests gives a bounded number of signals")
    func manyAttachments() throws {
        let name = "【日本郵便】a.zip "
        let names = String(repeating: name, count: MessageChecker.maximumBytes / name.utf8.count)
        #expect(try Self.attachments(names).count == MessageChecker.maximumSignalsPerKind)
        let request = "【佐川急便】添付を開いて。"
        let requests = String(repeating: request, count: MessageChecker.maximumBytes / request.utf8.count)
        #expect(try Self.attachments(requests).count == MessageChecker.maximumSignalsPerKind)
        // One name read back at most 60 characters, after 20,000 dots or name characters.
        let dots = try Self.attachments("【日本郵便】" + String(repeating: ".", count: 20_000) + "zip")
        #expect(dots.count == 1 && dots[0].text.count <= 64)
        #expect(try Self.attachments(String(repeating: "伝", count: 6_000) + ".exe").count == 1)
    }

    @Test("an anti-fraud warning quotes requests in the sentence it refers to, in any language", arguments: [
        "【日本郵便】詐欺にご注意ください。はがきのQRコードを読み取って関税をお支払いいただくよう求めるSMSが届いています。当社がSMSでお支払いを求めることはありません。",
        "【ヤマト運輸】ヤマト運輸を装い、QRコードを読み取らせてカード情報を入力させる事例が増えています。ご注意ください。",
        "Royal Mail: Beware of scam texts. Some ask you to scan a QR code and pay a redelivery fee within 24 hours. We will never do this.",
        "【中国邮政】近期有不法分子冒充邮政工作人员，要求扫描二维码支付关税。中国邮政不会要求扫码付款。",
    ])
    func warningAcrossSentences(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
        #expect(!result.signals.contains { $0.kind == .qrCode || $0.kind == .paymentRequest }, "\(result.signs)")
    }

    @Test("without a fraud named, a denial in the next sentence does not cover a request", arguments: [
        "【佐川急便】QRコードを読み取って配送料をお支払いください。ほかに手数料を請求することはありません。",
        "Royal Mail: pay the redelivery fee of £2.99 at royalmail-redeliver.top. We will never charge you twice.",
    ])
    func denialWithoutWarning(text: String) throws {
        let result = try check(text)
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }

    @Test("a scam that names fraud keeps its link, its other sentences, and a fraud word inside a link makes no warning", arguments: [
        "【日本郵便】詐欺防止のため、お支払い情報の更新が必要です。24時間以内に更新してください。https://jp-post-update.top",
        "【日本郵便】関税1,500円をお支払いください。https://scam-check.top/pay",
    ])
    func scamNamingFraud(text: String) throws {
        let result = try check(text)
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }

    @Test("20 KB of requests each followed by a warning is read, and every request in it is quoted")
    func manyWarnings() throws {
        let unit = "お支払いください。詐欺。"
        let result = try check(String(repeating: unit, count: MessageChecker.maximumBytes / unit.utf8.count))
        #expect(!result.signals.contains { $0.kind == .paymentRequest })
        let scams = String(repeating: "scam https://a.top/scam. ", count: 800)
        #expect(try check(scams).signals.count <= SignalKind.allCases.count * MessageChecker.maximumSignalsPerKind)
    }

    @Test("after cash on delivery, the ways to pay at the door are no payment request", arguments: [
        "【佐川急便】代金引換でお届けします。お支払い金額：5,200円。お支払いは現金・クレジットカード・電子マネーをご利用いただけます。",
        "【ヤマト運輸】宅急便コレクトのお知らせ。お支払い金額：3,300円。現金のほか、電子マネーもご利用いただけます。",
        "Collect on delivery. Amount due: $32.50. You can pay in cash or by credit card.",
    ])
    func cashOnDelivery(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
        #expect(result.signals.contains { $0.details["at_delivery"] == "true" && $0.weight <= 1 }, "\(result.signs)")
    }

    @Test("cash on delivery covers no route, no card details asked for, no gift card and nothing before it", arguments: [
        "【日本郵便】代金引換の料金が未決済です。下記よりクレジットカード情報をご入力ください。https://jp-cod-pay.top",
        "【佐川急便】代金引換のお荷物です。カード番号と有効期限を入力してください。",
        "【ヤマト運輸】着払い料金1,200円が未払いです。Appleギフトカードを購入し、番号を送ってください。",
        "電子マネーでお支払いください。代金引換です。",
    ])
    func cashOnDeliveryLimits(text: String) throws {
        let result = try check(text)
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        #expect(result.signals.contains { ($0.kind == .paymentRequest || $0.kind == .credentialRequest) && $0.weight >= 3 }, "\(result.signs)")
    }

    @Test("a malformed attachments file is an error, a missing one is none", .scratch)
    func attachmentFile() throws {
        let folder = try RulesFolder.minimal()
        #expect(try MessageChecker(rules: RuleBook(folder: folder)).check("see waybill.zip").signals.isEmpty)
        try Data(#"{"extensions": ["ZIP"]}"#.utf8).write(to: folder.appendingPathComponent("attachments.json"))
        #expect(try MessageChecker(rules: RuleBook(folder: folder)).check("see waybill.zip").signals.map(\.kind) == [.attachment])
        try Data(#"{"extensions": "zip"}"#.utf8).write(to: folder.appendingPathComponent("attachments.json"))
        #expect(throws: (any Error).self) { try RuleBook(folder: folder) }
    }
}
