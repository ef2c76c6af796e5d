import MessageCheck
import PostTraceCore
import Testing

/// "Is this link or number really the post?": one link or number against the directory and the link rules.
@Suite("Official channel check")
struct OfficialChannelTests {
    let checker = MessageChecker.shipped

    func link(_ url: String) throws(OfficialChannelInputError) -> OfficialChannelCheck { try checker.checkLink(url) }

    @Test("every official domain of every operator, with and without www., is official for that operator and nothing else")
    func directoryDomainsAreNotFlagged() throws {
        for op in PostalDirectory.shipped.operators {
            for domain in op.domains {
                for url in [domain, "https://www.\(domain)/", "HTTPS://\(domain.uppercased()):443/x"] {
                    let result = try link(url)
                    #expect(result.verdict == .official && result.postalOperator?.id == op.id, "\(url) → \(result.verdict) \(result.reason)")
                }
            }
            #expect(try link(op.website).verdict == .official, "\(op.website)")
        }
    }

    @Test("every published number is official for its operator, as printed and as dialled")
    func directoryPhonesAreOfficial() throws {
        for op in PostalDirectory.shipped.operators {
            for phone in op.phones {
                for written in [phone.number, phone.display] {
                    let result = try checker.checkPhone(written)
                    #expect(result.verdict == .official && result.postalOperator?.id == op.id, "\(op.id): \(written) → \(result.postalOperator?.id ?? "none")")
                }
            }
        }
    }

    @Test("look-alikes name the imitated operator and its website",
          arguments: [("chinap0st.com", "cn-chinapost"), ("https://usps-delivery.top/pay", "us-usps"), ("royalmaill.com", "gb-royalmail"),
                      ("http://laposte-suivi.fr", "fr-laposte")])
    func lookalikes(url: String, imitated: String) throws {
        let result = try link(url)
        #expect(result.verdict == .lookalike && result.reason == .lookalikeBrand)
        #expect(result.postalOperator?.id == imitated && result.officialAlternative == result.postalOperator?.website)
    }

    @Test("homoglyph and Punycode hosts read as the brand they imitate")
    func internationalNames() throws {
        let cyrillic = try link("https://\u{0441}hinapost.com/pay")  // Cyrillic с
        #expect(cyrillic.verdict == .lookalike && cyrillic.reason == .homoglyph && cyrillic.readsAs == "chinapost.com")
        #expect(cyrillic.postalOperator?.id == "cn-chinapost")
        let puny = try link("http://xn--hinapost-ech.com")
        #expect(puny.verdict == .lookalike && puny.reason == .punycode && puny.readsAs == "chinapost.com")
        let exact = try link("https://www.ems.com.\u{0441}n")  // official name with one Cyrillic letter
        #expect(exact.verdict == .lookalike && exact.postalOperator?.id == "cn-chinapost")
        let unrelated = try link("http://xn--e1afmkfd.xn--p1ai")  // пример.рф: international, but imitates no post
        #expect(unrelated.verdict == .unknown && unrelated.reason == .internationalName)
    }

    @Test("the host is read as a browser reads it: after user info, without port, case or trailing dots")
    func browserReading() throws {
        let trick = try link("https://ems.com.cn@evil.example/track")
        #expect(trick.verdict == .lookalike && trick.reason == .disguisedByUserInfo && trick.host == "evil.example")
        #expect(trick.readsAs == "ems.com.cn" && trick.postalOperator?.id == "cn-chinapost")
        #expect(try link("https://usps.com:password@evil.example").postalOperator?.id == "us-usps")
        #expect(try link("https://someone@evil.example").verdict == .unknown)
        #expect(try link("https://user:pw@www.ems.com.cn:8443/x").verdict == .official)
        #expect(try link("WWW.EMS.COM.CN.").host == "www.ems.com.cn")
        #expect(try link("https://evil.example/ems.com.cn").verdict == .unknown)
        #expect(try link("https://ems.com.cn.evil.example").verdict != .official)
        #expect(try link("ｅｍｓ．ｃｏｍ．ｃｎ").verdict == .official)  // full-width: browsers map it to ems.com.cn
        #expect(try link("http://185.23.44.10/usps").reason == .ipAddress)
        #expect(try link("http://2130706433/").reason == .ipAddress)
        #expect(try link("http://[::1]:80/").reason == .ipAddress)
        #expect(try link("bit.ly/3abcd").verdict == .shortener)
        #expect(try link("https://www.amazon.com").verdict == .unknown)
    }

    @Test("what is not a link is refused with a code", arguments: [
        ("", "url_empty"), ("   ", "url_empty"), ("javascript:alert(1)", "unsupported_scheme"), ("mailto:a@ems.com.cn", "unsupported_scheme"),
        ("https://", "invalid_url"), ("https://ems com.cn", "invalid_url"), ("https://ems..com.cn", "invalid_url"), ("localhost", "invalid_url"),
        ("https://ems.com.cn:99999", "invalid_url"), ("https://ems.com.cn:abc", "invalid_url"), ("https://e<m>s.com", "invalid_url"),
        ("http:ems.com.cn", "invalid_url"), ("https://[::1", "invalid_url"), ("https://%ff.com", "invalid_url"),
        ("https://" + String(repeating: "a", count: 64) + ".com", "invalid_url"), ("https://a.com/" + String(repeating: "x", count: 3000), "url_too_long"),
    ])
    func refusedLinks(url: String, code: String) {
        #expect(throws: OfficialChannelInputError.self) { try link(url) }
        do { _ = try link(url) } catch { #expect(error.code == code, "\(url): \(error.code)") }
    }

    @Test("phones: written forms with spaces, dashes, 00 and full-width digits; unknown numbers; refused input")
    func phones() throws {
        #expect(try checker.checkPhone("+86 10 11183").postalOperator?.id == "cn-chinapost")
        #expect(try checker.checkPhone("0086 10 11183").postalOperator?.id == "cn-chinapost")
        #expect(try checker.checkPhone("１１１８３").postalOperator?.id == "cn-chinapost")
        #expect(try checker.checkPhone("+1 (800) 275-8777").postalOperator?.id == "us-usps")
        #expect(try checker.checkPhone("+44 3457 740740").postalOperator?.id == "gb-royalmail")
        let unknown = try checker.checkPhone("+86 138 0013 8000")
        #expect(unknown.verdict == .unknown && unknown.reason == .unpublishedPhone && unknown.officialAlternative == nil)
        for (bad, code) in [("", "phone_empty"), ("11183abc", "invalid_phone"), ("12", "invalid_phone"), ("+0 123 456", "invalid_phone"),
                            ("1234567890123456", "invalid_phone"), ("++8611183", "invalid_phone"), ("+86\u{0}11183", "invalid_phone"),
                            (String(repeating: "1 ", count: 40), "invalid_phone")] {
            do { _ = try checker.checkPhone(bad); Issue.record("\(bad) was accepted") } catch { #expect(error.code == code, "\(bad): \(error.code)") }
        }
    }
}

@Suite("Signals point to the contacts directory")
struct ContactsPointerTests {
    @Test("a look-alike, a homoglyph and an official number name the /contacts entry of the post concerned; a sign without a post does not")
    func pointers() throws {
        let checker = MessageChecker.shipped
        let lookalike = try checker.check("USPS: your parcel is held. Pay the fee at https://usps-redelivery.top/pay")
        #expect(lookalike.signals.contains { $0.kind == .linkLookalike && $0.details["contacts"] == "/contacts/US#us-usps" })
        let homoglyph = try checker.check("Your parcel is waiting: https://r\u{043E}yalmail.com/fee")
        #expect(homoglyph.signals.contains { $0.kind == .linkHomoglyph && $0.details["contacts"] == "/contacts/GB#gb-royalmail" })
        let phone = try checker.check("Questions? Call EMS on 11183.")
        #expect(phone.signals.contains { $0.kind == .phoneOfficial && $0.details["contacts"] == "/contacts/CN#cn-chinapost" })
        let plain = try checker.check("Pay now within 24 hours or lose your prize")
        #expect(plain.signals.allSatisfy { $0.details["contacts"] == nil })
    }
}
