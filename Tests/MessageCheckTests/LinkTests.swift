import Foundation
import MessageCheck
import Testing

@Suite("Link rules")
struct LinkTests {
    func link(_ text: String) throws -> Signal {
        try #require(try check(text).signals.first { $0.kind.rawValue.hasPrefix("link_") })
    }

    @Test("links are found with and without a scheme, and the official ones are recognised",
          arguments: ["https://www.ems.com.cn/q", "www.ems.com.cn", "ems.com.cn", "HTTP://WWW.EMS.COM.CN", "ｅｍｓ．ｃｏｍ．ｃｎ", "track.usps.com/x"])
    func official(text: String) throws {
        #expect(try link("See \(text) for details.").kind == .linkOfficial)
    }

    @Test("look-alikes: extra words, edit distance, digits for letters, brand as a subdomain",
          arguments: ["ems-delivery-cn.top", "chinap0st.com", "royalmaill.com", "uspsdelivery.com", "usps.com-track.xyz", "http://usps.com.trackdetails.co/x", "laposte-suivi.fr", "royal-mail.co.uk", "canada-post.ca"])
    func lookalike(host: String) throws {
        #expect(try link("Visit \(host) now").kind == .linkLookalike)
    }

    @Test("homoglyphs, punycode, shorteners and raw IP addresses")
    func deceptive() throws {
        #expect(try link("Go to https://usps.c\u{043E}m/track").kind == .linkHomoglyph)  // Cyrillic о
        #expect(try link("Go to https://xn--usps-9za.com/track").kind == .linkPunycode)
        #expect(try link("Go to bit.ly/3abcd").kind == .linkShortener)
        #expect(try link("Go to t.cn/A6xYz").kind == .linkShortener)
        #expect(try link("Go to http://185.23.44.10/usps").kind == .linkIPAddress)
    }

    @Test("what follows the last @ is the real host")
    func userInfo() throws {
        let signal = try link("https://www.ems.com.cn@ems-pay.top/x")
        #expect(signal.kind == .linkLookalike)
        #expect(signal.details["domain"] == "ems-pay.top")
    }

    @Test("zero-width characters cannot hide a domain, and are reported")
    func zeroWidth() throws {
        let result = try check("Pay at usps\u{200B}-delivery.top today")
        let signal = try #require(result.signals.first { $0.kind == .linkLookalike })
        #expect(signal.details["domain"] == "usps-delivery.top")
        #expect(signal.text.contains("\u{200B}"), "the span covers the original text, hidden character included")
        #expect(result.signals.contains { $0.kind == .hiddenCharacters })
        let official = try check("ems\u{200B}.com\u{200B}.cn\u{200B}.ems-post.top")
        #expect(official.signals.contains { $0.kind == .linkLookalike && $0.details["domain"] == "ems.com.cn.ems-post.top" })
    }

    @Test("a right-to-left override is reported and the link is judged in its real order")
    func rightToLeft() throws {
        let result = try check("Open \u{202E}pot.sme-yap\u{202C} now or visit pay-ems.top")
        #expect(result.signals.contains { $0.kind == .hiddenCharacters && $0.text == "\u{202E}pot.sme-yap\u{202C}" })
        #expect(result.signals.contains { $0.kind == .linkLookalike && $0.details["domain"] == "pay-ems.top" })
    }

    @Test("an unofficial domain weighs more when the message names an operator, and notes its ending")
    func notOfficial() throws {
        let shop = try link("Your order shipped: https://shop.example.com/orders/1")
        #expect(shop.kind == .linkNotOfficial && shop.weight == 1 && shop.severity == .info)
        let claimed = try link("China Post: see https://parcel-status.top/x")
        #expect(claimed.kind == .linkNotOfficial && claimed.weight == 3)
        #expect(claimed.explanation.en.contains("chinapost.com.cn"))
        #expect(claimed.details["risky_tld"] == "top")
    }

    @Test("ordinary text with dots is not a link", arguments: ["e.g. this", "U.S. Mail", "costs 1.99 now", "version 3.5kg", "Mr.Smith came", "end.Next"])
    func notLinks(text: String) throws {
        #expect(try check(text).signals.allSatisfy { !$0.kind.rawValue.hasPrefix("link_") })
    }

    @Test("an e-mail sender's domain is judged too")
    func emailDomain() throws {
        #expect(try link("From: USPS <support@usps-help.com>").kind == .linkLookalike)
    }

    @Test("well-known shops, couriers and tracking sites are information, not warnings")
    func knownServices() throws {
        let signal = try link("China Post: your order shipped, follow it on www.17track.net")
        #expect(signal.kind == .linkNotOfficial && signal.weight == 1 && signal.severity == .info)
    }
}
