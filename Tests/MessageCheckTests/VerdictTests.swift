import Foundation
import MessageCheck
import Testing

/// Shortcuts for the tests: check with the shipped rules and list the signal kinds.
func check(_ text: String) throws -> MessageCheckResult { try MessageChecker.shipped.check(text) }
func kinds(_ text: String) throws -> Set<SignalKind> { Set(try check(text).signals.map(\.kind)) }

@Suite("Verdicts and phrase rules")
struct VerdictTests {
    @Test("a fee request with a look-alike link and a deadline is likely a scam")
    func likelyScam() throws {
        let result = try check("USPS: your parcel is on hold. Pay the $1.99 redelivery fee within 24 hours at usps-redelivery.top")
        #expect(result.verdict == .likelyScam)
        #expect(Set(result.signals.map(\.kind)).isSuperset(of: [.paymentRequest, .urgency, .linkLookalike]))
        #expect(result.claimedOperators == ["us-usps"])
    }

    @Test("a request for card details alone is suspicious; with pressure it is likely a scam")
    func credentials() throws {
        #expect(try check("Please reply with your card number to receive the parcel.").verdict == .suspicious)
        #expect(try check("请立即提供银行卡号和验证码领取理赔款。").verdict == .likelyScam)
    }

    @Test("an official notice with the official site and hotline has no warning signs, and says so carefully")
    func genuine() throws {
        let result = try check("【中国邮政】您的邮件EE123456785CN已妥投。查询请访问 www.ems.com.cn 或拨打11183。")
        #expect(result.verdict == .noWarningSigns)
        #expect(result.signals.allSatisfy { $0.severity == .info })
        #expect(Set(result.signals.map(\.kind)) == [.linkOfficial, .phoneOfficial])
        #expect(!result.summary.en.lowercased().contains("safe"))
        #expect(result.summary.en.contains("No warning signs found"))
    }

    @Test("Chinese payment wording is recognised", arguments: ["请补缴关税50元", "需支付运费2元", "请缴纳手续费", "支付重新派送费"])
    func chinesePayment(text: String) throws {
        #expect(try kinds(text).contains(.paymentRequest))
    }

    @Test("negated requests in security advice do not count")
    func negations() throws {
        #expect(try check("Royal Mail will never ask you to pay a fee or give your card number by text.").verdict == .noWarningSigns)
        #expect(try check("邮政工作人员不会以包裹丢失为由要求您提供银行卡号或验证码。").verdict == .noWarningSigns)
    }

    @Test("a one-time code message gives a code, it does not ask for one")
    func oneTimeCode() throws {
        #expect(try check("Your verification code is 482913. Do not share this code with anyone.").verdict == .noWarningSigns)
    }

    @Test("words inside a link are judged with the link, not as phrases")
    func wordsInLinks() throws {
        let result = try check("Track at https://www.usps.com/pay-fee-now")
        #expect(!result.signals.contains { $0.kind == .paymentRequest })
    }

    @Test("repeating a phrase does not pile up the score")
    func noPileUp() throws {
        let once = try check("Pay the fee.").score
        let many = try check(String(repeating: "Pay the fee. ", count: 50)).score
        #expect(once == many)
    }

    @Test("credentials weigh fully only when asked for; a code or card merely mentioned is information")
    func askedForCredentials() throws {
        #expect(try check("Please enter your card number and CVV").signals.contains { $0.kind == .credentialRequest && $0.weight == 4 })
        #expect(try check("Your card details are required to release the parcel").verdict == .suspicious)
        #expect(try check("您的快递已到丰巢柜，验证码123456，请及时取件。").verdict == .noWarningSigns)
        #expect(try check("Your card number ending 4242 was charged.").verdict == .noWarningSigns)
    }

    @Test("a fee or pressure pointing only to the official site is not a warning sign on its own")
    func officialRouteOnly() throws {
        #expect(try check("Royal Mail: there's a fee to pay before we can deliver. Pay online at royalmail.com/fee").verdict == .noWarningSigns)
        #expect(try check("Royal Mail: there's a fee to pay before we can deliver. Pay online at royalmail-fee.com").verdict == .likelyScam)
    }

    @Test("a name is a sender claim near the start or in brackets, not when mentioned later")
    func claims() throws {
        #expect(try check("USPS: your parcel is on its way").claimedOperators == ["us-usps"])
        #expect(try check("您的包裹已发出，请注意查收。【中国邮政】").claimedOperators == ["cn-chinapost"])
        let later = try check("Thanks for shopping at the Little Fern bookshop! Your order is on its way to you with USPS.")
        #expect(later.claimedOperators.isEmpty)
    }
}
