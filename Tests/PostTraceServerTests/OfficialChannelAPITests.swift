import Foundation
import PostTraceCore
@testable import PostTraceServer
import Testing
import TestSupport

/// `/v1/contacts`, `/v1/contacts/{country}` and `/v1/check-link` on a real server over loopback.
@Suite("Official channels API", .scratch)
struct OfficialChannelAPITests {
    func json(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
    }

    @Test("GET /v1/contacts lists every operator with sourced facts; /v1/contacts/{country} filters by country, any case")
    func contacts() async throws {
        let s = try TestServer()
        let all = try await s.get("/v1/contacts")
        #expect(all.status == 200 && all.headers["content-type"] == "application/json")
        let operators = try #require(try all.json()["operators"] as? [[String: Any]])
        #expect(operators.count == PostalDirectory.shipped.operators.count)
        for op in operators {
            for phone in op["phones"] as? [[String: Any]] ?? [] {
                #expect(phone["source"] is String && phone["recorded"] is String && phone.keys.contains("checked") && phone["call_from"] is String)
            }
            #expect((op["contacts_url"] as? String)?.hasPrefix("/contacts/") == true)
        }
        for path in ["/v1/contacts/CN", "/v1/contacts/cn"] {
            let cn = try await s.get(path)
            let body = try cn.json()
            #expect(cn.status == 200 && body["country"] as? String == "CN")
            let first = try #require((body["operators"] as? [[String: Any]])?.first)
            #expect(first["id"] as? String == "cn-chinapost" && first["website"] as? String == "https://www.ems.com.cn")
            let phones = try #require(first["phones"] as? [[String: Any]])
            #expect(phones.contains { $0["number"] as? String == "11183" && $0["call_from"] as? String == "in_country" })
            #expect(phones.contains { $0["call_from"] as? String == "abroad" })
        }
        await s.server.shutdown()
    }

    @Test("countries: not two letters is 400, unassigned 404 unknown-country, no entry yet 404 no-contacts",
          arguments: [("/v1/contacts/china", 400, "invalid-country"), ("/v1/contacts/C1", 400, "invalid-country"),
                      ("/v1/contacts/%C3%A7n", 400, "invalid-country"), ("/v1/contacts/XX", 404, "unknown-country"),
                      ("/v1/contacts/KE", 404, "no-contacts")])
    func countryProblems(path: String, status: Int, slug: String) async throws {
        let s = try TestServer()
        let r = try await s.get(path)
        #expect(r.status == status && r.headers["content-type"] == "application/problem+json")
        #expect(try r.json()["type"] as? String == "https://posttrace.org/problems/\(slug)")
        await s.server.shutdown()
    }

    @Test("check-link answers exactly four members, the explanation in the request's language")
    func checkLinkShape() async throws {
        let s = try TestServer()
        let official = try await s.post("/v1/check-link", body: #"{"url": "https://www.ems.com.cn/queryList"}"#)
        let body = try official.json()
        #expect(official.status == 200 && Set(body.keys) == ["verdict", "operator", "official_alternative", "explanation"])
        #expect(body["verdict"] as? String == "official" && body["operator"] as? String == "cn-chinapost")
        #expect(body["official_alternative"] as? String == "https://www.ems.com.cn")
        let zh = try await s.post("/v1/check-link", body: #"{"url": "chinap0st.com"}"#, headers: ["Accept-Language": "zh-CN,zh;q=0.9"])
        #expect(zh.headers["content-language"] == "zh-Hans")
        #expect(try zh.json()["verdict"] as? String == "lookalike")
        #expect((try zh.json()["explanation"] as? String)?.contains("中国邮政") == true)
        let unknown = try await s.post("/v1/check-link?lang=en", body: #"{"phone": "+86 138 0013 8000"}"#)
        let u = try unknown.json()
        #expect(u["verdict"] as? String == "unknown" && u["operator"] is NSNull && u["official_alternative"] is NSNull)
        #expect((u["explanation"] as? String)?.contains("+86 138 0013 8000") == true)
        let phone = try await s.post("/v1/check-link", body: #"{"phone": "11183"}"#)
        #expect(try phone.json()["verdict"] as? String == "official")
        await s.server.shutdown()
    }

    @Test("hostile links: homographs, Punycode, user info, ports, trailing dots, case", arguments: [
        ("chinap0st.com", "lookalike", "cn-chinapost"), ("\u{0441}hinapost.com", "lookalike", "cn-chinapost"),
        ("https://xn--hinapost-ech.com/", "lookalike", "cn-chinapost"), ("https://ems.com.cn@evil.example", "lookalike", "cn-chinapost"),
        ("https://visitor@evil.example", "unknown", nil),
        ("https://evil.example@ems.com.cn", "official", "cn-chinapost"), ("HTTPS://WWW.EMS.COM.CN.:443/", "official", "cn-chinapost"),
        ("http://usps.com.evil.top/x", "lookalike", "us-usps"), ("https://bit.ly/3xYz", "shortener", nil),
        ("http://185.23.44.10/usps", "unknown", nil), ("hxxps://royalmail-redelivery.com", "lookalike", "gb-royalmail"),
    ] as [(String, String, String?)])
    func hostileLinks(url: String, verdict: String, op: String?) async throws {
        let s = try TestServer()
        let r = try await s.post("/v1/check-link", body: "{\"url\": \(json(url))}")
        let body = try r.json()
        #expect(r.status == 200 && body["verdict"] as? String == verdict, "\(url): \(r.text)")
        #expect((body["operator"] as? String) == op, "\(url)")
        await s.server.shutdown()
    }

    @Test("bad bodies and inputs get problem+json with the documented status and code", arguments: [
        (#"{"url": "ems.com.cn", "phone": "11183"}"#, "application/json", 400, "url_and_phone"),
        (#"{}"#, "application/json", 400, "missing_url_or_phone"), (#"{"url": null}"#, "application/json", 400, "missing_url_or_phone"),
        (#"{"url": 42}"#, "application/json", 400, "wrong_type"), (#"{"phone": 11183}"#, "application/json", 400, "wrong_type"),
        (#"{"url": ["a"]}"#, "application/json", 400, "wrong_type"), (#"{"url": true}"#, "application/json", 400, "wrong_type"),
        (#"["ems.com.cn"]"#, "application/json", 400, "malformed_json"), (#"{"url": "#, "application/json", 400, "malformed_json"),
        ("", "application/json", 400, "malformed_json"), (#"{"url": "ems.com.cn"}"#, "text/plain", 415, "unsupported_media_type"),
        (#"{"url": ""}"#, "application/json", 422, "url_empty"), (#"{"url": "javascript:alert(1)"}"#, "application/json", 422, "unsupported_scheme"),
        (#"{"url": "https://ems com.cn"}"#, "application/json", 422, "invalid_url"), (#"{"url": "https://ems.com.cn:70000"}"#, "application/json", 422, "invalid_url"),
        (#"{"phone": "call 11183"}"#, "application/json", 422, "invalid_phone"), (#"{"phone": "12"}"#, "application/json", 422, "invalid_phone"),
        (#"{"phone": "   "}"#, "application/json", 422, "phone_empty"),
        ("{\"url\": \"https://a.com/" + String(repeating: "x", count: 4000) + "\"}", "application/json", 422, "url_too_long"),
        ("{\"url\": \"https://a.com/" + String(repeating: "x", count: 20_000) + "\"}", "application/json", 413, "body_too_large"),
    ])
    func problems(body: String, type: String, status: Int, code: String) async throws {
        let s = try TestServer()
        let r = try await s.post("/v1/check-link", body: body, type: type)
        #expect(r.status == status && r.headers["content-type"] == "application/problem+json", "\(body.prefix(60)): \(r.status)")
        let problem = try r.json()
        #expect(problem["code"] as? String == code && problem["type"] as? String == "https://posttrace.org/problems/\(code)", "\(body.prefix(60))")
        await s.server.shutdown()
    }
}
