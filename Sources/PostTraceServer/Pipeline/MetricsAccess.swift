import Foundation

extension PostTraceServer {
    /// Why a scrape of `/metrics` is refused on a server with a metrics token, or nil to serve it. A wrong
    /// token is charged to the address's bucket (the route is otherwise unlimited), so it cannot be guessed at
    /// line rate; the comparison takes the same time wherever the first difference is.
    func scrapeRefusal(_ request: HTTPRequest, token: String) -> HTTPResponse? {
        let presented = request.headers["authorization"].flatMap(Self.bearer)
        // Digests of equal length: the comparison says nothing about the token's length either.
        if let presented, LibCrypto.constantTimeEqual(LibCrypto.sha256(Array(presented.utf8)), LibCrypto.sha256(Array(token.utf8))) {
            return nil
        }
        if let wait = addressLimiter.take(request.remoteAddress)?.retryAfter {
            return HTTPResponse(problem: Problem.tooManyRequests(retryAfter: wait, limit: "per-address"))
        }
        return HTTPResponse(problem: Problem(
            status: 401, slug: "metrics-token-required", title: "Metrics token required",
            detail: presented == nil ? "This server's /metrics needs its scrape token: 'Authorization: Bearer <token>'."
                                     : "This is not the server's metrics token.",
            headers: [("WWW-Authenticate", #"Bearer realm="posttrace-metrics""#)]), instance: request.path)
    }

    /// The credential of an `Authorization: Bearer <credential>` field.
    static func bearer(_ field: String) -> String? {
        let parts = field.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
