import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("subscriptions: scope, quotas, revoked keys, fair delivery", .serialized, .scratch)
struct SubscriptionSecurityTests {
    let parcel = S10Number("EE123456785CN")!
    let other = S10Number("RR123456785DE")!

    /// A server with the subscription routes under `quotas`, over a fresh SQLite store.
    static func server(quotas: SubscriptionQuotas) throws -> (PostTraceServer, any PostTraceStorage & SubscriptionStore) {
        let store = try NotificationBackend.sqlite.open()
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        var settings = NotificationSettings()
        settings.hosts = CallbackURLPolicy(allowLoopback: true)
        settings.quotas = quotas
        let service = NotificationService(settings: settings, store: store)
        return (try PostTraceServer(configuration: config, store: store, keyStore: store, extraRoutes: service.routes), store)
    }

    static func call(_ port: UInt16, _ method: String, _ path: String, key: String, json: String? = nil) async throws -> RawResponse {
        var headers = ["Authorization": "Bearer \(key)"]
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await RawHTTP.exchange(port: port, request: RawHTTP.request(method, path, headers: headers, body: Array((json ?? "").utf8)))
    }

    static func body(_ numbers: [String], _ url: String = "http://127.0.0.1:9/hook") -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: ["numbers": numbers, "callback_url": url, "triggers": ["every_event"]]),
               as: UTF8.self)
    }

    @Test("creating subscriptions and test deliveries needs the subscribe scope; a read key keeps its older subscriptions")
    func scope() async throws {
        let h = try NotificationHarness()
        let ring = KeyRing(store: h.store)
        let read = try await ring.create(name: "r", scope: .read), ingest = try await ring.create(name: "i", scope: .ingest)
        for key in [read.secret, ingest.secret] {
            let refused = try await h.request("POST", "/v1/subscriptions", key: key, json: Self.body([parcel.description]))
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try refused.json()["required_scope"] as? String == "subscribe")
        }
        #expect(try await h.store.subscriptions(ownerKeyID: nil).isEmpty)
        for scope in [APIKeyRecord.Scope.subscribe, .admin] {
            let created = try await h.request("POST", "/v1/subscriptions", key: try await h.key(scope), json: Self.body([parcel.description]))
            #expect(created.status == 201, "\(scope): \(created.text)")
        }
        // A subscription a read key made before the scope existed: still listed and deletable, but not tested.
        let legacy = Subscription(id: "sub_legacy", numbers: [parcel], callbackURL: "http://127.0.0.1:9/hook", triggers: [.everyEvent],
                                  secret: "whsec_x", ownerKeyID: read.record.id, createdAt: 1_780_000_000)
        try await h.store.createSubscription(legacy)
        #expect(try await h.request("POST", "/v1/subscriptions/sub_legacy/test", key: read.secret).status == 403)
        let listed = try await h.request("GET", "/v1/subscriptions", key: read.secret)
        #expect((try listed.json()["subscriptions"] as? [[String: Any]])?.map { $0["id"] as? String } == ["sub_legacy"])
        #expect(try await h.request("DELETE", "/v1/subscriptions/sub_legacy", key: read.secret).status == 204)
        await h.server.shutdown()
    }

    @Test("quotas per key: subscriptions held (403), numbers per subscription (422), test deliveries per hour (429)")
    func quotas() async throws {
        let (server, store) = try Self.server(quotas: SubscriptionQuotas(subscriptionsPerKey: 2, numbersPerSubscription: 3, testDeliveriesPerHour: 2))
        Scratch.atEnd { await server.shutdown() }
        let ring = KeyRing(store: store)
        let key = try await ring.create(name: "a", scope: .subscribe).secret, second = try await ring.create(name: "b", scope: .subscribe).secret
        var ids: [String] = []
        for _ in 0..<2 {
            let r = try await Self.call(server.port, "POST", "/v1/subscriptions", key: key, json: Self.body([parcel.description]))
            #expect(r.status == 201)
            ids.append(try #require(try r.json()["id"] as? String))
        }
        let third = try await Self.call(server.port, "POST", "/v1/subscriptions", key: key, json: Self.body([parcel.description]))
        #expect(third.status == 403)
        #expect(try third.json()["type"] as? String == "https://posttrace.org/problems/subscription-quota")
        #expect(try third.json()["limit"] as? Int == 2)
        #expect(try await Self.call(server.port, "POST", "/v1/subscriptions", key: second, json: Self.body([parcel.description])).status == 201)
        let numbers = ["EE123456785CN", "RR123456785DE", "EL123456785CN", "CP123456785CN"]
        let many = try await Self.call(server.port, "POST", "/v1/subscriptions", key: second, json: Self.body(numbers))
        #expect(many.status == 422)
        #expect((try many.json()["type"] as? String)?.hasSuffix("/numbers-count") == true)
        #expect(try await Self.call(server.port, "DELETE", "/v1/subscriptions/\(ids[1])", key: key).status == 204)
        #expect(try await Self.call(server.port, "POST", "/v1/subscriptions", key: key, json: Self.body(Array(numbers.prefix(3)))).status == 201)
        for _ in 0..<2 { #expect(try await Self.call(server.port, "POST", "/v1/subscriptions/\(ids[0])/test", key: key).status == 202) }
        let tooMany = try await Self.call(server.port, "POST", "/v1/subscriptions/\(ids[0])/test", key: key)
        #expect(tooMany.status == 429)
        #expect(Int(tooMany.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect((try tooMany.json()["type"] as? String)?.hasSuffix("/subscription-quota") == true)
        #expect(try await store.deliveries(subscriptionID: ids[0], limit: 10).count == 2, "the refused test queued nothing")
    }

    @Test("revoking a key stops its subscriptions: nothing more reaches the receiver, and the delivery says why")
    func revokedKey() async throws {
        let h = try NotificationHarness()
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let ring = KeyRing(store: h.store)
        let owner = try await ring.create(name: "shop", scope: .subscribe)
        let created = try await h.subscribe([parcel.description], url: receiver.url(), triggers: ["every_event"], key: owner.secret)
        let id = try #require(created["id"] as? String)
        _ = try await h.store.insert([NotificationHarness.scan(parcel, .posting, 0)])
        try await h.drive { receiver.requests.count == 1 }
        #expect(receiver.requests.count == 1)
        #expect(try await ring.revoke(id: owner.record.id))
        _ = try await h.store.insert([NotificationHarness.scan(parcel, .arrivalAtOutwardOffice, 60)])
        try await h.drive(passes: 10) { false }
        #expect(receiver.requests.count == 1, "a revoked key's subscription was delivered")
        let latest = try #require(try await h.store.deliveries(subscriptionID: id, limit: 5).first { $0.event?.code == .arrivalAtOutwardOffice })
        #expect(latest.state == .failed && latest.lastError?.contains("revoked") == true, "\(latest)")
        await h.server.shutdown()
    }

    @Test("a receiver that takes 10 s per request holds two slots: another receiver's delivery arrives within 3 s")
    func slowReceiverFairness() async throws {
        let h = try NotificationHarness()
        let slow = try WebhookReceiver { _, _ in (200, [], 10) }
        let fast = try WebhookReceiver()
        defer { slow.stop(); fast.stop() }
        let key = try await h.key()
        for _ in 0..<12 { _ = try await h.subscribe([parcel.description], url: slow.url(), triggers: ["every_event"], key: key) }
        _ = try await h.subscribe([other.description], url: fast.url(), triggers: ["every_event"], key: key)
        let worker = DeliveryWorker(store: h.store, configuration: DeliveryConfiguration(
            publicBaseURL: "http://x", hosts: CallbackURLPolicy(allowLoopback: true), requestTimeout: 15,
            pollInterval: .milliseconds(100), concurrency: 8))
        let running = Task { await worker.run() }
        defer { running.cancel() }
        _ = try await h.store.insert([NotificationHarness.scan(parcel, .posting, 0)])
        #expect(await slow.wait(seconds: 5) { !$0.isEmpty }, "the slow receiver is holding requests")
        try await Task.sleep(for: .milliseconds(500))
        let sent = Date()
        _ = try await h.store.insert([NotificationHarness.scan(other, .posting, 0)])
        #expect(await fast.wait(seconds: 3) { $0.count == 1 }, "the fast receiver waited behind the slow one")
        let waited = Date().timeIntervalSince(sent)
        #expect(slow.requests.count <= 2, "\(slow.requests.count) requests in flight at the slow receiver; at most 2 allowed")
        #expect(waited < 3, "the fast receiver got its delivery after \(waited) s")
        await h.server.shutdown()
    }
}
