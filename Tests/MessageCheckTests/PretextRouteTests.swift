import Foundation
import MessageCheck
import Testing

@Suite("Pretexts for money, payment links, shortened links, own sites, job fees and gift-card receipts")
struct PretextRouteTests {
    @Test("an account given with a pretext for money is a route of the sender's own, whoever sends it", arguments: [
        "ご注文にお心当たりがない場合、キャンセル料3,000円を下記口座にお振込みください。三井住友銀行 梅田支店 普通 4412098",
        "誤って30,000円多く振り込んでしまいました。差額を下記の口座にご返金ください。みずほ銀行 池袋支店 普通 3320915",
        "I overpaid you by $500 by mistake. Please refund the difference to account number 12345678, sort code 20-00-00.",
        "Es gab eine Überzahlung von 300 €. Bitte überweisen Sie die Differenz zurück: IBAN DE89 3704 0044 0532 0130 00",
        "我不小心多转了2000元，麻烦把差额退回到这个账号 6222021234567890123",
    ])
    func pretextMakesRoute(text: String) throws {
        let result = try check(text)
        #expect(result.weights(.bankAccount).contains(3), "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }

    @Test("a shop's account without a pretext, and a pretext quoted in a warning, stay information")
    func noPretext() throws {
        let shop = try check("ご注文ありがとうございます。代金3,800円を下記口座へお振込みください。三菱UFJ銀行 渋谷支店 普通 1234567 カ）ハナザッカ")
        #expect(shop.weights(.bankAccount) == [1], "\(shop.signs)")
        let warning = try check("「キャンセル料を普通 1234567 へ振り込んで」と求める詐欺にご注意ください。")
        #expect(!warning.weights(.bankAccount).contains(3), "\(warning.signs)")
        let paidOut = try check("当選金10,000円をご指定の口座（普通 7654321）へ振り込みました。")
        #expect(paidOut.weights(.bankAccount).isEmpty, "\(paidOut.signs)")
    }

    @Test("a pretext before 20 KB of account cues gives a bounded number of signals")
    func manyAccountsAfterPretext() throws {
        let unit = "普通 1234567 "
        let text = "キャンセル料 " + String(repeating: unit, count: (MessageChecker.maximumBytes - 40) / unit.utf8.count)
        let result = try check(text)
        #expect(result.signals.filter { $0.kind == .bankAccount }.count == MessageChecker.maximumSignalsPerKind)
    }

    @Test("a payment app's request link is where to pay: a route in a carrier's message, information from a friend")
    func paymentLinks() throws {
        let carrier = try check("【日本郵便】関税1,120円のお支払いは、PayPayの請求リンクからお願いいたします。https://pay.paypay.ne.jp/Y2n8fQk1")
        #expect(carrier.weights(.bankAccount).contains(3), "\(carrier.signs)")
        #expect(carrier.verdict != .noWarningSigns, "\(carrier.signs)")
        let friend = try check("この前の飲み会の代金、PayPayで請求送ったよ！https://pay.paypay.ne.jp/Ab3kT9Qx 急がなくて大丈夫〜")
        #expect(friend.weights(.bankAccount) == [1], "\(friend.signs)")
        #expect(friend.verdict == .noWarningSigns, "\(friend.signs)")
        let english = try check("USPS: pay the $2.99 redelivery fee at https://paypal.me/uspsfees2026")
        #expect(english.signals.contains { $0.details["payment_link"] != nil }, "\(english.signs)")
        let suffix = try check("【日本郵便】お支払いはこちら https://pay.paypay.ne.jp.evil-pay.top/a")
        #expect(!suffix.signals.contains { $0.details["payment_link"] != nil }, "\(suffix.signs)")
    }

    @Test("an unlisted host of two short labels with a random one-segment key reads as a shortener", arguments: [
        "https://x.gd/kR7pQ", "https://rb.gy/3xk9q", "u.to/Ab12Cd",
    ])
    func shortenedShape(link: String) throws {
        let result = try check("【ヤマト運輸】お荷物のお届けについてご案内がございます。詳細はこちら：\(link)")
        #expect(result.signals.contains { $0.kind == .linkShortener }, "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }

    @Test("a longer name, a path of words or of a word and a number, several segments or a query is no shortener", arguments: [
        "https://shop.example.jp/a1b2c3", "https://au.com/support", "https://ab.cd/abc1/def2", "https://ab.cd/a1b2?x=1",
        "https://ab.cd/a1", "https://ab.cd/abcdefghij1234", "https://hm.com/se5678", "https://abc.de/menu2024",
        "https://db.de/ticket1", "https://ups.com/TRACK2", "https://ab.cd/2024",
    ])
    func notShortenedShape(link: String) throws {
        let result = try check("お店のページはこちら \(link)")
        #expect(!result.signals.contains { $0.kind == .linkShortener }, "\(result.signs)")
    }

    @Test("20 KB of short-shaped links gives a bounded number of signals")
    func manyShortLinks() throws {
        let unit = "https://x.gd/a1b2c "
        let result = try check(String(repeating: unit, count: MessageChecker.maximumBytes / unit.utf8.count))
        #expect(result.signals.filter { $0.kind == .linkShortener }.count == MessageChecker.maximumSignalsPerKind)
    }

    @Test("a card named as the way to pay on the operator's own site is no request; the same bill through another site is")
    func ownSite() throws {
        let ups = try check("件名：【UPS】関税・消費税のご請求 / 関税・消費税（3,860円）を弊社が立て替えました。お支払いは https://www.ups.com/jp/ja/ の「請求書のお支払い」から、クレジットカードで承ります。")
        #expect(ups.verdict == .noWarningSigns, "\(ups.signs)")
        let fake = try check("件名：【UPS】関税・消費税のご請求 / 関税・消費税（3,860円）を弊社が立て替えました。お支払いは https://ups-billing.top/jp/ の「請求書のお支払い」から、クレジットカードで承ります。")
        #expect(fake.verdict != .noWarningSigns, "\(fake.signs)")
    }

    @Test("a parcel-forwarding offer whose pay is in the next sentence is a job; a family favour is not")
    func reshippingPayNextSentence() throws {
        let job = try check("あなたのご住所で荷物を受け取っていただき、私が指定する住所へ送り直していただけませんか？送料とお礼で1回5,000円お支払いします。")
        #expect(job.weights(.reshippingJob).contains(3), "\(job.signs)")
        let family = try check("実家に届いた私の荷物、こっちの住所に送り直してくれる？お礼にケーキ買ってくね")
        #expect(family.weights(.reshippingJob).isEmpty, "\(family.signs)")
    }

    @Test("a fee to pay before a job through a site of the sender's is a payment asked for", arguments: [
        "【在宅ワーク】作業マニュアルと梱包資材一式（14,800円）をご購入いただいた方から、お仕事をご紹介いたします。https://home-konpo-work.com",
        "Work from home job: pay the $49 starter kit fee and earn $900 a week. Sign up at https://easy-parcel-jobs.com",
    ])
    func advanceFee(text: String) throws {
        let result = try check(text)
        #expect(result.weights(.paymentRequest).contains { $0 >= 3 }, "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }

    @Test("a shop's handling fee without a job or prize is no advance fee")
    func shopFee() throws {
        let result = try check("ご注文内容：商品代金5,000円、事務手数料は無料です。")
        #expect(result.verdict == .noWarningSigns, "\(result.signs)")
    }

    @Test("a gift card bought is a receipt; one to buy and send is a payment")
    func giftCards() throws {
        let receipt = try check("件名：Amazonギフトカードのご購入ありがとうございます / Eメールタイプのギフトカード（5,000円）を佐藤様宛てに送信しました。")
        #expect(!receipt.weights(.paymentRequest).contains(4), "\(receipt.signs)")
        #expect(receipt.verdict == .noWarningSigns, "\(receipt.signs)")
        let scam = try check("【日本郵便】関税の支払い期限が過ぎています。ギフトカード5000円分を購入し、カード番号をお送りください。")
        #expect(scam.weights(.paymentRequest).contains(4), "\(scam.signs)")
    }

    @Test("a payment app user name given by a carrier is an ID to pay to")
    func userName() throws {
        let result = try check("【日本郵便】関税980円は、Kyashアプリの送金機能でユーザー名「jpost_kanzei」宛てにお願いいたします。")
        #expect(result.weights(.bankAccount).contains(3), "\(result.signs)")
        #expect(result.verdict != .noWarningSigns, "\(result.signs)")
    }
}
