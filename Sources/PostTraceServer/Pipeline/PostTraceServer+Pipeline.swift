import Foundation
import PostTraceCore
import PostTraceStore

/// The request pipeline: what the server does around every route's handler, in order. `respond` routes the
/// request, answers CORS preflights and `OPTIONS`, applies the route's `RouteRule` (the metrics token, the
/// API key and its scope, the rate limits), runs the handler, then `finish` adds caching, compression,
/// the request id, security and CORS headers, and records metrics and the access log. Each concern's details
/// live in its own file beside this one.
extension PostTraceServer {
    /// Answers one request: routing, limits, authentication, the handler, then headers, metrics and the log.
    public func respond(to incoming: HTTPRequest) async -> HTTPResponse {
        let started = ProcessInfo.processInfo.systemUptime
        var request = incoming
        // Runs of slashes become one before routing: pages build links from the path, and "//t/…" would be a
        // link to another host (protocol-relative).
        if Self.hasSlashRun(request.path) { request.path = Self.collapsingSlashes(request.path) }
        var answer = RouteRule.Answer.computed
        let (response, routeName) = await dispatch(&request, answer: &answer)
        return finish(response, for: request, route: routeName, answer: answer, started: started)
    }

    /// The answer and the route's name (or what happened instead of a route); `answer` is the matched route's kind.
    private func dispatch(_ request: inout HTTPRequest, answer: inout RouteRule.Answer) async -> (HTTPResponse, String) {
        if request.method == "OPTIONS", let preflight = corsPreflight(request) { return (preflight, "cors.preflight") }
        let route: Route
        switch router.match(method: request.method, path: request.path) {
        case .notFound: return (HTTPResponse(problem: Problem.notFound, instance: ShareRoutes.masked(request.path)), "unmatched")
        case .methodNotAllowed(let allowed) where request.method == "OPTIONS":
            // RFC 9110 §9.3.7: what the resource supports, without a body.
            return (HTTPResponse(status: 204, headers: [("Allow", allowed.joined(separator: ", "))]), "options")
        case .methodNotAllowed(let allowed): return (HTTPResponse(problem: Problem.methodNotAllowed(allowed)), "unmatched")
        case .route(let found, let parameters):
            route = found
            request.pathParameters = parameters
        }
        let rule = route.rule
        answer = rule.answer
        if rule.access == .scrape, let token = configuration.metricsToken {
            if let refused = scrapeRefusal(request, token: token) { return (refused, route.name) }
            return (await route.handler(request), route.name)
        }
        // The standing reported in RateLimit-* headers: the key's when a valid key is sent, else the address's.
        // A valid key is held to its own bucket only, so clients behind one address (NAT, a proxy) that each
        // have a key do not share the address's.
        var standing: RateLimiter.Verdict?
        if let credential = KeyPage.credential(of: request) {
            switch await authenticated(credential, for: request) {
            case .success(let key): request.apiKey = key
            case .failure(let refused): return (refused.response, route.name)
            }
            if rule.rateLimited, let key = request.apiKey, let verdict = keyLimiter.take(key.id) {
                standing = verdict
                if let wait = verdict.retryAfter {
                    return (Self.withHeaders(HTTPResponse(problem: Problem.tooManyRequests(retryAfter: wait, limit: "per-key")), standing), route.name)
                }
            }
        } else if rule.rateLimited {
            standing = addressLimiter.take(request.remoteAddress)
            if let wait = standing?.retryAfter {
                return (Self.withHeaders(HTTPResponse(problem: Problem.tooManyRequests(retryAfter: wait, limit: "per-address")), standing), route.name)
            }
        }
        if let scope = rule.neededScope(requireKeyForRead: configuration.requireKeyForRead) {
            do { try request.require(scope) } catch { return (Self.withHeaders(refusal(error, for: request), standing), route.name) }
        }
        return (Self.withHeaders(await handle(request, with: route), standing), route.name)
    }

    /// How lookups read: a replica may answer, unless the answer must be at least as new as the client's copy.
    @TaskLocal static var lookupConsistency: ReadConsistency = .replicaAllowed

    /// Runs the route's handler. A lookup answered by a replica could be older than the copy a client revalidates
    /// (it last asked the primary, or a replica further ahead): when the client's `If-None-Match` names neither the
    /// answer's tag nor its gzip form, the primary is asked again, so an `ETag` a client holds never goes backwards.
    private func handle(_ request: HTTPRequest, with route: Route) async -> HTTPResponse {
        let response = await route.handler(request)
        guard route.rule.answer == .timeline, let field = request.headers["if-none-match"],
              !store.replicaStatus().isEmpty else { return response }
        if response.status == 200, !response.body.isEmpty {
            let tag = response.prepared?.tag ?? HTTPCaching.entityTag(of: response.body)
            if HTTPCaching.noneMatch(field, matches: tag) || HTTPCaching.noneMatch(field, matches: HTTPCaching.gzipTag(tag)) { return response }
        }
        return await Self.$lookupConsistency.withValue(.primary) { await route.handler(request) }
    }

    /// A refused request's answer: the key form for a browser asking for a page, else problem+json.
    func refusal(_ error: any Error, for request: HTTPRequest) -> HTTPResponse {
        if (error as? Problem)?.status == 401, KeyPage.wantsPage(request) { return KeyPage.refusal(request) }
        return Self.response(for: error, path: request.path)
    }

    /// Whether `path` holds two slashes in a row: a scan of its bytes, run on every request (Foundation's
    /// `contains` on strings costs more than the rest of the check).
    static func hasSlashRun(_ path: String) -> Bool {
        var previousSlash = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if previousSlash { return true }
                previousSlash = true
            } else {
                previousSlash = false
            }
        }
        return false
    }

    /// `path` with every run of slashes made one.
    static func collapsingSlashes(_ path: String) -> String {
        var out = "", previousSlash = false
        for character in path {
            if character == "/", previousSlash { continue }
            previousSlash = character == "/"
            out.append(character)
        }
        return out
    }

    /// Whether browsers reach this server over HTTPS (cookies get `Secure`).
    var isServedOverHTTPS: Bool { configuration.tls != nil }

    /// `response` with the client's rate-limit standing, when limits apply.
    private static func withHeaders(_ response: HTTPResponse, _ standing: RateLimiter.Verdict?) -> HTTPResponse {
        guard let standing else { return response }
        var response = response
        response.headers += standing.headers
        return response
    }

    func finish(_ response: HTTPResponse, for request: HTTPRequest, route: String, answer: RouteRule.Answer = .computed,
                started: Double) -> HTTPResponse {
        var response = cacheable(response, for: request, route: route, answer: answer)
        let requestID = RequestID.of(request)
        response.headers.append(("X-Request-Id", requestID))
        response.headers += Self.securityHeaders
        // Over TLS, browsers are told to come back only over TLS (RFC 6797); plain HTTP must not send it.
        if isServedOverHTTPS { response.headers.append(("Strict-Transport-Security", "max-age=31536000")) }
        for (name, value) in corsHeaders(request) {
            // One Vary field: clients that keep one value per name must still see every varying header.
            if name == "Vary", let vary = response.header("Vary") { response.setHeader("Vary", vary + ", " + value) } else { response.headers.append((name, value)) }
        }
        let seconds = ProcessInfo.processInfo.systemUptime - started
        metrics.observe(route: route, status: response.status, seconds: seconds)
        log.write(method: request.method, route: route, status: response.status, seconds: seconds,
                  bytes: response.status == 304 || request.method == "HEAD" ? 0 : response.body.count, keyID: request.apiKey?.id,
                  requestID: requestID)
        return response
    }

    /// Caching and content-coding headers, the body gzipped when the client takes it, and a 304 when the
    /// client's copy is still this one (see `HTTPCaching`, `HTTPCompression`).
    private func cacheable(_ response: HTTPResponse, for request: HTTPRequest, route: String, answer: RouteRule.Answer) -> HTTPResponse {
        var response = response
        if answer == .timeline, [200, 404, 422].contains(response.status) {
            response.setHeader("Cache-Control", HTTPCaching.lookupCacheControl(
                maxAge: configuration.lookupMaxAgeSeconds, keyRequired: configuration.requireKeyForRead))
        }
        // Content-Language means the language was chosen from the request (Accept-Language or ?lang=).
        var vary = response.header("Content-Language") != nil ? ["Accept-Language"] : []
        let compressible = compression?.applies(to: response) == true
        if compressible { vary.append("Accept-Encoding") }
        if !vary.isEmpty { response.headers.append(("Vary", vary.joined(separator: ", "))) }
        let taggable = (request.method == "GET" || request.method == "HEAD") && response.status == 200 && !response.body.isEmpty
            && response.header("ETag") == nil && !HTTPCaching.forbidsStorage(response.header("Cache-Control"))
        // The tag is of the identity body; a gzipped body gets its own (RFC 9110 §8.8.3: each coding is a representation).
        var tag = taggable ? response.prepared?.tag ?? HTTPCaching.entityTag(of: response.body) : nil
        if compressible, let compression, HTTPCompression.acceptsGzip(request.headers["accept-encoding"]),
           let gzipped = gzipped(response, with: compression, route: route, fixed: answer == .fixed, identityTag: tag) {
            response.body = gzipped
            response.headers.append(("Content-Encoding", "gzip"))
            tag = tag.map(HTTPCaching.gzipTag)
        }
        guard let tag else { return response }
        response.headers.append(("ETag", tag))
        if let field = request.headers["if-none-match"], HTTPCaching.noneMatch(field, matches: tag) { return response.notModified() }
        return response
    }

    /// The gzipped body (nil when it does not shrink): the answer cache's copy when it has one, else compressed
    /// now and handed to the answer cache when the body came from it.
    private func gzipped(_ response: HTTPResponse, with compression: HTTPCompression, route: String, fixed: Bool,
                         identityTag: String?) -> [UInt8]? {
        if let kept = response.prepared?.gzipped { return kept.isEmpty ? nil : kept }
        let made = compression.gzipped(response.body, route: route, identityTag: identityTag, fixed: fixed)
        if let prepared = response.prepared { answerCache?.attach(gzipped: made ?? [], to: prepared) }
        return made
    }

    static let securityHeaders: [(name: String, value: String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
    ]

    /// The problem+json answer for any error a handler throws; unknown errors never show their text.
    static func response(for error: any Error, path: String) -> HTTPResponse {
        let path = ShareRoutes.masked(path)
        if let problem = error as? any HTTPProblem { return HTTPResponse(problem: problem, instance: path) }
        let store = (error as? StoreError).map(StoreProblem.init)
        if store?.deservesLog ?? true {
            // The store's description names its category and code, never stored values.
            let what = store.map { "\($0.error)" } ?? String(describing: type(of: error))
            let line = JSONWriter.encode(JSONObject { o in o.member("error", what); o.member("path", String(path.prefix(200))) })
            JournalLog.write(String(decoding: line, as: UTF8.self) + "\n", .error)
        }
        return HTTPResponse(problem: store ?? Problem.internalError, instance: path)
    }
}
