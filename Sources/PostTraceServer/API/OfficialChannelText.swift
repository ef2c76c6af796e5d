import Foundation
import MessageCheck
import PostTraceCore
import S10

/// The sentences that explain an official-channel verdict, from the page catalogue, in one language.
enum OfficialChannelText {
    /// The explanation of `check` for the input `asked` (a link or a number, shown as the person wrote it).
    static func explanation(_ check: OfficialChannelCheck, asked: String, language: Language) -> String {
        let key: Phrase = switch check.reason {
        case .officialDomain: .channelOfficialDomain
        case .officialPhone: .channelOfficialPhone
        case .homoglyph: .channelHomoglyph
        case .punycode: .channelPunycode
        case .lookalikeBrand: .channelLookalikeBrand
        case .shortener: .channelShortener
        case .ipAddress: .channelIPAddress
        case .knownService: .channelKnownService
        case .notInDirectory: .channelNotInDirectory
        case .internationalName: .channelInternationalName
        case .unpublishedPhone: .channelUnpublishedPhone
        case .disguisedByUserInfo: .channelDisguisedByUserInfo
        }
        let operatorName = check.postalOperator.map { $0.name.text(in: language) } ?? Catalogue.text(.channelAPost, language)
        let values = ["host": check.host ?? asked, "phone": asked, "reads_as": check.readsAs ?? "", "operator": operatorName]
        var text = Catalogue.text(key, language, values)
        if check.verdict == .lookalike, let website = check.officialAlternative {
            text += " " + Catalogue.text(.channelUseInstead, language, ["website": website])
        }
        return text
    }

    /// The page's sentence for an input that could not be judged, by the checker's error code.
    static func refusal(_ error: OfficialChannelInputError, language: Language) -> String {
        let key: Phrase = switch error.code {
        case "url_empty", "phone_empty": .channelEmpty
        case "url_too_long": .channelTooLong
        case "unsupported_scheme": .channelUnsupportedScheme
        case "invalid_phone": .channelInvalidPhone
        default: .channelInvalidURL
        }
        return Catalogue.text(key, language)
    }

    /// Whether one pasted text is meant as a phone number (digits, spaces, `+ - ( ) .` only) rather than a link.
    static func looksLikePhone(_ text: String) -> Bool {
        let trimmed = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        return !trimmed.isEmpty && trimmed.contains(where: \.isNumber) && trimmed.allSatisfy { $0.isNumber || " +-().".contains($0) }
    }
}
