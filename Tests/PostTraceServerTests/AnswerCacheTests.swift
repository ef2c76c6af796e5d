import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// The stores the answer cache is tested on, each with a second handle on the same data (another writer).
enum CacheBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    /// A fresh store and a second, independent handle on the same file or schema.
    func open() throws -> (store: any PostTraceStorage, other: any PostTraceStorage, cleanup: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let file = Scratch.databaseFile("posttrace-cache")
            let store = try SQLiteStore(path: file.path)
            return (store, try SQLiteStore(path: file.path), {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
            })
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["POSTTRACE_TEST_DATABASE_URL"], !url.isEmpty else {
                throw RawHTTP.Failure(description: "POSTTRACE_TEST_DATABASE_URL is not set: run the tests through "
                                      + "`bash scripts/pg-test-cluster.sh swift test --skip-build` (or `make test`)")
            }
            let schema = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let store = try PostgresStore(url: url, schema: String(schema), poolSize: 3)
            return (store, try PostgresStore(url: url, schema: String(schema), poolSize: 1), {})
        }
    }
}

/// A loopback server's configuration for the answer cache suites: no access log, no rate limits, and an hour's
/// render age (on a loaded run two lookups can be seconds apart, and the default 10 s would turn an expected hit
/// into a miss); a test about the age sets its own.
func cacheConfiguration() -> ServerConfiguration {
    var config = ServerConfiguration()
    config.port = 0
    config.accessLog = false
    config.addressLimit = .off
    config.keyLimit = .off
    config.shutdownGrace = .seconds(5)
    config.answerCacheRenderAge = 3600
    return config
}

/// A server over `store` with the answer cache configured by `adjust`.
private func cacheServer(_ store: any PostTraceStorage, lanes: LaneBook = LaneBook(),
                         _ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws -> PostTraceServer {
    var config = cacheConfiguration()
    adjust(&config)
    return try PostTraceServer(configuration: config, store: store, keyStore: store, lanes: lanes)
}

private func get(_ server: PostTraceServer, _ path: String, _ headers: [String: String] = [:]) async throws -> RawResponse {
    try await RawHTTP.exchange(port: server.port, request: RawHTTP.request("GET", path, headers: headers))
}

/// The value of one unlabelled metric in `/metrics`, nil when absent (the answer cache suites read their counters).
func metric(_ server: PostTraceServer, _ name: String) async throws -> Int? {
    let text = try await get(server, "/metrics").text
    return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.split(separator: " ")[1]) }
}

/// A scan of `number` `hour` hours after a fixed instant, in Beijing time (the answer cache suites' events).
func scan(_ number: S10Number, _ code: EventCode, hour: Int64, office: String = "CNPEKA") -> TrackingEvent {
    TrackingEvent(number: number, code: code, time: LocalTime(epochSeconds: 1_780_000_000 + hour * 3600, utcOffsetSeconds: 28800)!,
                  office: Office(code: office))
}

@Suite("Answer cache: rendered timelines reused only while the store's events are the same", .scratch)
struct AnswerCacheTests {
    @Test("hit, miss, invalidation by this server's ingestion and by another writer, ETag and 304 unchanged", arguments: CacheBackend.allCases)
    func hitMissInvalidation(_ backend: CacheBackend) async throws {
        let (store, other, cleanup) = try backend.open()
        defer { cleanup() }
        let server = try cacheServer(store)
        Scratch.atEnd { await server.shutdown(); await other.close() }
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await store.insert([scan(n, .posting, hour: 0), scan(n, .arrivalAtOutwardOffice, hour: 1)])

        let first = try await get(server, "/v1/trackings/\(n)")
        #expect(first.status == 200)
        #expect(try await metric(server, "posttrace_answer_cache_misses_total") == 1)
        let second = try await get(server, "/v1/trackings/\(n)")
        #expect(second.body == first.body && second.headers["etag"] == first.headers["etag"])
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == 1)
        let tag = try #require(first.headers["etag"])
        // A hit still answers 304 to the tag, HEAD has the same headers, and gzip comes from the kept copy the second time.
        #expect(try await get(server, "/v1/trackings/\(n)", ["If-None-Match": tag]).status == 304)
        let zipped = try await get(server, "/v1/trackings/\(n)", ["Accept-Encoding": "gzip"])
        let zippedAgain = try await get(server, "/v1/trackings/\(n)", ["Accept-Encoding": "gzip"])
        #expect(zipped.headers["content-encoding"] == "gzip" && zipped.body == zippedAgain.body)
        #expect(zipped.headers["etag"] == HTTPCaching.gzipTag(tag) && zippedAgain.headers["etag"] == zipped.headers["etag"])
        #expect(try GzipBody.decompress(zippedAgain.body, limit: 1 << 20) == first.body)
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == 4)

        // Ingestion through this server drops the item; the next answer is the new one.
        let key = try await KeyRing(store: store).create(name: "ingest", scope: .ingest).secret
        let line = #"{"number":"EE123456785CN","code":"EMC","time":"2026-05-29T10:00:00+08:00","office":"CNPEKA"}"#
        let posted = try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
            "POST", "/v1/events", headers: ["Content-Type": "application/x-ndjson", "Authorization": "Bearer \(key)"], body: Array(line.utf8)))
        #expect(posted.status == 200, "\(posted.text)")
        #expect(try await metric(server, "posttrace_answer_cache_invalidations_total") == 1)
        let afterIngest = try await get(server, "/v1/trackings/\(n)", ["If-None-Match": tag])
        #expect(afterIngest.status == 200 && afterIngest.headers["etag"] != tag)
        #expect((try afterIngest.json()["events"] as? [Any])?.count == 3)

        // Another writer (a second handle on the same file or schema, as another process would be) is seen at
        // once: the kept answer was rendered from other events.
        let tag3 = try #require(afterIngest.headers["etag"])
        #expect(try await get(server, "/v1/trackings/\(n)", ["If-None-Match": tag3]).status == 304)
        _ = try await other.insert([scan(n, .finalDelivery, hour: 100, office: "DEFRAA")])
        let afterOther = try await get(server, "/v1/trackings/\(n)", ["If-None-Match": tag3])
        #expect(afterOther.status == 200 && afterOther.headers["etag"] != tag3)
        #expect(try afterOther.json()["status"] as? String == "delivered")

        // Each language is its own entry; a batch reuses the API's bytes for the same number and language.
        let german = try await get(server, "/v1/trackings/\(n)?lang=de")
        #expect(german.headers["content-language"] == "de" && german.body != afterOther.body)
        let body = #"{"numbers":["EE123456785CN"]}"#
        let batch = try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
            "POST", "/v1/trackings/batch", headers: ["Content-Type": "application/json"], body: Array(body.utf8)))
        #expect(batch.status == 200 && batch.text.contains(#""timeline":"# + afterOther.text))
    }

    @Test("the byte bound holds however many items are looked up; CLOCK evicts, and evicted items are rendered again")
    func bound() async throws {
        let (store, other, cleanup) = try CacheBackend.sqlite.open()
        defer { cleanup() }
        await other.close()
        let capacity = 48 * 1024
        let server = try cacheServer(store) { $0.answerCacheBytes = capacity }
        Scratch.atEnd { await server.shutdown() }
        let cache = try #require(server.answerCache)
        var numbers: [S10Number] = []
        for serial in 0..<60 {
            let n = try #require(S10Number(serviceIndicator: "EE", serial: UInt32(20_000_000 + serial), countryCode: "CN"))
            numbers.append(n)
            _ = try await store.insert((0..<6).map { scan(n, [.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice][$0 % 3], hour: Int64($0)) })
        }
        var bodies: [S10Number: [UInt8]] = [:]
        for round in 0..<2 {
            for n in numbers {
                for headers in [[:], ["Accept-Encoding": "gzip"]] as [[String: String]] {
                    let r = try await get(server, "/v1/trackings/\(n)", headers)
                    #expect(r.status == 200)
                    #expect(cache.usage.bytes <= capacity)
                    if headers.isEmpty, round == 0 { bodies[n] = r.body }
                    if headers.isEmpty, round == 1 { #expect(r.body == bodies[n]) }
                }
            }
        }
        let evictions = try #require(try await metric(server, "posttrace_answer_cache_evictions_total"))
        #expect(evictions > 0)
        #expect(try await metric(server, "posttrace_answer_cache_bytes").map { $0 <= capacity && $0 > capacity / 2 } == true)
        #expect(try await metric(server, "posttrace_answer_cache_capacity_bytes") == capacity)
    }

    @Test("with the cache off, answers, tags, 304s and gzip are byte for byte those of a server with it")
    func disabled() async throws {
        let (store, other, cleanup) = try CacheBackend.sqlite.open()
        defer { cleanup() }
        let with = try cacheServer(store)
        let without = try cacheServer(other) { $0.answerCacheBytes = 0 }
        Scratch.atEnd { await with.shutdown(); await without.shutdown() }
        #expect(without.answerCache == nil)
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await store.insert([scan(n, .posting, hour: 0), scan(n, .arrivalAtOutwardOffice, hour: 1)])
        for headers in [[:], ["Accept-Encoding": "gzip"], ["Accept-Language": "zh-CN"], ["Accept-Language": "ar", "Accept-Encoding": "gzip"]] as [[String: String]] {
            for _ in 0..<2 {
                let a = try await get(with, "/v1/trackings/\(n)", headers), b = try await get(without, "/v1/trackings/\(n)", headers)
                #expect(a.status == b.status && a.body == b.body && a.headers["etag"] == b.headers["etag"], "\(headers)")
                #expect(a.headers["content-encoding"] == b.headers["content-encoding"] && a.vary == b.vary)
                let tag = try #require(b.headers["etag"])
                #expect(try await get(without, "/v1/trackings/\(n)", headers.merging(["If-None-Match": tag]) { $1 }).status == 304)
            }
        }
        #expect(!(try await get(without, "/metrics").text.contains("posttrace_answer_cache")))
    }

    @Test("a new lane table and the render age make kept answers be rendered again")
    func lanesAndAge() async throws {
        let (store, other, cleanup) = try CacheBackend.sqlite.open()
        defer { cleanup() }
        await other.close()
        let lanes = LaneBook()
        let server = try cacheServer(store, lanes: lanes)
        Scratch.atEnd { await server.shutdown() }
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await store.insert([scan(n, .posting, hour: 0)])
        _ = try await get(server, "/v1/trackings/\(n)")
        _ = try await get(server, "/v1/trackings/\(n)")
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == 1)
        lanes.replace(lanes.current)
        _ = try await get(server, "/v1/trackings/\(n)")
        #expect(try await metric(server, "posttrace_answer_cache_misses_total") == 2)
        // Past the render age a kept answer is rendered again; waiting longer than asked can only confirm it.
        let young = try cacheServer(store) { $0.answerCacheRenderAge = 0.5 }
        Scratch.atEnd { await young.shutdown() }
        _ = try await get(young, "/v1/trackings/\(n)")
        try await Task.sleep(for: .milliseconds(700))
        _ = try await get(young, "/v1/trackings/\(n)")
        #expect(try await metric(young, "posttrace_answer_cache_misses_total") == 2)
        #expect(try await metric(young, "posttrace_answer_cache_hits_total") == 0)
    }

    @Test("--answer-cache sizes: units, off, and hostile text refused")
    func sizes() {
        let good: [(String, Int)] = [("0", 0), ("off", 0), ("OFF", 0), ("64M", 64 << 20), ("32mb", 32 << 20), ("512K", 512 << 10),
                                     ("1G", 1 << 30), ("1GiB", 1 << 30), ("4096", 4096), ("64G", 64 << 30), (" 8M ", 8 << 20)]
        for (text, bytes) in good { #expect(ServerConfiguration.byteSize(text) == bytes, "\(text)") }
        let bad = ["", "-1", "M", "1.5M", "64X", "65G", "999999999999999999999", "1e6", "64 M", "0x10", "٣M", "１M", "64MM",
                   "9223372036854775807", String(repeating: "9", count: 5_000), "64M\u{0}", "of"]
        for text in bad { #expect(ServerConfiguration.byteSize(text) == nil, "\(text.prefix(30))") }
    }

    @Test("the cache's own bound: CLOCK keeps referenced items, counts stay consistent")
    func clock() throws {
        let cache = AnswerCache(capacity: 10_000, renderAge: 60)
        let body = [UInt8](repeating: 65, count: 1_000)
        let numbers = try (0..<30).map { try #require(S10Number(serviceIndicator: "RR", serial: UInt32(30_000_000 + $0), countryCode: "US")) }
        for n in numbers.prefix(8) { _ = cache.keep(n, .apiJSON, .en, digest: 1, lanes: 0, now: 0, body: body, tag: "\"t\"") }
        #expect(cache.usage.entries == 8)
        // Touch the first one: it gets a second chance while the others go.
        #expect(cache.answer(numbers[0], .apiJSON, .en, digest: 1, lanes: 0, now: 1) != nil)
        for n in numbers.dropFirst(8) {
            _ = cache.keep(n, .apiJSON, .en, digest: 1, lanes: 0, now: 1, body: body, tag: "\"t\"")
            #expect(cache.usage.bytes <= 10_000)
        }
        #expect(cache.answer(numbers[29], .apiJSON, .en, digest: 1, lanes: 0, now: 2) != nil)
        #expect(cache.answer(numbers[1], .apiJSON, .en, digest: 1, lanes: 0, now: 2) == nil)
        // Another digest, lane generation or an old rendering is a miss.
        #expect(cache.answer(numbers[29], .apiJSON, .en, digest: 2, lanes: 0, now: 2) == nil)
        #expect(cache.answer(numbers[29], .apiJSON, .en, digest: 1, lanes: 1, now: 2) == nil)
        #expect(cache.answer(numbers[29], .apiJSON, .en, digest: 1, lanes: 0, now: 100) == nil)
        #expect(cache.answer(numbers[29], .apiJSON, .de, digest: 1, lanes: 0, now: 2) == nil)
        // A body over an eighth of the capacity is not kept; invalidation empties.
        _ = cache.keep(numbers[0], .apiJSON, .ja, digest: 1, lanes: 0, now: 2, body: [UInt8](repeating: 0, count: 2_000), tag: "\"t\"")
        #expect(cache.answer(numbers[0], .apiJSON, .ja, digest: 1, lanes: 0, now: 2) == nil)
        cache.invalidate(numbers)
        #expect(cache.usage.bytes == 0 && cache.usage.entries == 0)
    }
}
