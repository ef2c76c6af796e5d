import Foundation
import PostTraceCore
@testable import PostTraceServer
import Testing
import TestSupport

/// The body's media type is what precedes the first `;` of Content-Type (RFC 9110 §8.3.1), one reader for
/// every route. A type hidden after an empty one (`;application/json`) is no type at all: found by the
/// `headers` fuzz target, which had it read as `application/json` because the split dropped the empty type.
@Suite("Content-Type is read the same way by every route", .scratch)
struct ContentTypeTests {
    @Test("the media type is the part before the first ';', trimmed and lower-cased; an empty one is empty",
          arguments: [("application/json", "application/json"), ("Application/JSON ; charset=utf-8", "application/json"),
                      (" application/x-ndjson;", "application/x-ndjson"), (";application/json", ""), (" ; application/json", ""),
                      (";", ""), ("", ""), ("text/plain;application/json", "text/plain")])
    func reader(field: String, expected: String) {
        let request = HTTPRequest(method: "POST", path: "/v1/events", headers: ["content-type": field])
        #expect(request.mediaType == expected)
    }

    @Test("a JSON type behind an empty type is refused with 415 on every route that takes JSON, over real HTTP")
    func routes() async throws {
        let server = try TestServer()
        let ingest = try await server.key(.ingest)
        let cases: [(String, String, [String: String])] = [
            ("/v1/check-message", #"{"text": "Pay the fee at https://usps-redelivery.top"}"#, [:]),
            ("/v1/trackings/batch", #"{"numbers": ["EE123456785CN"]}"#, [:]),
            ("/v1/check-link", #"{"url": "https://www.ems.com.cn"}"#, [:]),
            ("/v1/events", #"[{"number": "EE123456785CN", "code": "EMA", "time": "2026-11-05T09:12:00+08:00", "office": "CNPEKA"}]"#,
             ["Authorization": "Bearer \(ingest)"]),
        ]
        for (path, body, headers) in cases {
            for type in [";application/json", " ; application/json"] {
                let refused = try await server.post(path, body: body, type: type, headers: headers)
                #expect(refused.status == 415, "\(path) with Content-Type \(type.debugDescription): \(refused.status) \(refused.text)")
            }
            let accepted = try await server.post(path, body: body, type: "application/json; charset=utf-8", headers: headers)
            #expect((200..<300).contains(accepted.status), "\(path): \(accepted.status) \(accepted.text)")
        }
    }
}
