import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("subscriptions API over HTTP", .scratch)
struct NotificationAPITests {
    @Test("create, show, list and delete; the secret is shown only at creation")
    func lifecycle() async throws {
        let h = try NotificationHarness()
        let key = try await h.key()
        let created = try await h.subscribe(["EE123456785CN", "EE123456785CN", "RR123456785DE"], url: "http://127.0.0.1:9/in",
                                            triggers: ["delivered", "first_record"], key: key)
        let id = try #require(created["id"] as? String)
        #expect(created["numbers"] as? [String] == ["EE123456785CN", "RR123456785DE"], "repeats are dropped, order kept")
        #expect(created["triggers"] as? [String] == ["delivered", "first_record"])
        #expect((created["secret"] as? String)?.count == 54)
        let shown = try await h.request("GET", "/v1/subscriptions/\(id)", key: key)
        #expect(shown.status == 200 && shown.text.contains(id) && !shown.text.contains("whsec_"))
        let listed = try await h.request("GET", "/v1/subscriptions", key: key).json()
        #expect((listed["subscriptions"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        #expect(try await h.request("DELETE", "/v1/subscriptions/\(id)", key: key).status == 204)
        #expect(try await h.request("GET", "/v1/subscriptions/\(id)", key: key).status == 404)
        #expect(try await h.request("DELETE", "/v1/subscriptions/\(id)", key: key).status == 404)
        await h.server.shutdown()
    }

    @Test("the default trigger is status_change")
    func defaultTrigger() async throws {
        let h = try NotificationHarness()
        let key = try await h.key()
        let response = try await h.request("POST", "/v1/subscriptions", key: key,
                                           json: #"{"numbers":["EE123456785CN"],"callback_url":"http://127.0.0.1:9/"}"#)
        #expect(try response.json()["triggers"] as? [String] == ["status_change"])
        await h.server.shutdown()
    }

    @Test("a key sees only its own subscriptions; an admin key sees all")
    func ownership() async throws {
        let h = try NotificationHarness()
        let mine = try await h.key(), theirs = try await h.key(), admin = try await h.key(.admin)
        let id = try #require(try await h.subscribe(["EE123456785CN"], url: "http://127.0.0.1:9/", triggers: ["stale"], key: mine)["id"] as? String)
        #expect(try await h.request("GET", "/v1/subscriptions/\(id)", key: theirs).status == 404)
        #expect(try await h.request("DELETE", "/v1/subscriptions/\(id)", key: theirs).status == 404)
        #expect(try await h.request("GET", "/v1/subscriptions/\(id)/deliveries", key: theirs).status == 404)
        #expect((try await h.request("GET", "/v1/subscriptions", key: theirs).json()["subscriptions"] as? [Any])?.isEmpty == true)
        #expect(try await h.request("GET", "/v1/subscriptions/\(id)", key: admin).status == 200)
        #expect(try await h.request("GET", "/v1/subscriptions/\(id)", key: mine).status == 200)
        await h.server.shutdown()
    }

    @Test("the deliveries limit is a whole number from 1 to 1000; anything else is 422 invalid-limit")
    func deliveriesLimit() async throws {
        let h = try NotificationHarness()
        let key = try await h.key()
        let id = try #require(try await h.subscribe(["EE123456785CN"], url: "http://127.0.0.1:9/", triggers: ["stale"], key: key)["id"] as? String)
        for good in ["1", "1000", "100"] {
            #expect(try await h.request("GET", "/v1/subscriptions/\(id)/deliveries?limit=\(good)", key: key).status == 200, "limit=\(good)")
        }
        for bad in ["0", "1001", "-5", "abc", "", "1.5", "99999999999999999999999"] {
            let r = try await h.request("GET", "/v1/subscriptions/\(id)/deliveries?limit=\(bad)", key: key)
            #expect(r.status == 422, "limit=\(bad)")
            #expect(try r.json()["type"] as? String == "https://posttrace.org/problems/invalid-limit")
        }
        await h.server.shutdown()
    }

    @Test("hostile requests get clear problems with stable slugs", arguments: [
        (#"{"numbers":["EE123456785CN"],"callback_url":"http://127.0.0.1:9/"}"#, false, 401, "unauthorized"),
        (#"{"numbers":["EE123456784CN"],"callback_url":"http://127.0.0.1:9/"}"#, true, 422, "invalid-number"),
        (#"{"numbers":[],"callback_url":"http://127.0.0.1:9/"}"#, true, 422, "numbers-count"),
        (#"{"numbers":["EE123456785CN"],"callback_url":"http://10.0.0.1/"}"#, true, 422, "callback_url_host_denied"),
        (#"{"numbers":["EE123456785CN"],"callback_url":"http://169.254.169.254/latest"}"#, true, 422, "callback_url_host_denied"),
        (#"{"numbers":["EE123456785CN"],"callback_url":"file:///etc/passwd"}"#, true, 422, "callback_url_scheme"),
        (#"{"numbers":["EE123456785CN"],"callback_url":"https://a:b@example.com/"}"#, true, 422, "callback_url_credentials"),
        (#"{"numbers":["EE123456785CN"],"callback_url":"http://127.0.0.1:9/","triggers":["often"]}"#, true, 422, "unknown-trigger"),
        (#"{"numbers":"EE123456785CN","callback_url":"http://127.0.0.1:9/"}"#, true, 400, "invalid-body"),
        (#"{"numbers":["EE123456785CN"]"#, true, 400, "malformed-json"),
        ("", true, 400, "malformed-json"),
    ])
    func hostile(body: String, withKey: Bool, status: Int, slug: String) async throws {
        let h = try NotificationHarness()
        let key = withKey ? try await h.key() : nil
        let response = try await h.request("POST", "/v1/subscriptions", key: key, json: body)
        #expect(response.status == status, "\(response.text)")
        #expect((try? response.json()["type"] as? String)?.hasSuffix("/" + slug) == true, "\(response.text)")
        await h.server.shutdown()
    }

    @Test("an invalid number is reported with its error codes and the corrected suggestion")
    func invalidNumberDetail() async throws {
        let h = try NotificationHarness()
        let key = try await h.key()
        let response = try await h.request("POST", "/v1/subscriptions", key: key,
                                           json: #"{"numbers":["EE123456785CN","EE123456784CN"],"callback_url":"http://127.0.0.1:9/"}"#)
        let invalid = try #require(try response.json()["invalid"] as? [[String: Any]])
        #expect(invalid.count == 1)
        #expect(invalid[0]["input"] as? String == "EE123456784CN")
        #expect((invalid[0]["errors"] as? [String])?.contains("check_digit") == true)
        #expect((invalid[0]["suggestions"] as? [String])?.contains("EE123456785CN") == true)
        await h.server.shutdown()
    }

    @Test("a memory store says subscriptions are unavailable (501), and /wechat is off without a token")
    func offWhenUnavailable() async throws {
        let server = try TestServer(extraRoutes: NotificationService(settings: NotificationSettings(), store: InMemoryStore()).routes)
        let answer = try await server.get("/v1/subscriptions")
        #expect(answer.status == 501 && answer.text.contains("subscriptions-unavailable"))
        #expect(try await server.get("/wechat").status == 404)
        await server.server.shutdown()
    }
}

@Suite("WeChat endpoint over HTTP", .scratch)
struct WeChatHTTPTests {
    static let token = "wx-http-token"

    func signedQuery(token: String = token) -> String {
        let timestamp = String(Int64(Date().timeIntervalSince1970)), nonce = "abc123"  // within the ±5 minutes
        return "signature=\(WeChatSignature.expected(token: token, timestamp: timestamp, nonce: nonce))&timestamp=\(timestamp)&nonce=\(nonce)"
    }

    @Test("handshake, a Chinese text message, a wrong signature, malformed XML and a 10 MB body")
    func overHTTP() async throws {
        let h = try NotificationHarness(wechatToken: Self.token)
        _ = try await h.store.insert([NotificationHarness.scan(S10Number("EE123456785CN")!, .posting, 0)])
        let handshake = try await h.request("GET", "/wechat?\(signedQuery())&echostr=hello123")
        #expect(handshake.status == 200 && handshake.text == "hello123")
        #expect(try await h.request("GET", "/wechat?\(signedQuery(token: "wrong"))&echostr=x").status == 403)
        let message = WeChatEndpointTests.textMessage("查一下 EE123456785CN")
        let reply = try await RawHTTP.exchange(port: h.port, request: RawHTTP.request(
            "POST", "/wechat?\(signedQuery())", headers: ["Content-Type": "text/xml"], body: Array(message.utf8)))
        #expect(reply.status == 200)
        let content = try #require(try WeChatXML.parse(reply.body)["Content"])
        let stored = try await h.store.events(for: S10Number("EE123456785CN")!)
        let status = Timeline(number: S10Number("EE123456785CN")!, events: stored, language: .zhHans, now: h.clock.now).status
        #expect(content.hasPrefix("EE123456785CN: \(status.title(in: .zhHans))"), "\(content)")
        let forged = try await RawHTTP.exchange(port: h.port, request: RawHTTP.request(
            "POST", "/wechat?\(signedQuery(token: "forged"))", headers: ["Content-Type": "text/xml"], body: Array(message.utf8)))
        #expect(forged.status == 403)
        let malformed = try await RawHTTP.exchange(port: h.port, request: RawHTTP.request(
            "POST", "/wechat?\(signedQuery())", headers: ["Content-Type": "text/xml"], body: Array("<xml><a>".utf8)))
        #expect(malformed.status == 400 && malformed.headers["content-type"] == "application/problem+json")
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        let tooBig = try await RawHTTP.exchange(port: h.port, request: RawHTTP.request(
            "POST", "/wechat?\(signedQuery())", headers: ["Content-Type": "text/xml"], body: huge))
        #expect(tooBig.status == 413)
        #expect(try await h.request("GET", "/healthz").status == 200, "the server is still fine")
        await h.server.shutdown()
    }
}
