import Foundation
@testable import PostTraceServer
import Testing
import TestSupport

@Suite("POST /v1/check-message", .scratch)
struct MessageCheckRoutesTests {
    let route = messageCheckRoutes().first!

    func post(_ body: String, contentType: String? = "application/json") async -> (status: Int, json: [String: Any], type: String?) {
        var headers: [String: String] = [:]
        if let contentType { headers["content-type"] = contentType }
        let response = await route.handler(HTTPRequest(method: "POST", path: "/v1/check-message", headers: headers, body: Array(body.utf8)))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json, response.headers.first { $0.name == "Content-Type" }?.value)
    }

    @Test("the route is POST /v1/check-message")
    func shape() {
        #expect(route.method == "POST" && route.pattern == "/v1/check-message" && route.name == "message.check")
    }

    @Test("a scam message gets a verdict, signals with UTF-16 spans and both languages")
    func verdict() async throws {
        let text = "📦 USPS: pay the $1.99 fee within 24 hours at usps-redelivery.top"
        let reply = await post(#"{"text": ""# + text + #""}"#, contentType: "application/json; charset=utf-8")
        let expectedStart = text.utf16.count - "usps-redelivery.top".utf16.count
        #expect(reply.status == 200 && reply.type?.hasPrefix("application/json") == true)
        #expect(reply.json["verdict"] as? String == "likely_scam")
        let signals = try #require(reply.json["signals"] as? [[String: Any]])
        let link = try #require(signals.first { $0["kind"] as? String == "link_lookalike" })
        #expect((link["span"] as? [String: Int])?["start"] == expectedStart)
        #expect((link["explanation"] as? [String: String])?["zh-Hans"]?.isEmpty == false)
    }

    @Test("bad requests get problem+json with stable codes")
    func problems() async {
        let cases: [(String, String?, Int, String)] = [
            ("{\"text\": ", "application/json", 400, "malformed_json"),
            ("[1, 2]", "application/json", 400, "malformed_json"),
            ("{\"message\": \"hi\"}", "application/json", 400, "missing_text"),
            ("{\"text\": 42}", "application/json", 400, "missing_text"),
            ("{\"text\": \"  \"}", "application/json", 422, "message_empty"),
            ("text=hello", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
            ("{\"text\": \"hi\"}", nil, 415, "unsupported_media_type"),
            ("{\"text\": \"" + String(repeating: "包", count: 7_000) + "\"}", "application/json", 413, "message_too_large"),
            (String(repeating: " ", count: 200_000), "application/json", 413, "body_too_large"),
        ]
        for (body, type, status, code) in cases {
            let reply = await post(body, contentType: type)
            #expect(reply.status == status, "\(code)")
            #expect(reply.json["code"] as? String == code)
            #expect(reply.type == "application/problem+json")
        }
    }
}
