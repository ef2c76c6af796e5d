import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

/// The server answers on its own handler threads, so a process whose cooperative threads are all busy (a test
/// runner, an embedding application, the lane refresh) still gets answers. Everything a handler waits for must
/// run there too, such as the `/metrics` gauges that ingestion updates.
@Suite("Answers while the shared pool is blocked", .scratch)
struct PoolIndependenceTests {
    /// A count and a flag shared between the blocking tasks and the client thread.
    final class Gate: @unchecked Sendable {
        // @unchecked: both fields are only touched while holding `lock`.
        private let lock = NSLock()
        private var started = 0
        private var open = false
        func arrive() { lock.withLock { started += 1 } }
        var arrived: Int { lock.withLock { started } }
        func release() { lock.withLock { open = true } }
        var isOpen: Bool { lock.withLock { open } }
    }

    @Test("the first /metrics scrape and an ingestion are answered while every cooperative thread is held")
    func answersWithThePoolHeld() async throws {
        // The key first, then the server, then at once the blockers: the server's first count of its gauges is
        // then still to run when the pool is taken.
        let file = Scratch.databaseFile("posttrace-pool")
        let store = try SQLiteStore(path: file.path)
        let key = try await KeyRing(store: store).create(name: "feed", scope: .ingest).secret
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store)
        Scratch.atEnd { await server.shutdown() }
        let port = server.port
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let gate = Gate()
        // Each blocker holds a cooperative thread until the client has its answers, or a minute at most; it
        // reports whether the gate opened (answers came while the pool was held) or time ran out.
        let blockers = (0..<width).map { _ in
            Task.detached { () -> Bool in
                gate.arrive()
                let deadline = Date().addingTimeInterval(60)
                while !gate.isOpen, Date() < deadline { usleep(1_000) }
                return gate.isOpen
            }
        }
        let line = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#
        let answers = try await offPool { () throws -> [Int] in
            // Wait (bounded) until every blocker holds its thread, so the requests meet a held pool.
            let ready = Date().addingTimeInterval(60)
            while gate.arrived < width, Date() < ready { usleep(1_000) }
            defer { gate.release() }
            let metrics = try RawHTTP.blockingExchange(port: port, request: RawHTTP.request("GET", "/metrics"))
            let ingest = try RawHTTP.blockingExchange(port: port, request: RawHTTP.request(
                "POST", "/v1/events", headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/x-ndjson"], body: Array(line.utf8)))
            return [metrics.status, ingest.status]
        }
        #expect(answers == [200, 200])
        for blocker in blockers {
            #expect(await blocker.value, "the answers came only after a blocker gave up its thread")
        }
    }
}
