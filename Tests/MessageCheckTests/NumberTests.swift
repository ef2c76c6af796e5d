import Foundation
import MessageCheck
import Testing

@Suite("Tracking numbers and phone numbers")
struct NumberTests {
    @Test("an S10-looking number that fails validation is reported with the reason")
    func invalidNumbers() throws {
        let bad = try #require(try check("Your parcel EE123456789CN is held").signals.first { $0.kind == .trackingNumberInvalid })
        #expect(bad.text == "EE123456789CN")
        #expect(bad.details["problem"] == "check_digit")
        #expect(bad.explanation.en.contains("check digit"))
        let reserved = try #require(try check("包裹JJ123456785CN被扣留").signals.first { $0.kind == .trackingNumberInvalid })
        #expect(reserved.details["problem"] == "service_indicator_reserved")
        #expect(try kinds("Order AB123456789 shipped").isDisjoint(with: [.trackingNumberInvalid]), "a number missing its country is not evidence")
        #expect(try kinds("item ee123456785cn").isDisjoint(with: [.trackingNumberInvalid]), "lower case valid number")
    }

    @Test("a valid number from another country than the operator named is noted, not alarmed")
    func countryMismatch() throws {
        let result = try check("Royal Mail: your item LZ314159268US will be delivered today.")
        let signal = try #require(result.signals.first { $0.kind == .trackingNumberCountryMismatch })
        #expect(signal.details["country"] == "US")
        #expect(signal.severity == .info)
        #expect(result.verdict == .noWarningSigns)
        #expect(try kinds("USPS: your item LZ314159268US was delivered.").isDisjoint(with: [.trackingNumberCountryMismatch]))
    }

    @Test("published numbers are recognised in several formats", arguments: ["请拨打11183", "call 1-800-275-8777", "call +44 3457 740740", "tel. 0800 501 501"])
    func officialPhones(text: String) throws {
        #expect(try kinds(text).contains(.phoneOfficial))
    }

    @Test("other phone numbers after a cue, with +, or shaped like a mobile are reported")
    func unpublished() throws {
        let result = try check("USPS: contact us on WhatsApp +1 (202) 555-0147")
        let phone = try #require(result.signals.first { $0.kind == .phoneNotPublished })
        #expect(phone.text == "+1 (202) 555-0147")
        #expect(phone.weight == 2)
        #expect(try kinds("联系电话：13812345678").contains(.phoneNotPublished))
    }

    @Test("order numbers, amounts, dates and times are not phone numbers",
          arguments: ["Order #123456789 shipped", "Total $12345.00", "Delivered 2024-11-25 at 10:15", "运单号9876543210123", "Ref 20241125"])
    func notPhones(text: String) throws {
        #expect(try kinds(text).isDisjoint(with: [.phoneNotPublished, .phoneOfficial]))
    }
}
