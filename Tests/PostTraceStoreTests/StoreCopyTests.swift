import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
import TestSupport

@Suite("StoreCopy: one store into another", .scratch)
struct StoreCopyTests {
    static func key(_ id: String, revoked: Int64? = nil, used: Int64? = nil) -> APIKeyRecord {
        var record = APIKeyRecord(id: id, name: "client \(id)", scope: .ingest, secretHash: "hash-of-\(id)", createdAt: 100)
        record.revokedAt = revoked
        record.lastUsedAt = used
        return record
    }

    /// A source with events over more items than one page, keys (one revoked, one used) and subscriptions.
    static func source() async throws -> any PostTraceStorage & SubscriptionStore {
        let store = try SQLiteStore(path: TempDir.make().appendingPathComponent("from.db").path)
        for chunk in stride(from: 0, to: 2_500, by: 500) {
            _ = try await store.insert((chunk..<chunk + 500).flatMap { Sample.journey(Sample.number(80_000_000 + UInt32($0)), count: 1 + $0 % 4) })
        }
        try await store.createKey(key("k_live"))
        try await store.touchKey(id: "k_live", at: 600)
        try await store.createKey(key("k_gone", revoked: 500))
        try await store.createSubscription(SubscriptionStoreTests.subscription("sub_1", [Sample.number(80_000_001), Sample.number(99, "DE", "RR")],
                                                                               [.everyEvent, .stale], owner: "k_live"))
        try await store.createSubscription(SubscriptionStoreTests.subscription("sub_2", [Sample.number(80_000_002)], [.delivered], owner: nil))
        for i in 0..<1_205 {  // more than one page
            try await store.createShare(ParcelShare(tokenHash: String(format: "%064x", i * 7_919), numbers: [Sample.number(UInt32(i + 1))],
                                                    createdAt: Int64(i), revokedAt: i % 100 == 0 ? 5_000 : nil))
        }
        return store
    }

    /// Every event of a store, in export order.
    static func allEvents(_ store: any TrackingStore) async throws -> [TrackingEvent] {
        try await store.events(ofItemsAfter: nil, limit: Int.max)
    }

    @Test("events, keys and subscriptions arrive whole; a second copy skips them all and notifies no one", arguments: OutboxBackend.allCases)
    func copy(_ backend: OutboxBackend) async throws {
        let source = try await Self.source()
        let target = try await backend.open()
        var pages = 0
        let first = try await StoreCopy.run(from: source, to: target) { _ in pages += 1 }
        #expect(first.items == 2_500, "\(first)")
        #expect(first.eventsAccepted == (0..<2_500).reduce(0) { $0 + 1 + $1 % 4 } && first.eventsDuplicate == 0, "\(first)")
        #expect(pages == 3)
        #expect(first.keysCopied == 2 && first.subscriptionsCopied == 2)
        let copiedEvents = try await Self.allEvents(target), sourceEvents = try await Self.allEvents(source)
        #expect(copiedEvents == sourceEvents)
        let copiedKeys = try await target.keys(), sourceKeys = try await source.keys()
        #expect(copiedKeys.sorted { $0.id < $1.id } == sourceKeys.sorted { $0.id < $1.id })
        #expect(try await target.key(secretHash: "hash-of-k_gone")?.revokedAt == 500)
        let copiedSubscriptions = try await target.subscriptions(ownerKeyID: nil)
        #expect(try await copiedSubscriptions == source.subscriptions(ownerKeyID: nil))
        // Events came before subscriptions: the target's outbox has nothing to send about history.
        #expect(try await target.pendingDeliveries().count == 0)
        #expect(first.sharesCopied == 1_205 && first.sharesSkipped == 0, "\(first)")
        let shareStores = try (#require(source as? any ShareStore), #require(target as? any ShareStore))
        #expect(try await shareStores.1.shares(after: nil, limit: 2_000) == shareStores.0.shares(after: nil, limit: 2_000))

        // Later: the live key is revoked at the source and used again; a new scan arrives.
        _ = try await source.revokeKey(id: "k_live", at: 900)
        _ = try await shareStores.0.revokeShare(tokenHash: String(format: "%064x", 7_919), at: 900)
        _ = try await source.insert(Sample.journey(Sample.number(80_000_001), start: 1_780_000_000, count: 1))
        let again = try await StoreCopy.run(from: source, to: target)
        #expect(again.eventsAccepted == 1 && again.keysCopied == 0 && again.keysSkipped == 2)
        #expect(again.subscriptionsCopied == 0 && again.subscriptionsSkipped == 2)
        #expect(again.sharesCopied == 0 && again.sharesSkipped == 1_205)
        #expect(try await target.key(secretHash: "hash-of-k_live")?.revokedAt == 900, "a revocation reaches the target")
        #expect(try await shareStores.1.share(tokenHash: String(format: "%064x", 7_919))?.revokedAt == 900, "so does a share's")
        #expect(try await target.key(secretHash: "hash-of-k_live")?.lastUsedAt == 600)
        await source.close(); await target.close()
    }

    @Test("events only; and a store without subscriptions is refused before anything is written")
    func parts() async throws {
        let source = try await Self.source()
        let target = try SQLiteStore(path: TempDir.make().appendingPathComponent("to.db").path)
        let summary = try await StoreCopy.run(from: source, to: target, parts: .events)
        #expect(summary.items == 2_500 && summary.keysCopied == 0 && summary.subscriptionsCopied == 0 && summary.sharesCopied == 0, "\(summary)")
        #expect(try await target.keys().isEmpty)
        #expect(try await target.subscriptions(ownerKeyID: nil).isEmpty)

        let memory = InMemoryStore()
        await #expect(throws: StoreCopy.Failure.self) { _ = try await StoreCopy.run(from: source, to: memory) }
        #expect(try await memory.counts().items == 0)
        let fromMemory = try await StoreCopy.run(from: memory, to: target, parts: [.events, .keys])
        #expect(fromMemory == StoreCopySummary())
        await source.close(); await target.close()
    }
}
