import Foundation
import PostTraceStore

/// The store's sizes that `/metrics` reports (items, events, the webhook backlog), kept in memory so that a
/// scrape never counts rows: counted once when first asked, then again at most once per `refresh` interval, in
/// the background, while scrapes read the last counts. Events this server stores are added at once; what other
/// servers write to a shared PostgreSQL database shows after the next recount.
actor StoreGauges {
    /// The counts as last read; nil members when the store could not say.
    struct Snapshot: Sendable {
        var items: Int?
        var events: Int?
        var pendingDeliveries: (count: Int, oldestCreatedAt: Int64?)?
    }

    private let store: any TrackingStore
    private let refresh: Double
    /// Where recounts run: the server's handler threads. Handlers call this actor (`stored(events:)`,
    /// `current()`), so the actor must never be waiting to run on the shared cooperative pool, which anything
    /// else in the process may hold.
    private let executor: (any TaskExecutor)?
    private var snapshot: Snapshot?
    private var countedAt = -Double.infinity
    private var counting: Task<Void, Never>?

    /// Gauges over `store`, recounted at most once per `refresh`.
    init(store: any TrackingStore, refresh: Duration, executor: (any TaskExecutor)?) {
        self.store = store
        self.executor = executor
        self.refresh = Double(refresh.components.seconds) + Double(refresh.components.attoseconds) / 1e18
    }

    /// The last counts. Only the very first call waits for a count; later ones start a recount when the last is
    /// older than the interval and answer with what they have meanwhile.
    func current(now: Double = ProcessInfo.processInfo.systemUptime) async -> Snapshot {
        if counting == nil, now - countedAt >= refresh {
            countedAt = now
            counting = Task(executorPreference: executor) { await self.count() }
        }
        if snapshot == nil, let counting { await counting.value }
        return snapshot ?? Snapshot()
    }

    /// Events stored by this server's ingestion: shown before the next recount.
    func stored(events: Int) {
        guard events > 0, let known = snapshot?.events else { return }
        snapshot?.events = known + events
    }

    private func count() async {
        let counts = try? await store.counts()
        let backlog = try? await (store as? any SubscriptionStore)?.pendingDeliveries()
        snapshot = Snapshot(items: counts?.items, events: counts?.events, pendingDeliveries: backlog)
        counting = nil
    }
}
