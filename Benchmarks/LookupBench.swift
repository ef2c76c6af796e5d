import Foundation
import PostTraceCore
import PostTraceServer
import PostTraceStore
import S10

/// A lookup's parts in one process, over the server benchmark's SQLite store: reading the events, building the
/// timeline, writing its JSON. Puts the server's per-request CPU in context (the rest is HTTP and the kernel).
///
///     Benchmarks lookup DB NUMBERS-FILE [COUNT]
enum LookupBench {
    @Sendable static func run(_ args: [String]) async throws {
        guard args.count >= 2 else { throw Usage() }
        let count = args.count > 2 ? Int(args[2]) ?? 10_000 : 10_000
        let text = try String(contentsOfFile: args[1], encoding: .utf8)
        let numbers = text.split(separator: "\n").prefix(count).compactMap { S10Number(String($0)) }
        let store = try SQLiteStore(path: args[0], readers: 2)
        let now = Int64(Date().timeIntervalSince1970)
        var events: [[TrackingEvent]] = []
        for number in numbers { events.append(try await store.events(for: number)) }  // also warms the page cache
        let timelines = numbers.indices.map { Timeline(number: numbers[$0], events: events[$0], language: .en, now: now) }
        let bodies = timelines.map { $0.jsonBytes() }
        var sink = 0
        let rows: [(String, Double)] = [
            ("Read the events (SQLite reader)", try await best { for n in numbers { sink &+= try await store.events(for: n).count } }),
            ("Build the timeline (merge, status, stages, explanation)", await best {
                for i in numbers.indices { sink &+= Timeline(number: numbers[i], events: events[i], language: .en, now: now).events.count }
            }),
            ("Write its JSON", await best { for t in timelines { sink &+= t.jsonBytes().count } }),
            ("All three", try await best {
                for n in numbers { sink &+= Timeline(number: n, events: try await store.events(for: n), language: .en, now: now).jsonBytes().count }
            }),
            ("Answer cache hit while nothing was committed, instead of all three: the change stamp (`PRAGMA data_version`)", await best {
                for _ in numbers { sink &+= Int(truncatingIfNeeded: store.changeStamp() ?? 0) & 1 }
            }),
            ("Answer cache hit after a commit, instead of build + JSON (+ gzip): SipHash of the events read (`AnswerCache.digest`)", await best {
                for e in events { var hasher = Hasher(); hasher.combine(e); sink &+= hasher.finalize() & 1 }
            }),
            ("Only for clients that take gzip: gzip the JSON (`GzipBody.compress`, level 1)", await best {
                for body in bodies { sink &+= GzipBody.compress(body)?.count ?? 0 }
            }),
        ]
        let plainBytes = bodies.map(\.count).reduce(0, +), gzipBytes = bodies.map { GzipBody.compress($0)?.count ?? 0 }.reduce(0, +)
        await store.close()
        print("### A lookup's parts, in process")
        print()
        print("The same store and numbers (\(numbers.count) of them, each read once before), one thread, no HTTP; best of 5 passes. "
            + "Mean \(events.map(\.count).reduce(0, +) / max(1, numbers.count)) events per item (checksum \(sink % 1000)).")
        print()
        print("| Part | µs per lookup |")
        print("|---|---:|")
        for (name, seconds) in rows { print("| \(name) | \(String(format: "%.1f", seconds * 1e6 / Double(numbers.count))) |") }
        print()
        print("gzip: \(plainBytes / max(1, numbers.count)) bytes of JSON become \(gzipBytes / max(1, numbers.count)) on average "
            + "(\(String(format: "%.0f", 100 * Double(gzipBytes) / Double(max(1, plainBytes))))%).")
        print()
        try await pipeline(database: args[0], numbers: Array(numbers.prefix(1_000)))
    }

    /// The server's own work per request without a socket: `PostTraceServer.respond(to:)` (routing, the handler,
    /// caching and compression headers, metrics), for `/healthz` and for answer-cache hits. What an HTTP request
    /// costs beyond this is libmicrohttpd's and the kernel's.
    static func pipeline(database: String, numbers: [S10Number]) async throws {
        let store = try SQLiteStore(path: database, readers: 2)
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store)
        let requests = numbers.map { HTTPRequest(method: "GET", path: "/v1/trackings/\($0)") }
        let gzipRequests = numbers.map { HTTPRequest(method: "GET", path: "/v1/trackings/\($0)", headers: ["accept-encoding": "gzip"]) }
        for request in requests + gzipRequests { _ = await server.respond(to: request) }  // kept, gzip attached
        let health = HTTPRequest(method: "GET", path: "/healthz")
        var sink = 0
        let rows: [(String, Double)] = [
            ("`GET /healthz`", await best { for _ in requests { sink &+= await server.respond(to: health).body.count } }),
            ("`GET /v1/trackings/{number}`, answer-cache hit (no store read: the change stamp held)",
             await best { for r in requests { sink &+= await server.respond(to: r).body.count } }),
            ("The same with `Accept-Encoding: gzip` (the kept gzipped body)",
             await best { for r in gzipRequests { sink &+= await server.respond(to: r).body.count } }),
        ]
        await server.shutdown()
        print("### The server's own work per request, in process")
        print()
        print("`PostTraceServer.respond(to:)` without a socket (routing, handler, caching, compression and security headers, "
            + "metrics), \(numbers.count) numbers each answered once before; best of 5 passes (checksum \(sink % 1000)).")
        print()
        print("| Request | µs per request |")
        print("|---|---:|")
        for (name, seconds) in rows { print("| \(name) | \(String(format: "%.1f", seconds * 1e6 / Double(numbers.count))) |") }
    }

    struct Usage: Error, CustomStringConvertible { var description: String { "usage: Benchmarks lookup DB NUMBERS-FILE [COUNT]" } }

    /// The fastest of five passes, in seconds: the machine is shared, so the minimum is the least disturbed.
    static func best(_ body: () async throws -> Void) async rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            try await body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}
