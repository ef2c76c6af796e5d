import Foundation

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
