import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("low-severity hardening", .scratch)
struct LowFindingsTests {
    @Test("//t/N and other doubled slashes never render protocol-relative links")
    func doubledSlashes() async throws {
        let s = try TestServer(extraRoutes: PageRoutes.routes(store: InMemoryStore(), examples: PageExamples(), lanes: LaneBook()))
        for path in ["//t/EE123456785CN", "//t//EE123456785CN?lang=de", "///track?n=EE123456785CN", "//evil.example/t/EE123456785CN"] {
            let r = try await s.get(path)
            #expect(!r.text.contains("href=\"//") && !r.text.contains("action=\"//") && !r.text.contains("src=\"//"), "\(path)")
            #expect(r.headers["location"].map { !$0.hasPrefix("//") } ?? true, "\(path)")
            #expect(r.headers["strict-transport-security"] == nil, "no HSTS over plain HTTP")
        }
    }

    @Test("a body for a route that needs a key, sent without one, is refused with 401 on the head, before it is read")
    func authBeforeBody() async throws {
        let s = try TestServer { $0.requireKeyForRead = true }
        let port = s.port
        for (path, type) in [("/v1/events", "application/x-ndjson"), ("/v1/trackings/batch", "application/json")] {
            let answer = try await offPool { () -> RawResponse in
                let fd = try RawHTTP.connect(port: port, timeoutSeconds: 5)
                defer { close(fd) }
                // The head promises 8,000,000 bytes; only a first slice follows (libmicrohttpd sends an answer queued
                // on the head once it reads on), and the answer comes without the rest.
                _ = RawHTTP.send(fd, Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(type)\r\nContent-Length: 8000000\r\n\r\n".utf8))
                _ = RawHTTP.send(fd, [UInt8](repeating: 0x5B, count: 64 * 1024))
                return try RawHTTP.read(fd)
            }
            #expect(answer.status == 401, "\(path)")
            #expect(answer.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            #expect(answer.headers["connection"]?.lowercased() == "close")
        }
        // A route open to anyone still reads its body.
        let open = try await s.post("/v1/check-link", body: #"{"url": "https://www.ems.com.cn"}"#)
        #expect(open.status == 200)
    }

    @Test("feed links use --public-url when set; else a valid Host header; a Host that is not host[:port] gives relative links")
    func feedLinks() async throws {
        let store = InMemoryStore()
        func feed(_ routes: [Route], host: String) async throws -> String {
            try await PageFixtures.call(routes, "page.feed", path: "/t/EE123456785CN/feed.atom",
                                        parameters: ["number": "EE123456785CN"], headers: ["host": host]).body
        }
        let pinned = try await feed(PageRoutes.routes(store: store, publicURL: "https://track.example"), host: "attacker.example")
        #expect(pinned.contains("href=\"https://track.example/t/EE123456785CN") && !pinned.contains("attacker"), "\(pinned)")
        let open = PageRoutes.routes(store: store)
        for (host, expected) in [("track.example:8443", "http://track.example:8443/t/"), ("[::1]:80", "http://[::1]:80/t/"),
                                 ("evil.example:80:81", nil), ("a..b", nil), ("x.example:99999999", nil), ("-bad.example", nil),
                                 ("evil.example@x", nil), (":8080", nil)] {
            let text = try await feed(open, host: host)
            if let expected { #expect(text.contains("href=\"\(expected)"), "\(host)") } else {
                #expect(!text.contains("href=\"http"), "\(host): \(text.prefix(600))")
            }
        }
    }

    @Test("PageRoutes.feedBase accepts host[:port] only")
    func feedBase() {
        #expect(PageRoutes.feedBase("Track.Example:8080") == "http://track.example:8080")
        #expect(PageRoutes.feedBase("127.0.0.1") == "http://127.0.0.1")
        #expect(PageRoutes.feedBase("[2001:db8::1]:443") == "http://[2001:db8::1]:443")
        for bad in ["", "a:b:c", "host:", "host:abc", "[::1", "[::1]x", "a_b.example", "a.-b", String(repeating: "a", count: 64) + ".example", "é.example"] {
            #expect(PageRoutes.feedBase(bad) == nil, "\(bad)")
        }
    }

    @Test("WeChat: a signed timestamp more than 5 minutes off is refused; with the AES key, plain messages are refused")
    func weChatReplayAndPlainText() async throws {
        let token = "wx-window-token", now: Int64 = 1_780_000_000
        let cipher = try #require(WeChatCipher(encodingAESKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", appID: "wx5823bf96d3bd56c7"))
        let plain = WeChatEndpoint(token: token, store: InMemoryStore(), clock: { now })
        let safe = WeChatEndpoint(token: token, cipher: cipher, store: InMemoryStore(), clock: { now })
        func request(_ method: String, at timestamp: String, body: String = "") -> HTTPRequest {
            let query = [("signature", WeChatSignature.expected(token: token, timestamp: timestamp, nonce: "n1")), ("timestamp", timestamp),
                         ("nonce", "n1"), ("echostr", "hello")].map { (name: $0.0, value: $0.1) }
            return HTTPRequest(method: method, path: "/wechat", query: query, body: Array(body.utf8))
        }
        for offset: Int64 in [0, -300, 300] { #expect(plain.verify(request("GET", at: String(now + offset))).status == 200, "\(offset)") }
        for stale in [String(now - 301), String(now + 301), "0", "9223372036854775807", "-9223372036854775808", "soon"] {
            let r = plain.verify(request("GET", at: stale))
            #expect(r.status == 403, "\(stale)")
        }
        let replayed = plain.verify(request("GET", at: String(now - 3600)))
        #expect(String(decoding: replayed.body, as: UTF8.self).contains("wechat_timestamp"))
        let message = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[EE123456785CN]]></Content><MsgId>1</MsgId></xml>"
        #expect(await plain.receive(request("POST", at: String(now), body: message)).status == 200)
        let refused = await safe.receive(request("POST", at: String(now), body: message))
        #expect(refused.status == 403 && String(decoding: refused.body, as: UTF8.self).contains("wechat_plaintext_refused"))
    }
}
