import Foundation
import PostTraceCore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Typed JSON answers and bodies", .scratch)
struct JSONAnswerTests {
    @Test("a problem document: standard and extension members in key order, typed nested members, <>& escaped")
    func problemDocument() throws {
        let problem = Problem(status: 422, slug: "x", title: "Not <b>bold</b>", detail: "a & b",
                              members: ["limit": 5, "accepted": ["application/json"], "ratio": 0.5, "known": false,
                                        "suggestions": [SuggestedNumber(number: try #require(S10Number("EE123456785CN")), known: true)],
                                        "errors": [NumberError(code: "check_digit", message: "\"7\" expected", position: 11),
                                                   NumberError(code: "length", message: "too short", position: nil)]])
        let r = HTTPResponse(problem: problem, instance: "/v1/x?<script>")
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"accepted":["application/json"],"detail":"a \u0026 b","#
            + #""errors":[{"code":"check_digit","message":"\"7\" expected","position":11},{"code":"length","message":"too short"}],"#
            + #""instance":"/v1/x?\u003cscript\u003e","known":false,"limit":5,"ratio":0.5,"status":422,"#
            + #""suggestions":[{"number":"EE123456785CN","known":true}],"title":"Not \u003cb\u003ebold\u003c/b\u003e","#
            + #""type":"https://posttrace.org/problems/x"}"#)
        #expect(r.status == 422 && r.headers.contains { $0.name == "Content-Type" && $0.value == "application/problem+json" })
    }

    @Test("an extension member may not replace a standard one")
    func standardMembersWin() throws {
        let problem = Problem(status: 400, slug: "y", title: "Title", members: ["status": "200", "type": "about:blank", "title": 1])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(HTTPResponse(problem: problem).body)) as? [String: Any])
        #expect(object["status"] as? Int == 400 && object["title"] as? String == "Title")
        #expect(object["type"] as? String == "https://posttrace.org/problems/y")
    }

    @Test("element ranges of a JSON array: strings holding brackets, commas, quotes and escapes; nesting; blanks")
    func elementRanges() {
        let elements = [#"{"a":"x],\"}{[","b":{"c":[1,{"d":"\\"}]}}"#, "5", #""s,]""#, "null", "[]", "[[],{}]", "{}", "-1.5e3", "true"]
        for separator in [",", " ,\n\t", "\r\n,  "] {
            let body = "[ \n" + elements.joined(separator: separator) + "\n ]"
            let bytes = Array(body.utf8)
            let ranges = bytes.withUnsafeBufferPointer { PostTraceServer.elementRanges(of: $0) }
            #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == elements, "\(separator.debugDescription)")
        }
        #expect(Array("[]".utf8).withUnsafeBufferPointer { PostTraceServer.elementRanges(of: $0) }.isEmpty)
        #expect(Array(" [ \n ] ".utf8).withUnsafeBufferPointer { PostTraceServer.elementRanges(of: $0) }.isEmpty)
    }

    @Test("a JSON array of events: pretty-printed, hostile strings, non-objects rejected by index, bad documents refused")
    func hostileArrays() async throws {
        let s = try TestServer()
        let key = try await s.key(.ingest)
        func post(_ body: String) async throws -> RawResponse {
            try await s.post("/v1/events", body: body, headers: ["Authorization": "Bearer \(key)"])
        }
        let tricky = """
            [
              {
                "number" : "EE123456785CN",
                "code" : "EMA",
                "time" : "2026-03-03T09:10:00+08:00",
                "office" : "CNPEKA",
                "office_name" : "Bei\\"jing ], {x} \\u0041\\\\",
                "extra" : { "a" : [ 1, "]", { "b" : null } ] }
              },
              5, "{\\"number\\":\\"EE123456785CN\\"}", null, [ { } ], true,
              {"number":"EE123456785CN","code":"EMB","time":"2026-03-03T10:10:00+08:00","office":"CNPEKA"}
            ]
            """
        let r = try await post(tricky)
        #expect(r.status == 200, "\(r.text)")
        let answer = try r.json()
        #expect(answer["accepted"] as? Int == 2, "\(r.text)")
        let rejected = try #require(answer["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3, 4, 5])
        #expect(rejected.allSatisfy { $0["code"] as? String == "bad_json" && $0["message"] as? String == "each element must be one event object" })
        let stored = try await s.store.events(for: try #require(S10Number("EE123456785CN")))
        #expect(stored.map(\.office.name) == [#"Bei"jing ], {x} A\"#, nil])

        let empty = try await post(" [ ] ")
        #expect(try empty.status == 200 && (empty.json()["accepted"] as? Int) == 0)
        for (body, slug) in [(#"{"number":"EE123456785CN"}"#, "not-an-array"), (#""[]""#, "not-an-array"), ("42", "not-an-array"),
                             ("[1 2]", "malformed-json"), (#"["\"]"#, "malformed-json"), ("[{]", "malformed-json"), ("", "malformed-json"),
                             (String(repeating: "[", count: 100_000), "malformed-json")] {
            let refused = try await post(body)
            #expect(refused.status == 400 && refused.headers["content-type"] == "application/problem+json", "\(body.prefix(40))")
            #expect((try refused.json()["type"] as? String)?.hasSuffix("/" + slug) == true, "\(body.prefix(40)): \(refused.text)")
        }
        await s.server.shutdown()
    }
}
