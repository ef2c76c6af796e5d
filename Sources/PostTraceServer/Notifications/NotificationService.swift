import Foundation
import PostTraceStore
import Synchronization

/// Notification settings of `posttrace serve`.
public struct NotificationSettings: Sendable {
    /// The WeChat token; `/wechat` is mounted only when set.
    public var wechatToken: String?
    /// Seals webhook signing secrets in the store (`--secrets-key-file`); nil keeps them plain.
    public var secrets: SecretSealer?
    /// The account's EncodingAESKey and AppID, for encrypted (compatible and safe mode) messages.
    public var wechatCipher: WeChatCipher?
    /// Callback hosts allowed for subscriptions.
    public var hosts = CallbackURLPolicy()
    /// Where the server is reachable from outside, for `timeline_url`; defaults to the address the server
    /// bound (its real port when started on port 0, https with TLS).
    public var publicBaseURL: String?
    public var retry = DeliveryRetryPolicy.standard
    public var requestTimeout: TimeInterval = 10
    public var pollInterval: Duration = .seconds(1)
    /// What one API key may hold and ask for.
    public var quotas = SubscriptionQuotas()
    /// Deliveries in flight to one receiver (host and port) at once.
    public var perReceiverConcurrency = 2
    /// The server's VAPID key for Web Push (`--vapid-key-file`); nil: the push routes answer 501.
    public var vapid: VAPID?
    public init() {}
}

/// Subscriptions, the delivery worker and the WeChat endpoint, wired to one store for `posttrace serve`.
public final class NotificationService: Sendable {
    /// Routes to mount: subscriptions when the store keeps them, `/wechat` when a token is set.
    public let routes: [Route]
    private let settings: NotificationSettings
    private let storage: (any NotificationStorage)?
    private let lanes: LaneBook
    private let running = RunningTask()
    /// How the worker's delivery attempts ended, for `/metrics` (`metricsText`).
    public let counters = DeliveryCounters()

    /// Builds the parts the store supports; an in-memory store gets no subscriptions (nothing would survive).
    /// `lanes`: the lane table WeChat replies read delivery estimates from.
    public init(settings: NotificationSettings, store: any TrackingStore, lanes: LaneBook = LaneBook()) {
        self.settings = settings
        self.lanes = lanes
        var routes: [Route] = []
        if let token = settings.wechatToken, !token.isEmpty { routes += WeChatEndpoint(token: token, cipher: settings.wechatCipher, store: store, lanes: lanes).routes }
        if let storage = store as? any NotificationStorage {
            routes += SubscriptionRoutes(registry: SubscriptionRegistry(store: storage, hosts: settings.hosts, sealer: settings.secrets,
                                                                           quotas: settings.quotas)).routes
            if let vapid = settings.vapid {
                routes += PushRoutes(store: storage, vapid: vapid, hosts: settings.hosts, sealer: settings.secrets).routes
            } else {
                routes += Self.unavailable([("GET", "/v1/push/vapid-public-key"), ("POST", "/v1/push/subscriptions"),
                                            ("DELETE", "/v1/push/subscriptions/:id")],
                                           Problem(status: 501, slug: "push-unavailable", title: "Push notifications unavailable",
                                                   detail: "This server has no VAPID key: start it with --vapid-key-file FILE."))
            }
            self.storage = storage
        } else {
            // Say why instead of a bare 404: subscriptions must outlive the process, a memory store cannot keep them.
            let unavailable = Problem(status: 501, slug: "subscriptions-unavailable", title: "Subscriptions unavailable",
                                      detail: "This server keeps its data in memory; subscriptions need an SQLite file or PostgreSQL (--db).")
            let paths = ["/v1/subscriptions", "/v1/subscriptions/:id", "/v1/subscriptions/:id/deliveries"]
            routes += Self.unavailable(paths.flatMap { path in ["GET", "POST", "DELETE"].map { ($0, path) } }
                                       + [("GET", "/v1/push/vapid-public-key"), ("POST", "/v1/push/subscriptions"),
                                          ("DELETE", "/v1/push/subscriptions/:id")], unavailable)
            storage = nil
        }
        self.routes = routes
    }

    /// The worker's settings once the server listens at `listeningBase` (e.g. `http://127.0.0.1:8080`);
    /// nil without subscriptions.
    public func deliveryConfiguration(listeningBase: String) -> DeliveryConfiguration? {
        guard storage != nil else { return nil }
        var configuration = DeliveryConfiguration(publicBaseURL: settings.publicBaseURL ?? listeningBase, retry: settings.retry,
                                                  hosts: settings.hosts, requestTimeout: settings.requestTimeout,
                                                  pollInterval: settings.pollInterval)
        configuration.secrets = settings.secrets
        configuration.lanes = lanes
        configuration.perReceiverConcurrency = settings.perReceiverConcurrency
        configuration.vapid = settings.vapid
        return configuration
    }

    /// Starts the delivery worker in the background once the server listens (no-op without subscriptions).
    public func start(listeningBase: String) {
        guard let storage, let configuration = deliveryConfiguration(listeningBase: listeningBase) else { return }
        let worker = DeliveryWorker(store: storage, configuration: configuration, counters: counters)
        running.set(Task.detached(executorPreference: BackgroundThreads.executor) { await worker.run() })
    }

    /// Routes that answer `problem`, so a missing feature says why instead of 404.
    static func unavailable(_ routes: [(method: String, path: String)], _ problem: Problem) -> [Route] {
        routes.map { route in
            Route(route.method, route.path, name: "notifications.unavailable", rule: .open) { _ in
                HTTPResponse(problem: problem, instance: route.path)
            }
        }
    }

    /// Lines for `/metrics`: the delivery outcomes when this server delivers webhooks, else nothing.
    public func metricsText() -> String { storage == nil ? "" : counters.exposition() }

    /// Stops the worker; a delivery in flight is retried after restart with the same id.
    public func stop() { running.cancel() }
}

/// The worker's task, behind a lock.
final class RunningTask: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    func set(_ t: Task<Void, Never>) { task.withLock { $0 = t } }
    func cancel() { task.withLock { $0?.cancel(); $0 = nil } }
}
