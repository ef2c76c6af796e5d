import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// The stores the end-to-end notification tests run on.
enum NotificationBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    /// A fresh store: a temp SQLite file, or a new schema in the test cluster of scripts/pg-test-cluster.sh.
    func open() throws -> any PostTraceStorage & SubscriptionStore {
        switch self {
        case .sqlite:
            let dir = Scratch.directory("posttrace-notify")
            return try SQLiteStore(path: dir.appendingPathComponent("n.db").path)
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["POSTTRACE_TEST_DATABASE_URL"], !url.isEmpty else {
                throw RawHTTP.Failure(description: "POSTTRACE_TEST_DATABASE_URL is not set: run the tests through "
                                      + "`bash scripts/pg-test-cluster.sh swift test --skip-build` (or `make test`)")
            }
            let schema = "n_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            return try PostgresStore(url: url, schema: String(schema), poolSize: 3)
        }
    }
}

/// A real server on a loopback port over a real store (SQLite by default), with the subscription routes
/// mounted, and a delivery worker driven by a manual clock.
struct NotificationHarness {
    let store: any PostTraceStorage & SubscriptionStore
    let server: PostTraceServer
    let worker: DeliveryWorker
    let clock: ManualClock
    var port: UInt16 { server.port }

    init(_ backend: NotificationBackend = .sqlite,
         retry: DeliveryRetryPolicy = DeliveryRetryPolicy(firstDelay: 10, maxDelay: 60, giveUpAfter: 3600),
         hosts: CallbackURLPolicy = CallbackURLPolicy(allowLoopback: true), wechatToken: String? = nil, vapid: VAPID? = nil) throws {
        store = try backend.open()
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        config.metricsRefresh = .zero  // every scrape starts a recount; `metrics(until:)` polls for it
        var settings = NotificationSettings()
        settings.wechatToken = wechatToken
        settings.hosts = hosts
        settings.vapid = vapid
        let service = NotificationService(settings: settings, store: store)
        // The worker counts into the service's counters, as in `posttrace serve`, and /metrics shows them.
        server = try PostTraceServer(configuration: config, store: store, keyStore: store, extraRoutes: service.routes,
                                     extraMetrics: { service.metricsText() })
        let clock = ManualClock()
        self.clock = clock
        var configuration = DeliveryConfiguration(publicBaseURL: "https://track.example", retry: retry, hosts: hosts, requestTimeout: 2)
        configuration.vapid = vapid
        worker = DeliveryWorker(store: store, configuration: configuration, counters: service.counters, clock: { clock.now })
    }

    func key(_ scope: APIKeyRecord.Scope = .subscribe) async throws -> String {
        try await KeyRing(store: store).create(name: "notify-\(scope.rawValue)", scope: scope).secret
    }

    func request(_ method: String, _ path: String, key: String? = nil, json: String? = nil) async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await RawHTTP.exchange(port: port, request: RawHTTP.request(method, path, headers: headers, body: Array((json ?? "").utf8)))
    }

    /// The `/metrics` text once `condition` holds (the store's gauges are recounted in the background), or
    /// the last one after two seconds.
    func metrics(until condition: (String) -> Bool) async throws -> String {
        var text = ""
        for _ in 0..<40 {
            text = try await request("GET", "/metrics").text
            if condition(text) { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return text
    }

    /// Creates a subscription over the API; returns its JSON.
    func subscribe(_ numbers: [String], url: String, triggers: [String], key: String) async throws -> [String: Any] {
        let body = try JSONSerialization.data(withJSONObject: ["numbers": numbers, "callback_url": url, "triggers": triggers])
        let response = try await request("POST", "/v1/subscriptions", key: key, json: String(decoding: body, as: UTF8.self))
        #expect(response.status == 201, "\(response.text)")
        return try response.json()
    }

    /// Runs worker passes, moving the clock `step` seconds after each, until `done` or `passes` run out.
    func drive(passes: Int = 40, step: Int64 = 10, until done: () -> Bool) async throws {
        for _ in 0..<passes {
            try await worker.deliverDue()
            if done() { return }
            clock.advance(step)
        }
    }

    /// A scan of `number`, `minutes` after a fixed start.
    static func scan(_ number: S10Number, _ code: EventCode, _ minutes: Int64) -> TrackingEvent {
        TrackingEvent(number: number, code: code, time: LocalTime(epochSeconds: 1_780_000_000 + minutes * 60, utcOffsetSeconds: 28_800)!,
                      office: Office(code: "CNPEKA", name: "Beijing"))
    }
}
