import Foundation
import MessageCheck
import Testing

@Suite("Requests no carrier makes: QR codes, ID documents, replies; brands run into amounts; paying the driver")
struct CarrierRequestTests {
    static func qr(_ text: String) throws -> [Signal] { try check(text).signals.filter { $0.kind == .qrCode } }

    @Test("a carrier asking to scan a QR code is a route of its own, in any language", arguments: [
        "【日本郵便】再配達のお手続きは、添付のQRコードを読み取ってください。",
        "【ヤマト運輸】お荷物の受け取りには、ＱＲコードをスキャンしてお手続きください。",
        "Royal Mail: scan the QR code below to arrange your redelivery.",
        "【中国邮政】请扫描二维码办理再投递。",
        "Почта России: отсканируйте QR-код, чтобы выбрать время доставки.",
        "Correos: escanee el código QR para reprogramar la entrega.",
        "La Poste : scannez le code QR pour programmer une nouvelle livraison.",
        "DHL: Scannen Sie den QR-Code, um einen neuen Zustelltermin zu wählen.",
    ])
    func carrierQR(text: String) throws {
        let result = try check(text)
        let sign = try #require(result.signals.first { $0.kind == .qrCode }, "\(result.signs)")
        #expect(sign.weight == 3)
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        #expect(sign.explanation.en.contains("QR code"))
        #expect(sign.explanation.text(tag: "ja").contains("QRコード"))
    }

    @Test("a QR code with a payment from a carrier is likely a scam")
    func qrPayment() throws {
        let result = try check("【佐川急便】配送料の不足分330円があります。QRコードを読み取ってお支払いください。")
        #expect(result.verdict == .likelyScam, "\(result.signs)")
    }

    @Test("a QR code elsewhere is information, and a negated one is none", arguments: [
        ("店頭でQRコードを読み取ると10%オフになります。", 1),
        ("Scan the QR code at the till for 10% off.", 1),
        ("【日本郵便】当社がQRコードを読み取らせることはありません。", 0),
        ("Royal Mail will never ask you to scan a QR code to pay.", 0),
        ("QRコード", 0),
    ])
    func qrElsewhere(text: String, weight: Int) throws {
        let found = try Self.qr(text)
        #expect(found.map(\.weight) == (weight == 0 ? [] : [weight]), "\(text)")
        #expect(try check(text).verdict == .noWarningSigns)
    }

    @Test("20 KB of QR requests gives a bounded number of signals")
    func manyQR() throws {
        let request = "【日本郵便】QRコードを読み取って。"
        let text = String(repeating: request, count: MessageChecker.maximumBytes / request.utf8.count)
        #expect(try Self.qr(text).count == MessageChecker.maximumSignalsPerKind)
        #expect(try Self.qr(String(repeating: "qrコードを読", count: 1_000)).isEmpty)
    }

    @Test("a photo or copy of an identity document to send is asked-for credentials", arguments: [
        "税関です。本人確認のため、マイナンバーカードの表裏の写真をメールで送付してください。",
        "【佐川急便】運転免許証の画像をLINEでお送りください。",
        "Customs: please email a photo of your passport to release the parcel.",
        "Zoll: Schicken Sie uns eine Kopie Ihres Personalausweises.",
        "Douane : envoyez une photo de votre pièce d'identité.",
        "海关通知：请把身份证正反面照片发给客服。",
        "세관입니다. 신분증 사진을 보내 주세요.",
        "Таможня: пришлите фото паспорта для выдачи посылки.",
    ])
    func identityDocuments(text: String) throws {
        let result = try check(text)
        #expect(result.signals.contains { $0.kind == .credentialRequest && $0.weight == 4 }, "\(result.signs)")
        #expect(result.verdict != .noWarningSigns)
    }

    @Test("an identity document to show at the counter is not a request", arguments: [
        "【日本郵便】本人限定受取郵便物です。運転免許証などを窓口でご提示ください。",
        "Bring your passport or ID card to the post office to collect the item.",
        "Bitte bringen Sie Ihren Personalausweis in die Filiale mit.",
    ])
    func identityShown(text: String) throws {
        let result = try check(text)
        #expect(!result.signals.contains { $0.kind == .credentialRequest && $0.weight >= 3 }, "\(result.signs)")
        #expect(result.verdict == .noWarningSigns)
    }

    @Test("a carrier asking for a quoted reply is suspicious; a friend asking is not", arguments: [
        ("【クロネコヤマト】お荷物について確認があります。このメッセージに「はい」とご返信ください。", true),
        ("日本郵便：再配達をご希望の場合は「1」と返信してください。", true),
        ("荷物届いた？届いたら「うん」と返事してね。", false),
    ])
    func quotedReply(text: String, flagged: Bool) throws {
        let result = try check(text)
        #expect((result.verdict != .noWarningSigns) == flagged, "\(result.signs)")
    }

    @Test("a directory operator named as the sender claims a carrier: its chat contact is suspicious")
    func operatorClaim() throws {
        let result = try check("Почта России: ваша посылка задержана, напишите нам в Telegram, чтобы получить её.")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        #expect(try check("Мы с другом переписываемся в Telegram о посылке.").verdict == .noWarningSigns)
    }

    @Test("a Latin brand run into an amount is still the brand", arguments: [
        "佐川急便です。WebMoney2,000円分をご購入ください。",
        "税関：BitCash3000円分の番号を送ってください。",
        "Customs: buy itunes500 and send the code.",
    ])
    func brandBeforeDigits(text: String) throws {
        let result = try check(text)
        #expect(result.signals.contains { $0.kind == .paymentRequest && $0.weight == 4 }, "\(result.signs)")
    }

    @Test("digits followed by letters keep a word whole", arguments: ["webmoney2go", "bitcash3x", "vanilla visa5k", "webmoney" + String(repeating: "9", count: 20_000) + "a"])
    func digitsThenLetters(word: String) throws {
        #expect(try !check("Hello \(word) team").signals.contains { $0.kind == .paymentRequest && $0.weight == 4 })
    }

    @Test("ways to pay the driver at the door are not a payment request", arguments: [
        "【ヤマト運輸】代金引換のお知らせ。お支払い金額：8,640円。ドライバーに現金、クレジットカード、電子マネーのいずれかでお支払いいただけます。",
        "【佐川急便】着払いのお荷物です。配達時に現金またはクレジットカードでお支払いください。",
        "Cash on delivery: please pay the amount to the courier in cash or by credit card.",
    ])
    func payAtTheDoor(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
        #expect(result.signals.contains { $0.details["at_delivery"] == "true" && $0.weight <= 1 })
    }

    @Test("paying the driver means nothing when the message has a route of its own", arguments: [
        "【ヤマト運輸】配達時にお支払いいただく電子マネーの手続きはこちら https://yamato-pay.top",
        "【佐川急便】ドライバーに支払う手数料をクレジットカードで入力してください。090-1234-5678 までお電話ください。",
    ])
    func doorWithRoute(text: String) throws {
        let result = try check(text)
        #expect(result.verdict == .likelyScam, "\(result.signs)")
    }
}
