import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("/metrics: gauges and access", .scratch)
struct MetricsAccessTests {
    /// A server over a counting SQLite store, as `serve` composes it.
    static func server(_ adjust: (inout ServerConfiguration) -> Void) throws -> (PostTraceServer, CountingStore, SQLiteStore) {
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        adjust(&config)
        let file = Scratch.databaseFile("posttrace-metrics")
        let sqlite = try SQLiteStore(path: file.path)
        let counting = CountingStore(sqlite)
        return (try PostTraceServer(configuration: config, store: counting, keyStore: sqlite), counting, sqlite)
    }

    static func gauge(_ name: String, in text: String) -> Int? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ").last ?? "") }
    }

    static func get(_ port: UInt16, _ path: String, headers: [String: String] = [:]) async throws -> RawResponse {
        try await RawHTTP.exchange(port: port, request: RawHTTP.request("GET", path, headers: headers))
    }

    static func scan(_ number: S10Number, _ code: EventCode, _ minutes: Int64) -> TrackingEvent {
        TrackingEvent(number: number, code: code, time: LocalTime(epochSeconds: 1_780_000_000 + minutes * 60, utcOffsetSeconds: 28_800)!,
                      office: Office(code: "CNPEKA"))
    }

    @Test("scrapes read gauges: fifty scrapes count the store once, and ingested events show at once")
    func scrapesDoNotCount() async throws {
        let (server, counting, sqlite) = try Self.server { $0.metricsRefresh = .seconds(3600) }
        Scratch.atEnd { await server.shutdown() }
        let first = try await Self.get(server.port, "/metrics")
        #expect(first.status == 200)
        #expect(Self.gauge("posttrace_events_stored", in: first.text) == 0)
        let key = try await KeyRing(store: sqlite).create(name: "shop", scope: .ingest).secret
        let body = (0..<3).map { i in #"{"number":"EE123456785CN","code":"\#(["EMA", "EMB", "EMC"][i])","time":"2026-11-20T0\#(i):00:00+08:00","office":"CNPEKA"}"# }
        let ingest = try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
            "POST", "/v1/events", headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/x-ndjson"],
            body: Array(body.joined(separator: "\n").utf8)))
        #expect(ingest.status == 200, "\(ingest.text)")
        var last = ""
        for _ in 0..<50 { last = try await Self.get(server.port, "/metrics").text }
        #expect(counting.counted == 1, "the store was counted \(counting.counted) times for 51 scrapes")
        #expect(Self.gauge("posttrace_events_stored", in: last) == 3)
    }

    @Test("what another server writes shows after the refresh interval, with one count per interval at most")
    func refreshes() async throws {
        let (server, counting, sqlite) = try Self.server { $0.metricsRefresh = .milliseconds(300) }
        Scratch.atEnd { await server.shutdown() }
        #expect(Self.gauge("posttrace_items_stored", in: try await Self.get(server.port, "/metrics").text) == 0)
        let started = ContinuousClock.now
        _ = try await sqlite.insert([Self.scan(S10Number("RR123456785DE")!, .posting, 0), Self.scan(S10Number("EE123456785CN")!, .posting, 0)])
        var items: Int?
        for _ in 0..<100 where items != 2 {
            items = Self.gauge("posttrace_items_stored", in: try await Self.get(server.port, "/metrics").text)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(items == 2)
        let intervals = Int((ContinuousClock.now - started) / .milliseconds(300)) + 2
        #expect(counting.counted <= intervals, "\(counting.counted) counts in \(intervals - 2) intervals")
    }

    @Test("with a metrics token, /metrics answers only that bearer token; keys and wrong tokens get 401, then 429")
    func token() async throws {
        let token = "scrape-" + LibCrypto.hex(LibCrypto.randomBytes(16))
        let (server, _, sqlite) = try Self.server {
            $0.metricsToken = token
            $0.addressLimit = RateLimit(perSecond: 0.0001, burst: 3)
        }
        Scratch.atEnd { await server.shutdown() }
        let admin = try await KeyRing(store: sqlite).create(name: "ops", scope: .admin).secret
        let good = try await Self.get(server.port, "/metrics", headers: ["Authorization": "Bearer \(token)"])
        #expect(good.status == 200 && good.text.contains("posttrace_http_requests_total"))
        let none = try await Self.get(server.port, "/metrics")
        #expect(none.status == 401 && none.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try none.json()["type"] as? String == "https://posttrace.org/problems/metrics-token-required")
        #expect(!none.text.contains("posttrace_"))
        for wrong in ["Bearer \(admin)", "Bearer \(token)x", "Bearer " + String(token.dropLast()), "Basic \(token)", token] {
            let r = try await Self.get(server.port, "/metrics", headers: ["Authorization": wrong])
            #expect([401, 429].contains(r.status), "\(wrong.prefix(12)): \(r.status)")
        }
        let limited = try await Self.get(server.port, "/metrics", headers: ["Authorization": "Bearer nope"])
        #expect(limited.status == 429, "wrong tokens are charged to the address")
        #expect(try await Self.get(server.port, "/metrics", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        #expect(try await Self.get(server.port, "/healthz").status == 200)
    }
}
