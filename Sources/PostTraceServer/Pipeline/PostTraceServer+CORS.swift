import Foundation
import PostTraceStore
import S10

extension PostTraceServer {
    /// CORS response headers when the request's origin is allowed; none when CORS is off. With CORS on, every
    /// answer says `Vary: Origin`, allowed origin or not (or none): a shared cache must not hand an answer made
    /// for one origin (with or without `Access-Control-Allow-Origin`) to another.
    func corsHeaders(_ request: HTTPRequest) -> [(name: String, value: String)] {
        guard !configuration.corsOrigins.isEmpty else { return [] }
        guard let origin = allowedOrigin(request) else { return [("Vary", "Origin")] }
        return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin"),
                ("Access-Control-Expose-Headers", "Retry-After, Content-Language, ETag, X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset")]
    }

    /// The answer to a CORS preflight from an allowed origin; nil lets routing answer (405 or the route).
    func corsPreflight(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.headers["access-control-request-method"] != nil, allowedOrigin(request) != nil else { return nil }
        return HTTPResponse(status: 204, headers: [
            ("Access-Control-Allow-Methods", "GET, POST, HEAD"),
            ("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept-Language"),
            ("Access-Control-Max-Age", "600"),
        ])
    }

    private func allowedOrigin(_ request: HTTPRequest) -> String? {
        guard !configuration.corsOrigins.isEmpty, let origin = request.headers["origin"] else { return nil }
        if configuration.corsOrigins.contains("*") { return "*" }
        return configuration.corsOrigins.contains(origin) ? origin : nil
    }
}

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

    /// Throws 401/403 unless the request carries a key granting `scope`.
    func require(_ scope: APIKeyRecord.Scope) throws {
        guard let key = apiKey else {
            throw Problem.unauthorized("This request needs an API key with the '\(scope.rawValue)' scope: 'Authorization: Bearer <secret>'.")
        }
        guard key.scope.grants(scope) else { throw Problem.forbidden(scope: scope.rawValue) }
    }
}
