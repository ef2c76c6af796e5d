import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

/// A route's caching is declared in its `RouteRule`, in the route table, and the pipeline follows the declaration,
/// whatever the route is called.
@Suite("Route rules declare the answer's caching", .scratch)
struct RouteRuleTests {
    /// The same handler under three rules and names no other route has.
    static func routes(body: String) -> [Route] {
        let answer: Route.Handler = { _ in
            HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
        return [
            Route("GET", "/x/timeline", name: "custom.timeline", rule: .timeline, handler: answer),
            Route("GET", "/x/read", name: "custom.read", rule: .read, handler: answer),
            Route("GET", "/x/fixed", name: "custom.fixed", rule: .fixed, handler: answer),
        ]
    }

    @Test("a route declared .timeline gets the lookup's Cache-Control under any name; .read and .fixed do not")
    func timelineByDeclaration() async throws {
        let s = try TestServer({ $0.lookupMaxAgeSeconds = 60 }, extraRoutes: Self.routes(body: #"{"ok":true}"#))
        let timeline = try await s.get("/x/timeline")
        #expect(timeline.status == 200 && timeline.headers["cache-control"] == "public, max-age=60")
        let read = try await s.get("/x/read")
        #expect(read.status == 200 && read.headers["cache-control"] == nil)
        #expect(try await s.get("/x/fixed").headers["cache-control"] == nil)
        // Every answer is still tagged and revalidates with 304, whatever its kind.
        for path in ["/x/timeline", "/x/read", "/x/fixed"] {
            let tag = try #require(try await s.get(path).headers["etag"])
            #expect(try await s.get(path, headers: ["If-None-Match": tag]).status == 304)
        }
    }

    @Test("a .fixed route's gzipped body is the same bytes every time and unzips to the body")
    func fixedGzipKept() async throws {
        let body = "{\"text\":\"" + String(repeating: "parcel ", count: 400) + "\"}"
        let s = try TestServer(extraRoutes: Self.routes(body: body))
        var seen: [[UInt8]] = []
        for path in ["/x/fixed", "/x/fixed", "/x/read"] {
            let r = try await s.get(path, headers: ["Accept-Encoding": "gzip"])
            #expect(r.status == 200 && r.headers["content-encoding"] == "gzip")
            #expect(r.body.count < body.utf8.count)
            seen.append(r.body)
        }
        #expect(seen[0] == seen[1])
        #expect(try GzipBody.decompress(seen[0], limit: 1 << 20) == Array(body.utf8))
    }

    @Test("the shipped routes declare their kinds: the lookup, its page and feed are timelines; assets and the API document are fixed")
    func shippedDeclarations() throws {
        let s = try TestServer(extraRoutes: PageRoutes.routes(store: InMemoryStore()))
        let kinds = Dictionary(s.server.router.routes.map { ($0.name, $0.rule.answer) }, uniquingKeysWith: { first, _ in first })
        for name in ["tracking.get", "page.number", "page.track", "page.feed"] { #expect(kinds[name] == .timeline, "\(name)") }
        for name in ["page.asset", "page.favicon", "openapi"] { #expect(kinds[name] == .fixed, "\(name)") }
        // A timeline shows tracking data: its rule can never be open to anyone under --require-key-for-read.
        for route in s.server.router.routes where route.rule.answer == .timeline {
            #expect(route.rule.neededScope(requireKeyForRead: true) == .read, "\(route.name)")
        }
    }
}
