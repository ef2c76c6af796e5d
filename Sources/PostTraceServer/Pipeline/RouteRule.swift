import PostTraceStore

/// What a route needs from its caller, declared where the route is registered and enforced in one place, the
/// server's dispatch, before the handler runs: a handler never checks keys itself, so a new route cannot
/// forget to.
public struct RouteRule: Sendable, Hashable {
    /// Who may call the route.
    public enum Access: Sendable, Hashable {
        /// Anyone: service endpoints, static assets, pages that show no tracking data.
        case anyone
        /// The route shows tracking data: anyone, unless the server runs with `--require-key-for-read`; then a
        /// key granting `read`.
        case trackingData
        /// A key granting this scope, always.
        case scope(APIKeyRecord.Scope)
        /// The caller proves itself to the handler by other means than an API key (the WeChat platform's
        /// signature over the shared token); the handler refuses anything unsigned.
        case signedByPlatform
        /// The metrics scrape: anyone, unless the server has a metrics token (`--metrics-token-file`); then
        /// `Authorization: Bearer <token>`, compared in constant time. The header is never looked up as an API key.
        case scrape
    }

    /// What kind of answer the route gives, for the pipeline's caching and compression.
    public enum Answer: Sendable, Hashable {
        /// Made per request: tagged (`ETag`, `304`) and gzipped when it fits, nothing more.
        case computed
        /// A parcel's timeline: `Cache-Control` follows `--cache-max-age` (on 200, 404 and 422), and with read
        /// replicas a client revalidating with a tag the replica's answer lacks gets the primary's answer.
        case timeline
        /// The same bytes for the life of the process (assets, the OpenAPI document): gzipped once and kept.
        case fixed
    }

    /// Who may call the route.
    public var access: Access
    /// Whether the per-address and per-key token buckets apply. Probes and scrapes are not limited: a load
    /// balancer must always see the truth.
    public var rateLimited: Bool
    /// What kind of answer the route gives; declared here so a renamed route keeps its caching.
    public var answer: Answer

    /// A rule of `access`, rate limited unless said otherwise.
    public init(_ access: Access, rateLimited: Bool = true, answer: Answer = .computed) {
        self.access = access; self.rateLimited = rateLimited; self.answer = answer
    }

    /// Anyone, rate limited.
    public static let open = RouteRule(.anyone)
    /// Anyone, never rate limited: health probes.
    public static let probe = RouteRule(.anyone, rateLimited: false)
    /// The metrics scrape, never rate limited; needs the metrics token when the server has one.
    public static let scrape = RouteRule(.scrape, rateLimited: false)
    /// Shows tracking data: needs `read` under `--require-key-for-read`.
    public static let read = RouteRule(.trackingData)
    /// One parcel's timeline (the API's lookup, its page, its feed): `read`, with the lookup's caching rules.
    public static let timeline = RouteRule(.trackingData, answer: .timeline)
    /// Anyone, rate limited, and the answer never changes while the process runs.
    public static let fixed = RouteRule(.anyone, answer: .fixed)
    /// Needs a key granting `scope`.
    public static func key(_ scope: APIKeyRecord.Scope) -> RouteRule { RouteRule(.scope(scope)) }
    /// Authenticated by the WeChat platform's signature, checked by the handler.
    public static let platformSigned = RouteRule(.signedByPlatform)

    /// The scope the caller's key must grant for this request, or nil when none is needed.
    func neededScope(requireKeyForRead: Bool) -> APIKeyRecord.Scope? {
        switch access {
        case .anyone, .signedByPlatform, .scrape: nil
        case .trackingData: requireKeyForRead ? .read : nil
        case .scope(let scope): scope
        }
    }
}
