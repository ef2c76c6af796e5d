import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// A server composed as `posttrace serve` composes it (API, pages, subscriptions, WeChat) over a real SQLite
/// file holding one item whose office name appears nowhere else, so any answer showing tracking data shows it.
struct ComposedServer {
    static let marker = "Quillfeather Exchange"
    let server: PostTraceServer
    let store: SQLiteStore
    let number: S10Number
    var port: UInt16 { server.port }

    init(requireKeyForRead: Bool) async throws {
        let file = Scratch.databaseFile("posttrace-rule")
        store = try SQLiteStore(path: file.path)
        number = try #require(S10Number("EE123456785CN"))
        let time = try #require(LocalTime(epochSeconds: 1_780_000_000, utcOffsetSeconds: 28800))
        _ = try await store.insert([TrackingEvent(number: number, code: .posting, time: time,
                                                  office: Office(code: "CNPEKA", name: Self.marker))])
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        config.requireKeyForRead = requireKeyForRead
        var settings = NotificationSettings()
        settings.wechatToken = "rule-test-token"
        let notifications = NotificationService(settings: settings, store: store)
        server = try PostTraceServer(configuration: config, store: store, keyStore: store,
                                     extraRoutes: PageRoutes.routes(store: store) + notifications.routes
                                         + ShareRoutes.routes(store: store))
    }

    /// A request for `route` with every capture filled with the item's number and `?n=` naming it too.
    func probe(_ route: Route, headers: [String: String] = [:]) async throws -> RawResponse {
        let path = route.pattern.split(separator: "/").map { part in
            part.first == ":" || part.first == "*" ? number.description : String(part)
        }.joined(separator: "/")
        let target = "/" + path + "?n=\(number)"
        let body = route.method == "GET" ? [] : Array(#"{"numbers":["\#(number)"]}"#.utf8)
        var all = headers
        if route.method != "GET" { all["Content-Type"] = "application/json" }
        return try await RawHTTP.exchange(port: port, request: RawHTTP.request(route.method, target, headers: all, body: body))
    }

    func key(_ scope: APIKeyRecord.Scope) async throws -> String {
        try await KeyRing(store: store).create(name: "rule-\(scope.rawValue)", scope: scope).secret
    }
}

@Suite("One read rule for every route", .scratch)
struct ReadRuleTests {
    @Test("with --require-key-for-read, pages, /track and the feed refuse a request without a key, and serve one with it")
    func pagesNeedTheKey() async throws {
        let s = try await ComposedServer(requireKeyForRead: true)
        Scratch.atEnd { await s.server.shutdown() }
        let n = s.number.description
        for path in ["/t/\(n)", "/track?n=\(n)", "/t/\(n)/feed.atom", "/v1/trackings/\(n)"] {
            let refused = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", path))
            #expect(refused.status == 401, "\(path)")
            #expect(!refused.text.contains(ComposedServer.marker), "\(path)")
        }
        let batch = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request(
            "POST", "/v1/trackings/batch", headers: ["Content-Type": "application/json"], body: Array(#"{"numbers":["\#(n)"]}"#.utf8)))
        #expect(batch.status == 401 && !batch.text.contains(ComposedServer.marker))
        let reader = try await s.key(.read)
        for path in ["/t/\(n)", "/track?n=\(n)", "/t/\(n)/feed.atom", "/v1/trackings/\(n)"] {
            let answered = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", path, headers: ["Authorization": "Bearer \(reader)"]))
            #expect(answered.status == 200 && answered.text.contains(ComposedServer.marker), "\(path)")
        }
        // The home page and the checker show no tracking data and stay open.
        #expect(try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", "/")).status == 200)
        #expect(try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", "/check")).status == 200)
    }

    @Test("every registered route, called without a key, shows no tracking data when reads need a key")
    func everyRoute() async throws {
        let closed = try await ComposedServer(requireKeyForRead: true)
        let open = try await ComposedServer(requireKeyForRead: false)
        Scratch.atEnd { await closed.server.shutdown(); await open.server.shutdown() }
        var leaking: [String] = []
        var showing: [String] = []
        for route in closed.server.router.routes {
            for accept in ["*/*", "text/html"] {
                let answer = try await closed.probe(route, headers: ["Accept": accept])
                if answer.text.contains(ComposedServer.marker) { leaking.append("\(route.method) \(route.pattern)") }
            }
            if try await open.probe(route).text.contains(ComposedServer.marker) { showing.append(route.name) }
            // A route that can show the data must say so where it is declared.
            if showing.last == route.name { #expect(route.rule.access == .trackingData, "\(route.name)") }
        }
        #expect(leaking.isEmpty, "routes showing tracking data without a key: \(leaking)")
        // The probe does find the data where it is served: the sweep is not vacuous.
        #expect(Set(showing).isSuperset(of: ["tracking.get", "tracking.batch", "page.number", "page.track", "page.feed"]))
    }

    @Test("a browser gets the key form, and a good key kept in an HttpOnly, SameSite=Strict cookie opens the page")
    func browserKeyForm() async throws {
        let s = try await ComposedServer(requireKeyForRead: true)
        Scratch.atEnd { await s.server.shutdown() }
        let n = s.number.description
        let refused = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", "/t/\(n)", headers: ["Accept": "text/html"]))
        #expect(refused.status == 401 && refused.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(refused.text.contains("name=\"key\"") && refused.text.contains("value=\"/t/\(n)\""))
        let bad = try await postForm(s.port, "key=pt_wrong&return=%2Ft%2F\(n)")
        #expect(bad.status == 401 && bad.headers["set-cookie"] == nil)
        let ingestOnly = try await s.key(.read)
        let good = try await postForm(s.port, "key=\(ingestOnly)&return=%2Ft%2F\(n)")
        #expect(good.status == 303 && good.headers["location"] == "/t/\(n)")
        let cookie = try #require(good.headers["set-cookie"])
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"))
        let pair = String(cookie.split(separator: ";")[0])
        let page = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("GET", "/t/\(n)", headers: ["Cookie": pair]))
        #expect(page.status == 200 && page.text.contains(ComposedServer.marker))
        // The cookie is no key for writes: a POST elsewhere cannot use the browser's key.
        let write = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request(
            "POST", "/v1/trackings/batch", headers: ["Cookie": pair, "Content-Type": "application/json"], body: Array(#"{"numbers":["\#(n)"]}"#.utf8)))
        #expect(write.status == 401)
        // Only local paths are returned to: never another host.
        for hostile in ["//evil.example/x", "https://evil.example/", "/\\evil.example"] {
            let r = try await postForm(s.port, "key=\(ingestOnly)&return=\(PageURL.encode(hostile))")
            #expect(r.headers["location"] == "/", "\(hostile)")
        }
        let forgotten = try await postForm(s.port, "forget=1")
        #expect(forgotten.status == 303 && forgotten.headers["set-cookie"]?.contains("Max-Age=0") == true)
    }

    @Test("key lookups on unlimited routes are charged to the address's bucket")
    func probesChargeKeyLookups() async throws {
        let file = Scratch.databaseFile("posttrace-probe")
        let store = try SQLiteStore(path: file.path)
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = RateLimit(perSecond: 0.0001, burst: 3)
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store)
        Scratch.atEnd { await server.shutdown() }
        var statuses: [Int] = []
        for _ in 0..<5 {
            statuses.append(try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
                "GET", "/healthz", headers: ["Authorization": "Bearer pt_guess"])).status)
        }
        #expect(statuses == [401, 401, 401, 429, 429])
        // Without a key to look up, probes stay unlimited.
        #expect(try await RawHTTP.exchange(port: server.port, request: RawHTTP.request("GET", "/healthz")).status == 200)
    }

    private func postForm(_ port: UInt16, _ form: String) async throws -> RawResponse {
        try await RawHTTP.exchange(port: port, request: RawHTTP.request(
            "POST", "/key", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
    }
}
