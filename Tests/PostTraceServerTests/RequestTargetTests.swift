import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("The request target as sent: control characters, unknown languages, Allow and OPTIONS", .scratch)
struct RequestTargetTests {
    @Test("control characters decoded from the path, and NUL decoded from the query, are flaws", arguments: [
        ("/v1/lanes/%00%00-US", RequestTarget.Flaw.controlCharacterInPath),
        ("/v1/trackings/EE123456785CN%00DROP", .controlCharacterInPath),
        ("/t/a%0Ab", .controlCharacterInPath), ("/t/a%0db", .controlCharacterInPath),
        ("/t/%1F", .controlCharacterInPath), ("/t/%7f", .controlCharacterInPath), ("/t/%09", .controlCharacterInPath),
        ("/v1/trackings/EE123456785CN?lang=e%00n", .nulInQuery), ("/x?%00=1", .nulInQuery),
    ])
    func flaws(_ target: String, _ flaw: RequestTarget.Flaw) {
        #expect(RequestTarget.flaw(of: Array(target.utf8)) == flaw)
    }

    @Test("everything else passes: spaces, UTF-8, broken escapes, line breaks in a query value", arguments: [
        "/v1/trackings/ee%20123456785cn", "/t/%E4%B8%AD", "/t/%zz", "/t/%", "/t/%0", "/t/%%00x", "/x?q=a%0Ab&lang=pt-BR",
        "/x?q=%7F", "/", "",
    ])
    func clean(_ target: String) {
        #expect(RequestTarget.flaw(of: Array(target.utf8)) == nil)
    }

    @Test("a path cut short by %00 or holding a line break is 400 bad-path on every route; a query NUL is 400 bad-query")
    func refusedOverHTTP() async throws {
        let s = try TestServer()
        for target in ["/v1/lanes/%00%00-US", "/v1/lanes/CN%00-US", "/v1/trackings/EE123456785CN%00DROP", "/t/EE123456785CN%0A",
                       "/healthz%00", "/openapi.json%7F"] {
            let r = try await s.get(target)
            #expect(r.status == 400, "\(target)")
            #expect(r.headers["content-type"] == "application/problem+json")
            #expect(try r.json()["type"] as? String == "https://posttrace.org/problems/bad-path", "\(target)")
        }
        let post = try await s.post("/v1/trackings/batch%00", body: #"{"numbers":["EE123456785CN"]}"#)
        #expect(post.status == 400)
        let query = try await s.get("/v1/trackings/EE123456785CN?lang=e%00n")
        #expect(try query.status == 400 && (query.json()["type"] as? String) == "https://posttrace.org/problems/bad-query")
        #expect(try await s.get("/healthz").status == 200)
    }

    @Test("lang naming no offered language is 422 invalid-lang; regional tags are read; Accept-Language still falls back")
    func unknownLanguage() async throws {
        let s = try TestServer()
        _ = try await s.seed("EE123456785CN")
        for value in ["xx", "klingon", "", "e n", "%E4%B8%AD", String(repeating: "a", count: 300), "-en", "*"] {
            let r = try await s.get("/v1/trackings/EE123456785CN?lang=\(value)")
            #expect(r.status == 422, "lang=\(value.prefix(20))")
            let problem = try r.json()
            #expect(problem["type"] as? String == "https://posttrace.org/problems/invalid-lang")
            #expect((problem["supported"] as? [String])?.count == 11)
            #expect(((problem["detail"] as? String)?.count ?? 0) < 400)
        }
        for (value, tag) in [("pt-BR", "pt"), ("zh-TW", "zh-Hant"), ("ZH", "zh-Hans"), ("es_419", "es"), ("ar", "ar")] {
            let r = try await s.get("/v1/trackings/EE123456785CN?lang=\(value)")
            #expect(r.status == 200 && r.headers["content-language"] == tag, "lang=\(value)")
        }
        let negotiated = try await s.get("/v1/trackings/EE123456785CN", headers: ["Accept-Language": "xx, sv;q=0.5"])
        #expect(negotiated.status == 200 && negotiated.headers["content-language"] == "en")
        let batch = try await s.post("/v1/trackings/batch?lang=xx", body: #"{"numbers":["EE123456785CN"]}"#)
        #expect(try batch.status == 422 && (batch.json()["type"] as? String) == "https://posttrace.org/problems/invalid-lang")
        let link = try await s.post("/v1/check-link?lang=tlh", body: #"{"url":"https://www.ems.com.cn"}"#)
        #expect(try link.status == 422 && (link.json()["type"] as? String) == "https://posttrace.org/problems/invalid-lang")
        #expect(try await s.post("/v1/check-link?lang=fr-CA", body: #"{"url":"https://www.ems.com.cn"}"#).headers["content-language"] == "fr")
    }

    @Test("OPTIONS answers 204 with the path's own methods; 405 answers carry the same Allow")
    func allow() async throws {
        let s = try TestServer()
        let exchanges: [(String, String, Int, String)] = [
            ("OPTIONS", "/v1/trackings/batch", 204, "POST, OPTIONS"),
            ("GET", "/v1/trackings/batch", 405, "POST, OPTIONS"),
            ("OPTIONS", "/v1/trackings/EE123456785CN", 204, "GET, HEAD, OPTIONS"),
            ("DELETE", "/v1/trackings/EE123456785CN", 405, "GET, HEAD, OPTIONS"),
            ("PUT", "/v1/events", 405, "POST, OPTIONS"),
            ("OPTIONS", "/healthz", 204, "GET, HEAD, OPTIONS"),
        ]
        for (method, path, status, allow) in exchanges {
            let r = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request(method, path))
            #expect(r.status == status, "\(method) \(path)")
            #expect(r.headers["allow"] == allow, "\(method) \(path)")
        }
        #expect(try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("OPTIONS", "/nowhere")).status == 404)
    }
}
