import Foundation
import Synchronization
import PostTraceStore
import S10

/// The HTTP server: the JSON API, health and metrics, plus route groups mounted by other parts.
///
/// Other parts add routes as plain values:
/// ```swift
/// let server = try PostTraceServer(configuration: config, store: store, keyStore: store,
///                                  extraRoutes: pageRoutes + scamRoutes)
/// ```
/// Every route gets the same treatment: its `RouteRule` (rate limits, the key it needs, with
/// `--require-key-for-read` applied to every route that shows tracking data), optional API key
/// (`request.apiKey`), security headers, CORS, metrics and the access log. Handlers that throw can use `Route(_:_:name:throwing:)`; an error
/// conforming to `HTTPProblem` becomes its problem+json answer.
public final class PostTraceServer: Sendable {
    /// The bound port (the real one when configured with 0).
    public var port: UInt16 { daemon.port }
    /// Requests begun (head received) and not yet finished.
    public var requestsInFlight: Int { daemon.requestsInFlight }
    /// Request and ingestion counters.
    public let metrics: Metrics
    /// The store's sizes for `/metrics`, counted in the background, never per scrape.
    let gauges: StoreGauges
    let configuration: ServerConfiguration
    let store: any TrackingStore
    /// The prepared lane table that timelines read their estimates from.
    let lanes: LaneBook
    let keyRing: KeyRing
    let router: Router
    /// More `/metrics` lines from parts mounted beside the API (e.g. the webhook worker's counters).
    let extraMetrics: @Sendable () -> String
    let addressLimiter: RateLimiter
    let keyLimiter: RateLimiter
    let log: AccessLog
    /// nil when the server runs with compression off.
    let compression: HTTPCompression?
    /// Rendered timelines for reuse; nil when `answerCacheBytes` is 0.
    let answerCache: AnswerCache?
    private let daemon: HTTPDaemon
    /// Set by the first `shutdown`.
    private let shuttingDown = Atomic<Bool>(false)

    /// Starts listening at once; throws `ServerStartError` when it cannot.
    public init(configuration: ServerConfiguration, store: any TrackingStore, keyStore: any APIKeyStore,
                extraRoutes: [Route] = [], extraMetrics: @escaping @Sendable () -> String = { "" },
                lanes: LaneBook = LaneBook()) throws {
        self.configuration = configuration
        self.lanes = lanes
        self.extraMetrics = extraMetrics
        self.store = store
        keyRing = KeyRing(store: keyStore)
        metrics = Metrics()
        addressLimiter = RateLimiter(configuration.addressLimit)
        keyLimiter = RateLimiter(configuration.keyLimit)
        log = AccessLog(enabled: configuration.accessLog)
        compression = configuration.compression ? HTTPCompression() : nil
        answerCache = configuration.answerCacheBytes > 0
            ? AnswerCache(capacity: configuration.answerCacheBytes, renderAge: configuration.answerCacheRenderAge) : nil
        let pending = ServerReference()
        // The message checker is part of the API; pages and notifications arrive as extra route groups.
        router = Router(Self.apiRoutes(pending) + Self.keyRoutes(pending) + messageCheckRoutes() + officialChannelRoutes() + extraRoutes)
        daemon = try HTTPDaemon(configuration: configuration, hooks: DaemonHooks(
            respond: { request in
                guard let server = pending.value else { return HTTPResponse(problem: Problem.storeUnavailable) }
                return await server.respond(to: request)
            },
            refuse: { request, problem in
                guard let server = pending.value else { return HTTPResponse(problem: problem) }
                return server.finish(HTTPResponse(problem: problem, instance: nil), for: request, route: "refused",
                                     started: ProcessInfo.processInfo.systemUptime)
            },
            screen: { request in pending.value?.screen(request) }))
        gauges = StoreGauges(store: store, refresh: configuration.metricsRefresh, executor: BackgroundThreads.executor)
        pending.set(self)
        Task(executorPreference: BackgroundThreads.executor) { [gauges] in _ = await gauges.current() }  // the one count at start
    }

    /// Stops accepting connections, lets requests in flight finish (up to the configured grace), stops the
    /// threads and closes the store. Safe to call more than once.
    public func shutdown() async {
        guard shuttingDown.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        await daemon.shutdown(grace: configuration.shutdownGrace)
        await store.close()
    }
}

extension Route {
    /// A route whose handler may throw: an `HTTPProblem` becomes its answer, a `StoreError` its category's
    /// (`StoreProblem`), anything else a generic 500.
    public init(_ method: String, _ pattern: String, name: String, rule: RouteRule,
                throwing handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        self.init(method, pattern, name: name, rule: rule) { request in
            do { return try await handler(request) } catch { return PostTraceServer.response(for: error, path: request.path) }
        }
    }
}

/// A weak link from handlers back to the server (set once constructed), so the server can be released.
final class ServerReference: @unchecked Sendable {
    // @unchecked: `stored` is written once, before `ready` is published; readers look only after seeing
    // `ready`. Every request reads it, so no lock: a shared one made the two worker threads wait on each other.
    private let ready = Atomic<Bool>(false)
    private weak var stored: PostTraceServer?

    /// The server, once `set`, while it lives.
    var value: PostTraceServer? { ready.load(ordering: .acquiring) ? stored : nil }

    /// Publishes the server; call once.
    func set(_ server: PostTraceServer) {
        precondition(!ready.load(ordering: .relaxed), "ServerReference is set once")
        stored = server
        ready.store(true, ordering: .releasing)
    }
}
