import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// A server on `store` (reads counted by the caller's `CountingStore`), configured as the answer cache suites are.
private func stampServer(_ store: any TrackingStore, keys: any APIKeyStore) throws -> PostTraceServer {
    try PostTraceServer(configuration: cacheConfiguration(), store: store, keyStore: keys)
}

private func request(_ server: PostTraceServer, _ path: String, _ headers: [String: String] = [:],
                     method: String = "GET") async throws -> RawResponse {
    try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(method, path, headers: headers))
}

/// A fresh SQLite file, and the removal of it and its WAL files.
private func sqliteFile() -> (path: String, cleanup: @Sendable () -> Void) {
    let path = Scratch.databaseFile("posttrace-stamp").path
    return (path, { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } })
}

@Suite("Answer cache and the store's change stamp: hits without a store read, exact after any write", .scratch)
struct AnswerCacheStampTests {
    @Test("on SQLite a hit reads nothing while the stamp holds; HEAD, 304, gzip and languages too; any write is seen next")
    func unreadHits() async throws {
        let (path, cleanup) = sqliteFile()
        defer { cleanup() }
        let sqlite = try SQLiteStore(path: path), other = try SQLiteStore(path: path)
        let store = CountingStore(sqlite, forwardingStamp: true)
        let server = try stampServer(store, keys: sqlite)
        Scratch.atEnd { await server.shutdown(); await other.close() }
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await sqlite.insert([scan(n, .posting, hour: 0), scan(n, .arrivalAtOutwardOffice, hour: 1)])

        let first = try await request(server, "/v1/trackings/\(n)")
        #expect(first.status == 200 && store.eventsRead == 1)
        let tag = try #require(first.headers["etag"])
        // Kept: every form of the same answer now comes without a store read.
        let second = try await request(server, "/v1/trackings/\(n)")
        #expect(second.body == first.body && second.headers["etag"] == tag)
        #expect(try await request(server, "/v1/trackings/\(n)", ["If-None-Match": tag]).status == 304)
        let head = try await request(server, "/v1/trackings/\(n)", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["etag"] == tag)
        let zipped = try await request(server, "/v1/trackings/\(n)", ["Accept-Encoding": "gzip"])
        #expect(zipped.headers["content-encoding"] == "gzip" && zipped.headers["etag"] == HTTPCaching.gzipTag(tag))
        #expect(try GzipBody.decompress(zipped.body, limit: 1 << 20) == first.body)
        #expect(store.eventsRead == 1)
        #expect(try await metric(server, "posttrace_answer_cache_unread_hits_total") == 4)
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == 4)
        // Another language is another entry: one read, then none.
        let japanese = try await request(server, "/v1/trackings/\(n)?lang=ja")
        #expect(japanese.headers["content-language"] == "ja" && store.eventsRead == 2)
        #expect(try await request(server, "/v1/trackings/\(n)?lang=ja").body == japanese.body && store.eventsRead == 2)

        // Another connection on the file (another process's would move it the same way) commits: the very next
        // lookup reads and answers the new events; the one after that is again served without a read.
        _ = try await other.insert([scan(n, .finalDelivery, hour: 100, office: "DEFRAA")])
        let afterOther = try await request(server, "/v1/trackings/\(n)", ["If-None-Match": tag])
        #expect(afterOther.status == 200 && afterOther.headers["etag"] != tag && store.eventsRead == 3)
        #expect(try afterOther.json()["status"] as? String == "delivered")
        #expect(try await request(server, "/v1/trackings/\(n)").body == afterOther.body && store.eventsRead == 3)

        // A write that does not touch this item still moves the stamp: the next lookup reads, finds the same
        // events, keeps its answer (a hit, not a render) and records the new stamp.
        let unrelated = try #require(S10Number("RR000020265US"))
        _ = try await other.insert([scan(unrelated, .posting, hour: 0)])
        let hitsBefore = try #require(try await metric(server, "posttrace_answer_cache_hits_total"))
        #expect(try await request(server, "/v1/trackings/\(n)").body == afterOther.body && store.eventsRead == 4)
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == hitsBefore + 1)
        #expect(try await request(server, "/v1/trackings/\(n)").body == afterOther.body && store.eventsRead == 4)

        // This server's own ingestion is seen at once as well.
        let key = try await KeyRing(store: sqlite).create(name: "ingest", scope: .ingest).secret
        let line = #"{"number":"EE123456785CN","code":"EMH","time":"2026-06-10T10:00:00+02:00","office":"DEFRAA"}"#
        let posted = try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
            "POST", "/v1/events", headers: ["Content-Type": "application/x-ndjson", "Authorization": "Bearer \(key)"], body: Array(line.utf8)))
        #expect(posted.status == 200, "\(posted.text)")
        let readsBefore = store.eventsRead
        let afterIngest = try await request(server, "/v1/trackings/\(n)")
        #expect(afterIngest.body != afterOther.body)
        #expect((try afterIngest.json()["events"] as? [Any])?.count == 4)
        #expect(store.eventsRead == readsBefore + 1)
    }

    @Test("a prune by another handle, and a new lane table, are seen by the next lookup despite an unchanged answer kept")
    func pruneAndLanes() async throws {
        let (path, cleanup) = sqliteFile()
        defer { cleanup() }
        let sqlite = try SQLiteStore(path: path), other = try SQLiteStore(path: path)
        let store = CountingStore(sqlite, forwardingStamp: true)
        let lanes = LaneBook()
        var config = ServerConfiguration()
        config.port = 0; config.accessLog = false; config.addressLimit = .off; config.keyLimit = .off
        config.shutdownGrace = .seconds(5); config.answerCacheRenderAge = 3600
        let server = try PostTraceServer(configuration: config, store: store, keyStore: sqlite, lanes: lanes)
        Scratch.atEnd { await server.shutdown(); await other.close() }
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await sqlite.insert([scan(n, .posting, hour: 0)])
        #expect(try await request(server, "/v1/trackings/\(n)").status == 200)
        #expect(try await request(server, "/v1/trackings/\(n)").status == 200 && store.eventsRead == 1)
        lanes.replace(lanes.current)
        #expect(try await request(server, "/v1/trackings/\(n)").status == 200 && store.eventsRead == 2)
        #expect(try await metric(server, "posttrace_answer_cache_misses_total") == 2)
        // Everything older than now goes: the item is gone, and the lookup says so instead of the kept answer.
        let pruned = try await other.prune(lastEventBefore: Int64(Date().timeIntervalSince1970), dryRun: false)
        #expect(pruned.items == 1)
        let gone = try await request(server, "/v1/trackings/\(n)")
        #expect(gone.status == 404 && gone.text.contains("no-record-yet"))
    }

    @Test("a store without a stamp reads the events on every lookup, hits and all, as before")
    func storeWithoutStamp() async throws {
        let (path, cleanup) = sqliteFile()
        defer { cleanup() }
        let sqlite = try SQLiteStore(path: path)
        let store = CountingStore(sqlite)
        #expect(store.changeStamp() == nil && sqlite.changeStamp() != nil)
        let server = try stampServer(store, keys: sqlite)
        Scratch.atEnd { await server.shutdown() }
        let n = try #require(S10Number("EE123456785CN"))
        _ = try await sqlite.insert([scan(n, .posting, hour: 0)])
        for _ in 0..<3 { #expect(try await request(server, "/v1/trackings/\(n)").status == 200) }
        #expect(store.eventsRead == 3)
        #expect(try await metric(server, "posttrace_answer_cache_hits_total") == 2)
        #expect(try await metric(server, "posttrace_answer_cache_unread_hits_total") == 0)
    }

    @Test("the cache's stamp rules: the recorded stamp, lanes and age decide; a read that matches records the new stamp")
    func stampRules() throws {
        let cache = AnswerCache(capacity: 100_000, renderAge: 60)
        let n = try #require(S10Number("EE123456785CN"))
        let body = [UInt8](repeating: 65, count: 500)
        _ = cache.keep(n, .apiJSON, .en, digest: 1, lanes: 0, now: 0, body: body, tag: "\"t\"", stamp: 7)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 7, lanes: 0, now: 1)?.body == body)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 8, lanes: 0, now: 1) == nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 7, lanes: 1, now: 1) == nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 7, lanes: 0, now: 61) == nil)
        #expect(cache.answer(n, .apiJSON, .de, stamp: 7, lanes: 0, now: 1) == nil)
        // Under stamp 8 the events are read: other events are a miss and leave the stamp as it was...
        #expect(cache.answer(n, .apiJSON, .en, digest: 2, lanes: 0, now: 1, stamp: 8) == nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 8, lanes: 0, now: 1) == nil)
        // ...the same events are a hit that records stamp 8 in place of 7.
        #expect(cache.answer(n, .apiJSON, .en, digest: 1, lanes: 0, now: 1, stamp: 8) != nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 8, lanes: 0, now: 1) != nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 7, lanes: 0, now: 1) == nil)
        // A read without a stamp forgets it; an answer kept without one is never served unread.
        #expect(cache.answer(n, .apiJSON, .en, digest: 1, lanes: 0, now: 1, stamp: nil) != nil)
        #expect(cache.answer(n, .apiJSON, .en, stamp: 8, lanes: 0, now: 1) == nil)
        let metrics = cache.metricsText()
        #expect(metrics.contains("posttrace_answer_cache_unread_hits_total 2\n"))
        #expect(metrics.contains("posttrace_answer_cache_hits_total 4\n") && metrics.contains("posttrace_answer_cache_misses_total 1\n"))
    }
}
