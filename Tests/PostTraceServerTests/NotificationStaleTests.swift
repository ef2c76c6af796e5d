import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("stale alerts", .scratch)
struct NotificationStaleTests {
    let number = S10Number("EE123456785CN")!

    func store() throws -> SQLiteStore {
        let dir = Scratch.directory("posttrace-stale")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteStore(path: dir.appendingPathComponent("s.db").path)
    }

    func scan(_ code: EventCode, daysAgo: Int64, clock: ManualClock) -> TrackingEvent {
        TrackingEvent(number: number, code: code, time: LocalTime(epochSeconds: clock.now - daysAgo * 86_400, utcOffsetSeconds: 28_800)!,
                      office: Office(code: "CNPEKA"))
    }

    @Test("an item past the stale threshold of its stage is alerted once per stage, and delivered as tracking.stale")
    func oncePerStage() async throws {
        let store = try store()
        let clock = ManualClock()
        try await store.createSubscription(Subscription(id: "sub_s", numbers: [number], callbackURL: "http://127.0.0.1:9/", triggers: [.stale],
                                                        secret: "k", ownerKeyID: nil, createdAt: clock.now))
        let worker = DeliveryWorker(store: store, configuration: DeliveryConfiguration(publicBaseURL: "http://x"), clock: { clock.now })
        _ = try await store.insert([scan(.posting, daysAgo: 1, clock: clock)])
        #expect(try await worker.sweepStale() == 0, "one day after posting is normal")
        clock.advance(3 * 86_400)
        let timeline = Timeline(number: number, events: try await store.events(for: number), language: .en, now: clock.now)
        #expect(timeline.stale, "Core's rule: more than 3 days after posting")
        #expect(try await worker.sweepStale() == 1)
        #expect(try await worker.sweepStale() == 0, "the same stage is not alerted twice")
        _ = try await store.insert([scan(.arrivalAtOutwardOffice, daysAgo: 0, clock: clock)])
        #expect(try await worker.sweepStale() == 0, "fresh again")
        clock.advance(30 * 86_400)
        #expect(try await worker.sweepStale() == 1, "stale again, in a new stage")
        let alerts = try await store.deliveries(subscriptionID: "sub_s", limit: 10).reversed().filter { $0.kind == .stale }
        #expect(alerts.map(\.stage) == [.posted, .export])
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(WebhookPayload(alerts[0], publicBaseURL: "http://x").body())) as? [String: Any])
        #expect(payload["type"] as? String == "tracking.stale" && payload["stage"] as? String == "posted")
        await store.close()
    }

    @Test("delivered items and subscriptions without the stale trigger are never alerted")
    func notAlerted() async throws {
        let store = try store()
        let clock = ManualClock()
        try await store.createSubscription(Subscription(id: "sub_x", numbers: [number], callbackURL: "http://127.0.0.1:9/",
                                                        triggers: [.everyEvent], secret: "k", ownerKeyID: nil, createdAt: clock.now))
        let other = S10Number("RR123456785DE")!
        try await store.createSubscription(Subscription(id: "sub_y", numbers: [other], callbackURL: "http://127.0.0.1:9/",
                                                        triggers: [.stale], secret: "k", ownerKeyID: nil, createdAt: clock.now))
        let worker = DeliveryWorker(store: store, configuration: DeliveryConfiguration(publicBaseURL: "http://x"), clock: { clock.now })
        _ = try await store.insert([scan(.posting, daysAgo: 60, clock: clock)])
        _ = try await store.insert([TrackingEvent(number: other, code: .finalDelivery, time: LocalTime(epochSeconds: clock.now - 90 * 86_400,
                                                                                                        utcOffsetSeconds: 3600)!,
                                                  office: Office(code: "DEBERA"))])
        #expect(try await worker.sweepStale() == 0)
        #expect(try await store.deliveries(subscriptionID: "sub_y", limit: 10).isEmpty)
        await store.close()
    }

    @Test("the sweep pages through every watched item")
    func paging() async throws {
        let store = try store()
        let clock = ManualClock()
        let numbers = (0..<5).map { S10Number(serviceIndicator: "RR", serial: UInt32(10_000_000 + $0), countryCode: "CN")! }
        try await store.createSubscription(Subscription(id: "sub_p", numbers: numbers, callbackURL: "http://127.0.0.1:9/", triggers: [.stale],
                                                        secret: "k", ownerKeyID: nil, createdAt: clock.now))
        _ = try await store.insert(numbers.map {
            TrackingEvent(number: $0, code: .posting, time: LocalTime(epochSeconds: clock.now - 10 * 86_400, utcOffsetSeconds: 0)!, office: Office(code: "CNPEKA"))
        })
        let worker = DeliveryWorker(store: store, configuration: DeliveryConfiguration(publicBaseURL: "http://x"), clock: { clock.now })
        #expect(try await worker.sweepStale(pageSize: 2) == 5)
        #expect(try await worker.sweepStale(pageSize: 2) == 0)
        await store.close()
    }
}
