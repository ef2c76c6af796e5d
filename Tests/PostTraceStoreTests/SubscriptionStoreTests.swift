import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
import TestSupport

/// The backends that keep subscriptions and an outbox.
enum OutboxBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    func open(path: String? = nil) async throws -> any PostTraceStorage & SubscriptionStore {
        switch self {
        case .sqlite: return try SQLiteStore(path: path ?? TempDir.make().appendingPathComponent("s.db").path)
        case .postgres: return try await PostgresFixture.freshStore()
        }
    }
}

/// One contract for subscriptions and the outbox, on SQLite and a real PostgreSQL.
@Suite("SubscriptionStore contract", .scratch)
struct SubscriptionStoreTests {
    static func subscription(_ id: String, _ numbers: [S10Number], _ triggers: Set<NotificationTrigger>, owner: String? = "k_1",
                             created: Int64 = 1_000) -> Subscription {
        Subscription(id: id, numbers: numbers, callbackURL: "https://hooks.example/\(id)", triggers: triggers,
                     secret: "whsec_\(id)", ownerKeyID: owner, createdAt: created)
    }

    @Test("subscriptions round-trip, list by owner newest first, refuse a duplicate id and delete", arguments: OutboxBackend.allCases)
    func crud(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let a = Self.subscription("sub_a", [Sample.number(1), Sample.number(2, "DE", "RR")], [.everyEvent, .stale], created: 10)
        let b = Self.subscription("sub_b", [Sample.number(3)], [.delivered], owner: "k_2", created: 20)
        try await store.createSubscription(a)
        try await store.createSubscription(b)
        #expect(try await store.subscription(id: "sub_a") == a)
        #expect(try await store.subscription(id: "sub_zz") == nil)
        #expect(try await store.subscriptions(ownerKeyID: nil).map(\.id) == ["sub_b", "sub_a"])
        #expect(try await store.subscriptions(ownerKeyID: "k_2") == [b])
        await #expect(throws: StoreError.conflict("subscription sub_a exists")) { try await store.createSubscription(a) }
        #expect(try await store.replaceSubscriptionSecret(id: "sub_b", with: "enc1:sealed"))
        #expect(try await store.subscription(id: "sub_b")?.secret == "enc1:sealed")
        #expect(try await store.subscription(id: "sub_a") == a)  // the others are untouched
        #expect(try await !store.replaceSubscriptionSecret(id: "sub_zz", with: "x"))
        #expect(try await store.deleteSubscription(id: "sub_a"))
        #expect(try await !store.deleteSubscription(id: "sub_a"))
        #expect(try await store.subscription(id: "sub_a") == nil)
        await store.close()
    }

    @Test("the first scan of a number with no record writes a first_record delivery with the insert", arguments: OutboxBackend.allCases)
    func firstRecord(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(12345678)
        try await store.createSubscription(Self.subscription("sub_f", [n], [.firstRecord]))
        #expect(try await store.deliveries(subscriptionID: "sub_f", limit: 10).isEmpty)
        let journey = Sample.journey(n)
        _ = try await store.insert([journey[1], journey[0]])
        _ = try await store.insert([journey[2]])
        _ = try await store.insert([Sample.journey(Sample.number(87654321))[0]])
        let deliveries = try await store.deliveries(subscriptionID: "sub_f", limit: 10)
        #expect(deliveries.count == 1)
        let first = try #require(deliveries.first)
        #expect(first.kind == .firstRecord && first.number == n && first.state == .pending && first.attempts == 0)
        #expect(first.event?.code == .posting, "the earliest scan, stored with every field")
        #expect(first.event?.office == journey[0].office)
        #expect(first.previousStatus == .notFound)
        #expect(first.id.hasPrefix("dlv_"))
        await store.close()
    }

    @Test("a queued test delivery waits behind the subscription's others; none for a subscription that is gone",
          arguments: OutboxBackend.allCases)
    func enqueued(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(71_000_000)
        try await store.createSubscription(Self.subscription("sub_t", [n], [.everyEvent]))
        _ = try await store.insert([Sample.journey(n, count: 1)[0]])
        let test = OutboxDelivery(id: OutboxDelivery.newID(), subscriptionID: "sub_t", kind: .test, number: n, event: nil,
                                  status: .inTransit, createdAt: 1, nextAttemptAt: 1)
        #expect(try await store.enqueueDelivery(test))
        let rows = try await store.deliveries(subscriptionID: "sub_t", limit: 10)
        #expect(rows.map(\.kind) == [.test, .event])  // newest first
        #expect(rows.first?.id == test.id && rows.first?.state == .pending)
        // The event's delivery is the head: the test waits its turn.
        let claimed = try await store.claimDueDeliveries(now: Int64(Date().timeIntervalSince1970) + 5, lease: 60, limit: 10)
        #expect(claimed.map(\.kind) == [.event])
        var gone = test
        gone.id = OutboxDelivery.newID(); gone.subscriptionID = "sub_nope"
        #expect(try await !store.enqueueDelivery(gone))
        await store.close()
    }

    @Test("a batch amid many subscribed items, and one beside a single one, write exactly the subscribed scans' deliveries",
          arguments: OutboxBackend.allCases)
    func manySubscribedItems(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let subscribed = { (k: Int) in Sample.number(70_000_000 + UInt32(k * 2)) }
        for s in 0..<3 {
            try await store.createSubscription(Self.subscription("sub_m\(s)", (0..<100).map { subscribed(s * 100 + $0) }, [.everyEvent]))
        }
        // 20 unsubscribed items spread over the same span, and 5 subscribed ones: more subscribed rows in the
        // span than a few per key, so every key is looked up.
        let others = (0..<20).map { Sample.number(70_000_001 + UInt32($0 * 30)) }
        let watched = [0, 50, 150, 250, 299].map(subscribed)
        _ = try await store.insert((others + watched).map { Sample.journey($0, count: 1)[0] })
        #expect(try await store.deliveries(subscriptionID: "sub_m0", limit: 10).map(\.number).sorted { $0.storageKey < $1.storageKey }
                == [watched[0], watched[1]])
        #expect(try await store.deliveries(subscriptionID: "sub_m1", limit: 10).map(\.number) == [watched[2]])
        #expect(try await store.deliveries(subscriptionID: "sub_m2", limit: 10).count == 2)
        // A narrow batch: one subscribed item and its unsubscribed neighbour; only the span's one row is read.
        let next = Sample.journey(subscribed(0), count: 2)[1]
        _ = try await store.insert([next, Sample.journey(Sample.number(70_000_001), count: 2)[1]])
        let m0 = try await store.deliveries(subscriptionID: "sub_m0", limit: 10)
        #expect(m0.count == 3 && m0.first?.event?.code == next.code)
        await store.close()
    }

    @Test("every_event writes one delivery per new scan in order; duplicates write nothing", arguments: OutboxBackend.allCases)
    func everyEvent(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(11111111)
        try await store.createSubscription(Self.subscription("sub_e", [n], [.everyEvent]))
        let journey = Sample.journey(n)
        _ = try await store.insert(Array(journey[0..<3]).reversed())
        _ = try await store.insert([journey[1], journey[2]])
        _ = try await store.insert([journey[3]])
        let deliveries = try await store.deliveries(subscriptionID: "sub_e", limit: 50).reversed()
        #expect(deliveries.map(\.event?.code) == journey[0..<4].map(\.code))
        #expect(deliveries.map(\.sequence) == deliveries.map(\.sequence).sorted())
        #expect(Set(deliveries.map(\.id)).count == 4)
        await store.close()
    }

    @Test("claims take the oldest due delivery of each subscription and lease it", arguments: OutboxBackend.allCases)
    func claims(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n1 = Sample.number(22222222), n2 = Sample.number(33333333)
        try await store.createSubscription(Self.subscription("sub_1", [n1], [.everyEvent]))
        try await store.createSubscription(Self.subscription("sub_2", [n2], [.everyEvent]))
        let empty = try await store.pendingDeliveries()
        #expect(empty.count == 0 && empty.oldestCreatedAt == nil)
        let written = Int64(Date().timeIntervalSince1970)
        _ = try await store.insert(Array(Sample.journey(n1)[0..<3]) + Array(Sample.journey(n2)[0..<2]))
        let backlog = try await store.pendingDeliveries()
        #expect(backlog.count == 5 && (written...written + 5).contains(backlog.oldestCreatedAt ?? 0))
        let now = Int64(Date().timeIntervalSince1970) + 5
        let first = try await store.claimDueDeliveries(now: now, lease: 60, limit: 10)
        #expect(Set(first.map(\.subscriptionID)) == ["sub_1", "sub_2"], "one head per subscription")
        #expect(first.allSatisfy { $0.event?.code == .posting })
        #expect(try await store.claimDueDeliveries(now: now, lease: 60, limit: 10).isEmpty, "leased heads are not claimed twice")
        var done = try #require(first.first { $0.subscriptionID == "sub_1" })
        done.state = .delivered; done.attempts = 1; done.deliveredAt = now
        try await store.recordAttempt(done)
        #expect(try await store.pendingDeliveries().count == 4)
        let next = try await store.claimDueDeliveries(now: now, lease: 60, limit: 10)
        #expect(next.map(\.subscriptionID) == ["sub_1"])
        #expect(next.first?.event?.code == .arrivalAtOutwardOffice, "the next delivery in event order")
        let afterLease = try await store.claimDueDeliveries(now: now + 61, lease: 60, limit: 10)
        #expect(Set(afterLease.map(\.subscriptionID)) == ["sub_1", "sub_2"], "an expired lease makes a head due again")
        #expect(try await store.nextDeliveryDue() != nil)
        await store.close()
    }

    @Test("a retried delivery keeps its id and blocks later ones until it is done or failed", arguments: OutboxBackend.allCases)
    func retryBlocksOrder(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(44444444)
        try await store.createSubscription(Self.subscription("sub_r", [n], [.everyEvent]))
        _ = try await store.insert(Array(Sample.journey(n)[0..<2]))
        let now = Int64(Date().timeIntervalSince1970) + 5
        var head = try #require(try await store.claimDueDeliveries(now: now, lease: 60, limit: 10).first)
        head.attempts = 1; head.firstAttemptAt = now; head.nextAttemptAt = now + 100; head.lastError = "HTTP 503"
        try await store.recordAttempt(head)
        #expect(try await store.claimDueDeliveries(now: now + 50, lease: 60, limit: 10).isEmpty, "order: the second waits")
        #expect(try await store.nextDeliveryDue() == now + 100, "the queued second delivery does not make the worker poll early")
        let again = try await store.claimDueDeliveries(now: now + 100, lease: 60, limit: 10)
        #expect(again.map(\.id) == [head.id])
        #expect(again.first?.lastError == "HTTP 503" && again.first?.attempts == 1)
        head.state = .failed; head.attempts = 2; head.lastError = "HTTP 404"
        try await store.recordAttempt(head)
        #expect(try await store.claimDueDeliveries(now: now + 200, lease: 60, limit: 10).first?.event?.code == .arrivalAtOutwardOffice)
        let listed = try await store.deliveries(subscriptionID: "sub_r", limit: 10)
        #expect(listed.last?.state == .failed && listed.last?.lastError == "HTTP 404")
        await store.close()
    }

    @Test("deleting a subscription drops its pending deliveries and stops new ones", arguments: OutboxBackend.allCases)
    func deleteStops(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(55555555)
        try await store.createSubscription(Self.subscription("sub_d", [n], [.everyEvent]))
        _ = try await store.insert([Sample.journey(n)[0]])
        #expect(try await store.deleteSubscription(id: "sub_d"))
        _ = try await store.insert([Sample.journey(n)[1]])
        #expect(try await store.deliveries(subscriptionID: "sub_d", limit: 10).isEmpty)
        #expect(try await store.claimDueDeliveries(now: .max / 2, lease: 1, limit: 10).isEmpty)
        await store.close()
    }

    @Test("stale alerts are written once per stage", arguments: OutboxBackend.allCases)
    func staleOncePerStage(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(66666666)
        try await store.createSubscription(Self.subscription("sub_s", [n], [.stale]))
        try await store.createSubscription(Self.subscription("sub_x", [n], [.everyEvent]))
        let watches = try await store.staleWatches(after: nil, limit: 10)
        #expect(watches == [StaleWatch(subscriptionID: "sub_s", number: n, alertedStages: [])])
        let alert = DueNotification(kind: .stale, event: nil, status: .inTransit, previousStatus: nil, stage: .export)
        #expect(try await store.enqueueStaleAlert(watches[0], alert, now: 100))
        #expect(try await !store.enqueueStaleAlert(watches[0], alert, now: 200))
        #expect(try await store.staleWatches(after: nil, limit: 10).first?.alertedStages == [.export])
        let more = Self.subscription("sub_t", [Sample.number(1), Sample.number(2), Sample.number(3)], [.stale])
        try await store.createSubscription(more)
        var paged: [StaleWatch] = [], cursor: StaleWatch?
        while let page = Optional(try await store.staleWatches(after: cursor, limit: 2)), !page.isEmpty {
            paged += page; cursor = page.last
        }
        #expect(paged.count == 4, "pages cover every watched item once")
        #expect(Set(paged.map { "\($0.subscriptionID)/\($0.number)" }).count == 4)
        let deliveries = try await store.deliveries(subscriptionID: "sub_s", limit: 10)
        #expect(deliveries.count == 1 && deliveries.first?.stage == .export && deliveries.first?.kind == .stale)
        await store.close()
    }

    static func estimate(_ earliest: String, _ latest: String, _ likely: String) throws -> DeliveryEstimate {
        let json = #"{"earliest":"\#(earliest)","latest":"\#(latest)","most_likely":"\#(likely)","confidence":0.8,"#
            + #""basis":{"lane":"CN-US","service":"EMS","stage":"import_customs","items":412,"level":"lane"}}"#
        return try JSONDecoder().decode(DeliveryEstimate.self, from: Data(json.utf8))
    }

    @Test("an estimate change is written once per change: compare-and-set on the estimate last told", arguments: OutboxBackend.allCases)
    func estimateChangeOncePerChange(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(77777777)
        try await store.createSubscription(Self.subscription("sub_e", [n], [.estimateChange]))
        try await store.createSubscription(Self.subscription("sub_x", [n], [.stale, .statusChange]))
        let watches = try await store.estimateWatches(after: nil, limit: 10)
        #expect(watches == [EstimateWatch(subscriptionID: "sub_e", number: n, told: nil)])
        let first = try Self.estimate("2026-12-04", "2026-12-09", "2026-12-06")
        let notice = DueNotification(kind: .estimateChanged, event: nil, status: .inCustoms, previousStatus: nil, estimate: first)
        #expect(try await store.enqueueEstimateChange(watches[0], notice, now: 100))
        #expect(try await !store.enqueueEstimateChange(watches[0], notice, now: 101), "a second worker holding the same watch writes nothing")
        let told = try await store.estimateWatches(after: nil, limit: 10)
        #expect(told.first?.told == first)
        let later = try Self.estimate("2026-12-06", "2026-12-12", "2026-12-08")
        var moved = notice
        moved.estimate = later
        #expect(try await store.enqueueEstimateChange(told[0], moved, now: 200))
        #expect(try await !store.enqueueEstimateChange(told[0], moved, now: 201))
        #expect(try await !store.enqueueEstimateChange(watches[0], moved, now: 202), "a watch read before the first notice is stale")
        let deliveries = try await store.deliveries(subscriptionID: "sub_e", limit: 10)
        #expect(deliveries.map(\.kind) == [.estimateChanged, .estimateChanged])
        #expect(deliveries.map(\.estimate) == [later, first], "the outbox keeps the estimate told, newest first")
        // Concurrent workers on one change: exactly one writes it.
        let third = try Self.estimate("2026-12-07", "2026-12-13", "2026-12-09")
        var again = notice
        again.estimate = third
        let current = try #require(try await store.estimateWatches(after: nil, limit: 10).first)
        async let a = store.enqueueEstimateChange(current, again, now: 300)
        async let b = store.enqueueEstimateChange(current, again, now: 300)
        let results = try await [a, b]
        #expect(results.filter { $0 }.count == 1)
        #expect(try await store.deleteSubscription(id: "sub_e"))
        #expect(try await store.estimateWatches(after: nil, limit: 10).isEmpty)
        #expect(try await !store.enqueueEstimateChange(current, again, now: 400), "no notice for a deleted subscription")
        await store.close()
    }

    @Test("pruning deletes old finished deliveries and never a pending one", arguments: OutboxBackend.allCases)
    func prune(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(99999999)
        try await store.createSubscription(Self.subscription("sub_old", [n], [.everyEvent]))
        _ = try await store.insert(Array(Sample.journey(n)[0..<3]))
        let now = Int64(Date().timeIntervalSince1970) + 5
        var head = try #require(try await store.claimDueDeliveries(now: now, lease: 60, limit: 5).first)
        head.state = .delivered; head.attempts = 1; head.deliveredAt = now
        try await store.recordAttempt(head)
        var next = try #require(try await store.claimDueDeliveries(now: now, lease: 60, limit: 5).first)
        next.state = .failed; next.attempts = 1; next.lastError = "HTTP 404"
        try await store.recordAttempt(next)
        #expect(try await store.pruneDeliveries(before: now - 3600) == 0, "nothing is old enough yet")
        #expect(try await store.pruneDeliveries(before: now + 3600) == 2)
        let left = try await store.deliveries(subscriptionID: "sub_old", limit: 10)
        #expect(left.count == 1 && left[0].state == .pending)
        await store.close()
    }

    @Test("pending deliveries survive closing and reopening the SQLite file")
    func durable() async throws {
        let path = TempDir.make().appendingPathComponent("d.db").path
        let n = Sample.number(77777777)
        do {
            let store = try await OutboxBackend.sqlite.open(path: path)
            try await store.createSubscription(Self.subscription("sub_p", [n], [.everyEvent, .statusChange]))
            _ = try await store.insert([Sample.journey(n)[0]])
            await store.close()
        }
        let reopened = try await OutboxBackend.sqlite.open(path: path)
        let kinds = try await reopened.deliveries(subscriptionID: "sub_p", limit: 10).map(\.kind)
        #expect(kinds.sorted { $0.rawValue < $1.rawValue } == [.event, .statusChanged])
        await reopened.close()
    }

    @Test("concurrent first scans of one item tell first_record exactly once", arguments: OutboxBackend.allCases)
    func concurrentFirstScans(_ backend: OutboxBackend) async throws {
        let store = try await backend.open()
        let n = Sample.number(88888888)
        try await store.createSubscription(Self.subscription("sub_c", [n], [.firstRecord]))
        let journey = Sample.journey(n)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for event in journey { group.addTask { _ = try await store.insert([event]) } }
            try await group.waitForAll()
        }
        #expect(try await store.deliveries(subscriptionID: "sub_c", limit: 10).count == 1)
        await store.close()
    }
}
