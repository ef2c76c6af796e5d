import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// `tracking.estimate_changed`: subscribers who ask are told when an item's estimate appears or moves.
@Suite("estimate-change notices", .scratch)
struct NotificationEstimateTests {
    /// A worker like serve's: the harness's store and clock, the server's lane book, loopback receivers allowed.
    static func worker(_ h: NotificationHarness, lanes: LaneBook) -> DeliveryWorker {
        var configuration = DeliveryConfiguration(publicBaseURL: "https://track.example", hosts: CallbackURLPolicy(allowLoopback: true),
                                                  requestTimeout: 2)
        configuration.lanes = lanes
        let clock = h.clock
        return DeliveryWorker(store: h.store, configuration: configuration, clock: { clock.now })
    }

    @Test("an estimate that appears, then moves as the item waits, is told once per change with the timeline's estimated_delivery",
          arguments: NotificationBackend.allCases)
    func toldOncePerChange(_ backend: NotificationBackend) async throws {
        let h = try NotificationHarness(backend)
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let now = h.clock.now / 60 * 60
        let simulated = Array(Simulator(seed: 31, now: now).items(count: 3_000))
        _ = try await h.store.insert(simulated.flatMap(\.events))
        let table = try await h.store.refreshLaneTable(now: now)
        h.server.lanes.replace(table)
        let worker = Self.worker(h, lanes: h.server.lanes)
        let events = try await h.store.events(for: simulated.map(\.number))
        let inFlight = try #require(simulated.first { item in
            Timeline(number: item.number, events: events[item.number] ?? [], language: .en, now: now, lanes: table).estimate.estimate != nil
        }?.number)
        let delivered = try #require(simulated.first { $0.outcome == .delivered }?.number)
        let key = try await h.key(.admin)
        _ = try await h.subscribe([inFlight.description, delivered.description], url: receiver.url(), triggers: ["estimate_change"], key: key)
        _ = try await h.subscribe([inFlight.description], url: receiver.url("/other"), triggers: ["status_change", "stale"], key: key)

        #expect(try await worker.sweepEstimates() == 1, "the item in flight has an estimate; the delivered one has none")
        #expect(try await worker.sweepEstimates() == 0, "nothing moved")
        try await h.drive(passes: 5) { receiver.requests.count == 1 }
        let first = try #require(receiver.requests.first)
        #expect(first.path == "/hook" && first.headers["posttrace-event"] == "tracking.estimate_changed")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.body)) as? [String: Any])
        #expect(payload["type"] as? String == "tracking.estimate_changed" && payload["number"] as? String == inFlight.description)
        let told = try #require(payload["estimated_delivery"] as? [String: Any])
        let api = try await h.request("GET", "/v1/trackings/\(inFlight)?lang=en").json()
        #expect(NSDictionary(dictionary: told) == NSDictionary(dictionary: try #require(api["estimated_delivery"] as? [String: Any])),
                "the notice carries what a lookup shows")

        // The item waits in its stage: the estimate moves later on some day; that day, and only then, one notice.
        var moved = false
        for _ in 0..<40 where !moved {
            h.clock.advance(86_400)
            let later = Timeline(number: inFlight, events: events[inFlight] ?? [], language: .en, now: h.clock.now, lanes: table).estimate.estimate
            let written = try await worker.sweepEstimates()
            guard let later, later.earliest.description != told["earliest"] as? String || later.latest.description != told["latest"] as? String
                    || later.mostLikely.description != told["most_likely"] as? String else {
                #expect(written == 0, "no change, no notice")
                continue
            }
            #expect(written == 1)
            moved = true
        }
        #expect(moved, "forty days in one stage move the estimate")
        try await h.drive(passes: 5) { receiver.requests.count == 2 }
        let second = try #require(try JSONSerialization.jsonObject(with: Data(receiver.requests[1].body)) as? [String: Any])
        let next = try #require(second["estimated_delivery"] as? [String: Any])
        #expect((next["latest"] as? String ?? "") >= (told["latest"] as? String ?? "~"), "waiting longer never brings the end of the interval forward")
        #expect(receiver.requests.allSatisfy { $0.path == "/hook" }, "the subscription without the trigger is told nothing")
        await h.server.shutdown()
    }

    @Test("without a lane table, or with nobody asking, the sweep writes nothing")
    func nothingToTell() async throws {
        let h = try NotificationHarness(.sqlite)
        let key = try await h.key(.admin)
        _ = try await h.store.insert([NotificationHarness.scan(S10Number("EE123456785CN")!, .posting, 0)])
        _ = try await h.subscribe(["EE123456785CN"], url: "http://127.0.0.1:9/", triggers: ["estimate_change"], key: key)
        #expect(try await Self.worker(h, lanes: LaneBook()).sweepEstimates() == 0)
        let bad = try await h.request("POST", "/v1/subscriptions", key: key,
                                      json: #"{"numbers":["EE123456785CN"],"callback_url":"http://127.0.0.1:9/","triggers":["estimate_changed"]}"#)
        #expect(bad.status == 422 && bad.text.contains("estimate_change"), "the trigger is estimate_change; the error lists it: \(bad.text)")
        await h.server.shutdown()
    }
}
