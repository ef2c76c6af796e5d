import Foundation
import MessageCheck
import Testing

@Suite("Free hosts, replies, payments by post and receipts, reshipping jobs, accounts under threat")
struct FreeHostReshippingTests {
    @Test("a page, form or mailbox on a free host in a carrier's message is a route of the sender's own", arguments: [
        "【佐川急便】再配達のご依頼は下記ページから承ります。https://sites.google.com/view/redelivery-2026",
        "Correos: confirme su dirección de entrega en https://forms.gle/Ab12Cd34Ef",
        "DHL: Bitte senden Sie Ihre neue Lieferadresse an zustellung.team@gmail.com",
        "【中国邮政】您的包裹地址有误，请填写表单 https://wjx.cn/vm/abc123.aspx",
    ])
    func carrierOnFreeHost(text: String) throws {
        let result = try check(text)
        let link = try #require(result.signals.first { $0.details["free_host"] != nil }, "\(result.signs)")
        #expect(link.kind == .linkNotOfficial && link.weight == 3, "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        #expect(link.explanation.en.contains("free website, form or e-mail service"))
        #expect(link.explanation.text(in: .ja).contains("無料登録"))
    }

    @Test("a free host elsewhere is information, and a brand chosen as its name is a look-alike")
    func freeHostElsewhere() throws {
        let club = try check("Bake sale sign-up form: https://forms.gle/xyz123abc See you on Saturday!")
        #expect(club.weights(.linkNotOfficial) == [1], "\(club.signs)")
        #expect(club.verdict == .noWarningSigns, "\(club.signs)")
        let friend = try check("照片我发到你邮箱 xiaoming2026@qq.com 了，记得查收")
        #expect(friend.verdict == .noWarningSigns, "\(friend.signs)")
        let branded = try check("【ヤマト運輸】お受け取り日時の指定はこちら https://yamato-uketori.pages.dev/")
        #expect(branded.signals.contains { $0.kind == .linkLookalike }, "\(branded.signs)")
    }

    @Test("only a free host itself or a name under it counts: look-alike suffixes and other hosts do not", arguments: [
        "gmail.com.mail-check.top", "notgmail.com", "sites.google.com.attacker.xyz", "web.app-login.net",
    ])
    func notAFreeHost(host: String) throws {
        let result = try check("【日本郵便】ご確認ください https://\(host)/a")
        #expect(!result.signals.contains { $0.details["free_host"] != nil }, "\(result.signs)")
    }

    @Test("20 KB of free-host links gives a bounded number of signals")
    func manyFreeHosts() throws {
        let link = "【日本郵便】https://a.web.app "
        let result = try check(String(repeating: link, count: MessageChecker.maximumBytes / link.utf8.count))
        #expect(result.signals.filter { $0.details["free_host"] != nil }.count == MessageChecker.maximumSignalsPerKind)
    }

    @Test("personal details or a code asked for by reply to a carrier's message or a building notice")
    func repliesAsked() throws {
        let details = try check("【ヤマト運輸】お届け先の確認のため、お名前とご住所をこのSMSにご返信ください。")
        #expect(details.weights(.contactOutside).contains(2), "\(details.signs)")
        #expect(details.verdict != .noWarningSigns, "\(details.signs)")
        let pin = try check("件名：管理組合より / 宅配ボックスの点検のため、暗証番号を本メールにご返信ください。")
        #expect(pin.weights(.credentialRequest).contains(4), "\(pin.signs)")
        // A code given to enter, and a warning not to reply with it, are not asked for.
        let warning = try check("管理会社が暗証番号をお尋ねすることはありません。メールで尋ねられても絶対に返信しないでください。")
        #expect(warning.verdict == .noWarningSigns, "\(warning.signs)")
    }

    @Test("a card number or code asked for by reply is asked for, in several languages", arguments: [
        "La Poste : répondez à ce message avec votre numéro de carte pour recevoir le colis.",
        "DHL: Antworten Sie auf diese SMS mit Ihrer Kreditkartennummer.",
        "Correios: responda a esta mensagem com o número do cartão para liberar a encomenda.",
        "Почта России: ответьте на это сообщение, указав номер карты.",
    ])
    func credentialsByReply(text: String) throws {
        let result = try check(text)
        #expect(result.weights(.credentialRequest).contains(4), "\(result.signs)")
    }

    @Test("a receipt to photograph after paying at a terminal is sent to someone; a friend's receipt is not", arguments: [
        ("ファミポートで番号を入力してお支払いのうえ、レシートの写真を送ってください。", true),
        ("请在便利店付款后，把收据照片发给客服。", true),
        ("편의점에서 결제한 뒤 영수증 사진을 보내 주세요.", true),
        ("レシートの写真送って！あとで割り勘にするね", false),
        ("【ローソン】Loppiでのお支払いが完了しました。", false),
    ])
    func receiptPhotos(text: String, asked: Bool) throws {
        let result = try check(text)
        #expect(result.weights(.paymentRequest).contains(4) == asked, "\(result.signs)")
    }

    @Test("cash in an envelope is a payment asked for in any message; stamps only where a carrier asks", arguments: [
        ("【日本郵便】不足料金として84円切手20枚を下記住所へ郵送してください。", true),
        ("切手10枚送ってくれる？年賀状に使いたいの", false),
        ("税関：罰金は現金をレターパックに入れてお送りください。", true),
        ("Customs: send cash in an envelope to the address below to release your parcel.", true),
        ("Zoll: Senden Sie den Betrag als Bargeld im Umschlag an die folgende Adresse.", true),
        ("Colissimo : votre colis est bloqué. Envoyez les espèces par la poste avant vendredi.", true),
    ])
    func paymentsByPost(text: String, asked: Bool) throws {
        let result = try check(text)
        #expect(result.weights(.paymentRequest).contains(4) == asked, "\(result.signs)")
    }

    @Test("a job receiving parcels at home and forwarding them is a scam kind of its own, in several languages", arguments: [
        "【副業募集】ご自宅で荷物を受け取り、指定の住所へ転送するだけのお仕事です。連絡はLINEまで。",
        "Work from home job: receive packages at your home and reship them to our clients. $40 per package!",
        "Trabajo desde casa: reenviar paquetes a nuestros clientes, 30 euros por paquete.",
        "Nebenjob: Pakete weiterleiten von zu Hause, 25 Euro pro Paket.",
        "在家兼职：代收包裹后转寄给客户，每单佣金50元，日结。",
    ])
    func reshippingJob(text: String) throws {
        let result = try check(text)
        #expect(result.weights(.reshippingJob).contains(3), "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
        let signal = try #require(result.signals.first { $0.kind == .reshippingJob })
        #expect(signal.explanation.en.contains("sending them on"))
    }

    @Test("forwarding a family parcel and a police warning about forwarding jobs are not jobs offered", arguments: [
        "お母さん、実家に届いた荷物をこっちに転送してもらえる？",
        "Could you forward the parcels that arrived for me at your place? Thanks!",
        "【警察】「荷物を受け取って転送するだけ」の高収入バイトは詐欺の手口です。応募しないでください。",
    ])
    func notReshipping(text: String) throws {
        let result = try check(text)
        #expect(!result.signals.contains { $0.kind == .reshippingJob && $0.weight > 0 }, "\(result.signs)")
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
    }

    @Test("20 KB of job offers gives a bounded number of signals")
    func manyJobs() throws {
        let offer = "在宅ワーク募集：荷物を転送するだけ。"
        let result = try check(String(repeating: offer, count: MessageChecker.maximumBytes / offer.utf8.count))
        #expect(result.signals.filter { $0.kind == .reshippingJob }.count == MessageChecker.maximumSignalsPerKind)
    }

    @Test("an account to pay under threat of legal action is a route whoever sends it; a payout is no account to pay")
    func accountsUnderThreat() throws {
        let bill = try check("未納料金12,800円を三井住友銀行 普通 1234567 へお振込みください。期限までにお振込みがない場合、法的手続きに移行します。")
        #expect(bill.weights(.bankAccount) == [3], "\(bill.signs)")
        #expect(bill.verdict != .noWarningSigns, "\(bill.signs)")
        let english = try check("Outstanding balance: pay to account number 12345678 within 3 days or we will take legal action.")
        #expect(english.weights(.bankAccount) == [3], "\(english.signs)")
        let shop = try check("ご注文ありがとうございます。代金を三井住友銀行 普通 1234567 へお振込みください。")
        #expect(shop.weights(.bankAccount) == [1], "\(shop.signs)")
        // A warning that quotes the threat makes none.
        let warning = try check("【消費者庁】「法的手続きに移行します」と脅して、普通 1234567 などの口座へ振り込ませる架空請求詐欺にご注意ください。")
        #expect(warning.weights(.bankAccount) == [1], "\(warning.signs)")
        #expect(warning.verdict == .noWarningSigns, "\(warning.signs)")
        let payout = try check("【日本郵便】代金引換金5,400円を、ご指定の口座（普通 1234567）へ送金いたしました。")
        #expect(payout.weights(.bankAccount).isEmpty, "\(payout.signs)")
        let refund = try check("Amazon: your refund of $20 has been transferred to account number 12345678.")
        #expect(refund.weights(.bankAccount).isEmpty, "\(refund.signs)")
    }

    @Test("account notations of several countries from a carrier are routes", arguments: [
        "【日本郵便】関税をゆうちょ銀行 記号12340 番号56781231 へお振込みください。",
        "Royal Mail: pay the fee to sort code 12-34-56, account 12345678.",
        "Correos de México: deposite a la CLABE 012180001234567897.",
        "Correos: pague la tasa por Bizum al 612345678.",
        "بريد الإمارات: ادفع الرسوم إلى رقم المحفظة 0501234567",
    ])
    func accountNotations(text: String) throws {
        let result = try check(text)
        #expect(result.weights(.bankAccount).contains(3), "\(result.signs)")
    }

    @Test("online banking named as a way to pay is not a credential asked for")
    func onlineBankingAsWayToPay() throws {
        let result = try check("【ショップ】ペイジー対応の銀行ATM・ネットバンキングでお支払いいただけます。お支払い期限：12月10日。")
        #expect(!result.signals.contains { $0.kind == .credentialRequest && $0.weight >= 2 }, "\(result.signs)")
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
    }

    @Test("a threat word followed by 20 KB of digits and account cues stays bounded")
    func hostileThreat() throws {
        let text = "法的手続き 普通 " + String(repeating: "1234567 普通 ", count: 1_300)
        #expect(text.utf8.count <= MessageChecker.maximumBytes)
        let result = try check(text)
        #expect(result.signals.filter { $0.kind == .bankAccount }.count <= MessageChecker.maximumSignalsPerKind)
    }
}
