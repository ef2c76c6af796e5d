import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// A store the delivery worker can use: scans (for stale checks) and the subscription outbox.
public typealias NotificationStorage = TrackingStore & SubscriptionStore

/// Settings of the delivery worker.
public struct DeliveryConfiguration: Sendable {
    /// Where the server is reachable from outside, for `timeline_url` (e.g. `https://track.example`).
    public var publicBaseURL: String
    public var retry: DeliveryRetryPolicy
    /// Callback hosts allowed, checked again before every attempt (DNS may have changed).
    public var hosts: CallbackURLPolicy
    /// Per-request time-out, in seconds.
    public var requestTimeout: TimeInterval
    /// How long to sleep when nothing is due, at most.
    public var pollInterval: Duration
    /// How often to look for items that went stale.
    public var staleInterval: Duration
    /// Deliveries sent at the same time (to different subscriptions).
    public var concurrency: Int
    /// Deliveries in flight to one receiver (scheme, host and port) at once; more wait for a free slot, so a
    /// receiver that hangs until the time-out holds at most this many of `concurrency`.
    public var perReceiverConcurrency = 2
    /// Opens sealed signing secrets (`--secrets-key-file`); nil when secrets are stored plain.
    public var secrets: SecretSealer?
    /// Delivered and failed deliveries older than this are deleted (seconds); pending ones are kept until done.
    public var retention: Int64 = 30 * 86_400
    /// The lane table estimate changes are judged with (swept with stale items); nil: no estimate notices.
    public var lanes: LaneBook?
    /// Signs Web Push requests; nil: push subscriptions cannot be delivered (they are retried until it is set).
    public var vapid: VAPID?

    /// Settings with production defaults except the public base URL, which only the deployment knows.
    public init(publicBaseURL: String, retry: DeliveryRetryPolicy = .standard, hosts: CallbackURLPolicy = CallbackURLPolicy(),
                requestTimeout: TimeInterval = 10, pollInterval: Duration = .seconds(1), staleInterval: Duration = .seconds(600),
                concurrency: Int = 8) {
        self.publicBaseURL = publicBaseURL; self.retry = retry; self.hosts = hosts; self.requestTimeout = requestTimeout
        self.pollInterval = pollInterval; self.staleInterval = staleInterval; self.concurrency = max(1, concurrency)
    }
}

/// Sends the outbox: claims due deliveries, signs and POSTs them, and records each outcome as the
/// retry state machine decides. Runs inside `posttrace serve`; safe to run in several processes
/// against one PostgreSQL database (claims are leased).
public final class DeliveryWorker: Sendable {
    let store: any NotificationStorage
    let sender: any WebhookSender
    let resolver: any HostResolver
    let configuration: DeliveryConfiguration
    let clock: @Sendable () -> Int64
    /// Outcomes of recorded attempts, for `/metrics`.
    public let counters: DeliveryCounters
    /// Deliveries in flight by receiver.
    let slots = ReceiverSlots()

    /// A worker over `store`; the sender, resolver and clock are replaceable for tests.
    public init(store: any NotificationStorage, sender: any WebhookSender = CurlWebhookSender(),
                resolver: any HostResolver = SystemHostResolver(), configuration: DeliveryConfiguration,
                counters: DeliveryCounters = DeliveryCounters(),
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store; self.sender = sender; self.resolver = resolver; self.configuration = configuration
        self.counters = counters; self.clock = clock
    }

    /// One pass: sends every delivery due now (one per subscription); returns how many were attempted.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let due = try await store.claimDueDeliveries(now: clock(), lease: lease, limit: configuration.concurrency)
        await withTaskGroup(of: Void.self) { group in
            for delivery in due { group.addTask { await self.attempt(delivery) } }
        }
        return due.count
    }

    /// Sends one claimed delivery and records what the retry policy says to do next.
    func attempt(_ claimed: OutboxDelivery) async {
        do {
            guard let subscription = try await store.subscription(id: claimed.subscriptionID) else { return }
            let receiver: String
            switch try await gate(for: subscription) {
            case .send(let taken): receiver = taken
            case .postpone: return try await postpone(claimed)
            case .ownerRevoked: return try await dropForRevokedOwner(claimed)
            }
            let outcome = await send(claimed, to: subscription)
            slots.release(receiver)
            if try await pushSubscriptionGone(subscription, outcome) { return }
            var state = DeliveryAttempts(count: claimed.attempts, firstAttemptAt: claimed.firstAttemptAt, policy: configuration.retry)
            let now = clock()
            let action = state.record(outcome, now: now, jitter: Double.random(in: 0..<1))
            var done = claimed
            done.attempts = state.count
            done.firstAttemptAt = state.firstAttemptAt
            switch action {
            case .markDelivered: done.state = .delivered; done.deliveredAt = now; done.lastError = nil
            case .retry(let at, let error): done.nextAttemptAt = at; done.lastError = error
            case .markFailed(let error): done.state = .failed; done.lastError = error
            }
            try await store.recordAttempt(done)
            counters.record(action)
        } catch {
            // The lease runs out and the delivery is tried again: at-least-once, same delivery id.
            log("delivery \(claimed.id): \(error)")
        }
    }

    func send(_ delivery: OutboxDelivery, to subscription: Subscription) async -> DeliveryOutcome {
        let callback: CheckedCallback
        switch await configuration.hosts.check(subscription.callbackURL, resolver: resolver) {
        case .failure(let refusal): return .refused(refusal.message)
        case .success(let checked): callback = checked
        }
        // Retried like a network failure: once the server has its key again, nothing is lost.
        guard let secret = SecretSealer.open(subscription.secret, for: subscription.id, with: configuration.secrets) else {
            return .connectionFailed("signing secret unavailable: this server lacks the key that sealed it")
        }
        if let target = PushTarget(secret: secret) { return await push(delivery, to: target, at: callback) }
        let payload = WebhookPayload(delivery, publicBaseURL: configuration.publicBaseURL)
        let body = payload.body()
        let signature = WebhookSignature(secret: secret, timestamp: clock(), body: body)
        let headers = [("Content-Type", "application/json"), ("User-Agent", "PostTrace-Webhook/1 (PostTrace \(PostTraceVersion.current))"),
                       (WebhookSignature.headerName, signature.header), ("PostTrace-Delivery", delivery.id),
                       ("PostTrace-Event", payload.type)]
        // The addresses just checked, not a fresh lookup: the name may resolve elsewhere by now.
        return await sender.post(to: callback.url, connectingTo: callback.addresses, body: body, headers: headers,
                                 timeout: configuration.requestTimeout)
    }

    /// Writes a stale alert for each watched item that went stale in a stage not alerted yet, a page at a time.
    @discardableResult
    public func sweepStale(pageSize: Int = 1_000) async throws -> Int {
        var written = 0, cursor: StaleWatch?
        while true {
            let watches = try await store.staleWatches(after: cursor, limit: pageSize)
            guard let last = watches.last else { return written }
            let events = try await store.events(for: Array(Set(watches.map(\.number))))
            let now = clock()
            for watch in watches {
                guard let alert = SubscriptionTriggers.staleAlert(number: watch.number, events: events[watch.number] ?? [],
                                                                  alertedStages: watch.alertedStages, now: now) else { continue }
                if try await store.enqueueStaleAlert(watch, alert, now: now) { written += 1 }
            }
            guard watches.count == pageSize else { return written }
            cursor = last
        }
    }

    /// How long a claim keeps other workers off a delivery: longer than any attempt can take.
    var lease: Int64 { Int64(configuration.requestTimeout.rounded(.up)) + 60 }

    func idleSleep() async throws -> Duration {
        guard let next = try await store.nextDeliveryDue() else { return configuration.pollInterval }
        let wait = Duration.seconds(max(0, next - clock()))
        return min(max(wait, .milliseconds(50)), configuration.pollInterval)
    }

    func log(_ line: String) {
        FileHandle.standardError.write(Data("posttrace: \(line)\n".utf8))
    }
}
