import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("libcrypto wrapper", .scratch)
struct LibCryptoTests {
    @Test("SHA-256 and HMAC-SHA256 match published test vectors")
    func vectors() {
        #expect(LibCrypto.hex(LibCrypto.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // RFC 4231, test case 2.
        #expect(LibCrypto.hex(LibCrypto.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("random bytes differ between calls; comparison is exact")
    func randomAndCompare() {
        let a = LibCrypto.randomBytes(32), b = LibCrypto.randomBytes(32)
        #expect(a.count == 32 && a != b)
        #expect(LibCrypto.constantTimeEqual(a, a))
        #expect(!LibCrypto.constantTimeEqual(a, b))
        #expect(!LibCrypto.constantTimeEqual(a, Array(a.prefix(31))))
    }
}

@Suite("API keys and scopes", .scratch)
struct KeyRingTests {
    @Test("a created key authenticates by its secret until revoked; only the hash is stored")
    func lifecycle() async throws {
        let store = InMemoryStore()
        let ring = KeyRing(store: store)
        let created = try await ring.create(name: "shop", scope: .ingest)
        #expect(created.secret.hasPrefix("pt_") && created.secret.count == 67)
        let stored = try #require(try await store.keys().first)
        #expect(stored.secretHash == KeyRing.hash(created.secret))
        #expect(stored.secretHash != created.secret)
        #expect(try await ring.authenticate(secret: created.secret)?.id == created.record.id)
        #expect(try await ring.authenticate(secret: created.secret + "x") == nil)
        #expect(try await ring.authenticate(secret: String(repeating: "a", count: 10_000)) == nil)
        #expect(try await ring.revoke(id: created.record.id))
        #expect(try await ring.revoke(id: created.record.id) == false)
        #expect(try await ring.authenticate(secret: created.secret) == nil)
    }

    @Test("scopes nest: admin ⊇ ingest ⊇ read")
    func scopes() {
        #expect(APIKeyRecord.Scope.admin.grants(.ingest))
        #expect(APIKeyRecord.Scope.ingest.grants(.read))
        #expect(!APIKeyRecord.Scope.read.grants(.ingest))
        #expect(!APIKeyRecord.Scope.ingest.grants(.admin))
    }

    @Test("--require-key-for-read makes lookups need a read key; the admin key passes ingestion")
    func requireKeyForRead() async throws {
        let s = try TestServer { $0.requireKeyForRead = true }
        let anonymous = try await s.get("/v1/trackings/RR999999987CN")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let reader = try await s.key(.read)
        #expect(try await s.get("/v1/trackings/RR999999987CN", headers: ["Authorization": "Bearer \(reader)"]).status == 404)
        #expect(try await s.get("/v1/trackings/RR999999987CN", headers: ["Authorization": "Basic abc"]).status == 401)
        let admin = try await s.key(.admin)
        #expect(try await s.post("/v1/events", body: "[]", headers: ["Authorization": "Bearer \(admin)"]).status == 200)
        #expect(try await s.get("/healthz").status == 200)  // service endpoints stay public
    }
}

@Suite("Rate limits", .scratch)
struct RateLimitTests {
    @Test("the token bucket refills at its rate up to its burst")
    func bucket() {
        let limiter = RateLimiter(RateLimit(perSecond: 1, burst: 2))
        #expect(limiter.take("a", now: 100)?.retryAfter == nil)
        let second = limiter.take("a", now: 100)
        #expect(second?.retryAfter == nil)
        #expect(second.map { Dictionary(uniqueKeysWithValues: $0.headers) } == ["RateLimit-Limit": "2", "RateLimit-Remaining": "0", "RateLimit-Reset": "2"])
        #expect(limiter.take("a", now: 100)?.retryAfter == 1)
        #expect(limiter.take("b", now: 100)?.retryAfter == nil)  // per client
        #expect(limiter.take("a", now: 101.1)?.retryAfter == nil)
        #expect(RateLimiter(.off).take("a") == nil)
        #expect(RateLimit(text: "5:20") == RateLimit(perSecond: 5, burst: 20))
        #expect(RateLimit(text: "abc") == nil && RateLimit(text: "-1") == nil && RateLimit(text: "0")?.isOff == true)
    }

    @Test("over the per-address limit the server answers 429 with Retry-After")
    func perAddress() async throws {
        let s = try TestServer { $0.addressLimit = RateLimit(perSecond: 0.0001, burst: 3) }
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<5 {
            let r = try await s.get("/v1/trackings/RR999999987CN")
            statuses.append(r.status)
            if r.status == 429 { retryAfter = r.headers["retry-after"] }
        }
        #expect(statuses == [404, 404, 404, 429, 429])
        #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        let probe = try await s.get("/healthz")
        #expect(probe.status == 200 && probe.headers["ratelimit-limit"] == nil)  // probes are never limited
        let standing = try await s.get("/openapi.json")
        #expect(standing.status == 429 && standing.headers["ratelimit-limit"] == "3" && standing.headers["ratelimit-remaining"] == "0")
    }

    @Test("each API key has its own bucket")
    func perKey() async throws {
        let s = try TestServer { $0.keyLimit = RateLimit(perSecond: 0.0001, burst: 2) }
        let one = try await s.key(.read), two = try await s.key(.read)
        let statuses = try await [one, one, one, two].asyncMap { try await s.get("/openapi.json", headers: ["Authorization": "Bearer \($0)"]).status }
        #expect(statuses == [200, 200, 429, 200])
        // A client can pace itself: the key's bucket is reported on every answer.
        let three = try await s.key(.read)
        let first = try await s.get("/openapi.json", headers: ["Authorization": "Bearer \(three)"])
        #expect(first.headers["ratelimit-limit"] == "2" && first.headers["ratelimit-remaining"] == "1")
        #expect(first.headers["ratelimit-reset"].flatMap(Int.init).map { $0 >= 1 } == true)
        // A 304 still tells the client where it stands.
        let tag = try #require(first.headers["etag"])
        let revalidated = try await s.get("/openapi.json", headers: ["Authorization": "Bearer \(three)", "If-None-Match": tag])
        #expect(revalidated.status == 304 && revalidated.headers["ratelimit-remaining"] == "0")
        // With limits off (as in the benchmark), no headers at all.
        let open = try TestServer()
        #expect(try await open.get("/openapi.json").headers["ratelimit-limit"] == nil)
    }
}

@Suite("Graceful shutdown", .scratch)
struct ShutdownTests {
    @Test("requests in flight finish; afterwards the port refuses connections")
    func inFlight() async throws {
        let handlerStarted = Signal(), shutdownBegun = Signal()
        // The handler holds its request until shutdown has begun, however late the test's own task gets to run.
        let slow = Route("GET", "/slow", name: "slow", rule: .open) { _ in
            handlerStarted.set()
            await shutdownBegun.wait()
            try? await Task.sleep(for: .milliseconds(300))
            return HTTPResponse(status: 200, contentType: "text/plain", body: "done")
        }
        let s = try TestServer(extraRoutes: [slow])
        let port = s.port
        // The answer waits for this test's own steps, which queue on the shared pool: allow minutes.
        let pending = Task { try await RawHTTP.exchange(port: port, request: RawHTTP.request("GET", "/slow"), timeoutSeconds: 300) }
        await handlerStarted.wait()
        #expect(s.server.requestsInFlight == 1)
        shutdownBegun.set()
        await s.server.shutdown()
        let answered = try await pending.value
        #expect(answered.status == 200 && answered.text == "done")
        await #expect(throws: RawHTTP.Failure.self) { try await RawHTTP.exchange(port: port, request: RawHTTP.request("GET", "/healthz")) }
        // The store was closed as part of shutdown.
        await #expect(throws: StoreError.self) { try await s.store.ping() }
    }
}

@Suite("Router", .scratch)
struct RouterTests {
    let router = Router([
        Route("GET", "/t/:number", name: "page", rule: .open) { _ in HTTPResponse(status: 200) },
        Route("GET", "/t/:number/feed.atom", name: "feed", rule: .open) { _ in HTTPResponse(status: 200) },
        Route("POST", "/v1/trackings/batch", name: "batch", rule: .open) { _ in HTTPResponse(status: 200) },
        Route("GET", "/v1/trackings/:number", name: "get", rule: .open) { _ in HTTPResponse(status: 200) },
        Route("GET", "/assets/*path", name: "assets", rule: .open) { _ in HTTPResponse(status: 200) },
        Route("GET", "/", name: "home", rule: .open) { _ in HTTPResponse(status: 200) },
    ])

    @Test("captures parameters, prefers literal segments, answers HEAD as GET, lists allowed methods")
    func matching() {
        guard case .route(let feed, let parameters) = router.match(method: "GET", path: "/t/EE123456785CN/feed.atom") else { Issue.record("no match"); return }
        #expect(feed.name == "feed" && parameters["number"] == "EE123456785CN")
        guard case .route(let batch, _) = router.match(method: "POST", path: "/v1/trackings/batch") else { Issue.record("no match"); return }
        #expect(batch.name == "batch")
        guard case .route(let head, _) = router.match(method: "HEAD", path: "/t/X") else { Issue.record("no match"); return }
        #expect(head.name == "page")
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/v1/trackings/batch") else { Issue.record("no 405"); return }
        #expect(allowed == ["POST", "OPTIONS"])
        // The literal path is its own resource: the {number} route does not lend it GET.
        guard case .methodNotAllowed(let batchGet) = router.match(method: "GET", path: "/v1/trackings/batch") else { Issue.record("no 405"); return }
        #expect(batchGet == ["POST", "OPTIONS"])
        guard case .methodNotAllowed(let numberPost) = router.match(method: "POST", path: "/v1/trackings/X") else { Issue.record("no 405"); return }
        #expect(numberPost == ["GET", "HEAD", "OPTIONS"])
        guard case .notFound = router.match(method: "GET", path: "/t/a/b/c") else { Issue.record("no 404"); return }
        guard case .route(let asset, let assetParameters) = router.match(method: "GET", path: "/assets/css/site.css") else { Issue.record("no match"); return }
        #expect(asset.name == "assets" && assetParameters["path"] == "css/site.css")
        guard case .notFound = router.match(method: "GET", path: "/assets") else { Issue.record("no 404"); return }
        guard case .route(let home, _) = router.match(method: "GET", path: "/") else { Issue.record("no match"); return }
        #expect(home.name == "home")
    }

    @Test("a pattern that starts with a capture competes with literal ones, whatever the first segment")
    func captureFirst() {
        let router = Router([
            Route("GET", "/:lang/help", name: "help", rule: .open) { _ in HTTPResponse(status: 200) },
            Route("GET", "/t/help", name: "t-help", rule: .open) { _ in HTTPResponse(status: 200) },
            Route("PUT", "/:lang/:page", name: "put", rule: .open) { _ in HTTPResponse(status: 200) },
            Route("GET", "/*rest", name: "fallback", rule: .open) { _ in HTTPResponse(status: 200) },
        ])
        func name(_ method: String, _ path: String) -> String? {
            if case .route(let route, _) = router.match(method: method, path: path) { route.name } else { nil }
        }
        #expect(name("GET", "/t/help") == "t-help")  // two literals beat one
        #expect(name("GET", "/zh/help") == "help")
        #expect(name("GET", "/unknown/x/y") == "fallback")
        #expect(name("PUT", "/t/x") == "put")
        #expect(name("GET", "/t/x") == "fallback")
        #expect(name("GET", "/") == nil)
        // /t/help belongs to its two-literal route alone: PUT of /:lang/:page does not reach it.
        #expect(name("PUT", "/t/help") == nil)
        guard case .methodNotAllowed(let allowed) = router.match(method: "POST", path: "/t/help") else { Issue.record("no 405"); return }
        #expect(allowed == ["GET", "HEAD", "OPTIONS"])
    }

    @Test("segments split on any run of slashes; captures keep their bytes; literals compare byte for byte")
    func oddPaths() {
        func match(_ path: String) -> (String, [String: String])? {
            if case .route(let route, let parameters) = router.match(method: "GET", path: path) { (route.name, parameters) } else { nil }
        }
        #expect(match("//v1///trackings//EE123456785CN/")?.1 == ["number": "EE123456785CN"])
        #expect(match("/t/ＥＥ１２３ 中文/feed.atom")?.1 == ["number": "ＥＥ１２３ 中文"])
        #expect(match("/t/\u{0}x")?.1 == ["number": "\u{0}x"])
        #expect(match("/assets/a//b/c")?.1 == ["path": "a/b/c"])
        let long = "/t/" + String(repeating: "x/", count: 40_000)
        #expect(match(long) == nil && match("")?.0 == "home")
        // U+212A KELVIN SIGN is canonically equivalent to "K" for String ==, but is not the route's literal.
        let kelvin = Router([Route("GET", "/Kelvin", name: "k", rule: .open) { _ in HTTPResponse(status: 200) }])
        #expect("\u{212A}elvin" == "Kelvin")
        guard case .route = kelvin.match(method: "GET", path: "/Kelvin"), case .notFound = kelvin.match(method: "GET", path: "/\u{212A}elvin") else {
            Issue.record("literal segments must compare as bytes"); return
        }
    }
}

extension Array where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}

@Suite("Shutdown past the grace", .scratch)
struct ShutdownGraceTests {
    @Test("a handler still running after the grace gets 503 and the server stops without crashing")
    func overdue() async throws {
        let handlerStarted = Signal(), release = Signal()
        // The handler finishes only after shutdown has returned, however slowly this test gets scheduled
        // on a loaded machine (a fixed sleep let it finish first, answering 200).
        let stuck = Route("GET", "/stuck", name: "stuck", rule: .open) { _ in
            handlerStarted.set()
            await release.wait()
            return HTTPResponse(status: 200, contentType: "text/plain", body: "late")
        }
        let s = try TestServer({ $0.shutdownGrace = .milliseconds(300) }, extraRoutes: [stuck])
        let port = s.port
        // The answer depends on this test's own steps (the wait, the shutdown), which queue on the shared pool
        // behind every other suite's work: allow minutes, not the usual 30 s.
        let pending = Task { try await RawHTTP.exchange(port: port, request: RawHTTP.request("GET", "/stuck"), timeoutSeconds: 300) }
        await handlerStarted.wait()
        await s.server.shutdown()
        let answer = try await pending.value
        release.set()
        #expect(answer.status == 503)
        #expect(answer.headers["retry-after"] == "5")
    }
}
