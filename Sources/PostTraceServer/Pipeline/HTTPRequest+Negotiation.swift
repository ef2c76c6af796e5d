import Foundation
import S10

extension HTTPRequest {
    /// The language asked for: `?lang=` first, then `Accept-Language`, else English.
    public var language: Language {
        Language.choose(query: queryValue("lang"), acceptLanguage: headers["accept-language"])
    }

    /// The language of an API answer: as `language`, except that a `lang` query value naming none of the
    /// languages PostTrace speaks (after RFC 4647 lookup, so `pt-BR` and `zh-TW` are read) is refused with
    /// 422 `invalid-lang`. A client that names a language wants that one: silently answering in English would
    /// hide its mistake. `Accept-Language` stays a preference, negotiated with English as the fallback.
    func answerLanguage() throws -> Language {
        guard let asked = queryValue("lang") else { return Language.negotiate(acceptLanguage: headers["accept-language"]) }
        guard let language = Language(tag: asked) else { throw Problem.invalidLanguage(asked) }
        return language
    }

    /// The media type of the body without parameters, lower-cased: everything before the first `;` (RFC 9110
    /// §8.3.1), so `;application/json` has an empty type rather than a parameter read as one.
    var mediaType: String? {
        headers["content-type"].map {
            String($0.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]).trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}
