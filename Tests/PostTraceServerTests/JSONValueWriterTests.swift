import Foundation
@testable import PostTraceServer
import Testing

@Suite("JSON value writer")
struct JSONValueWriterTests {
    /// Parses `bytes` back with Foundation (the reference reader).
    func parsed(_ bytes: [UInt8]?) throws -> NSObject {
        let bytes = try #require(bytes)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test("the same document as JSONSerialization: nesting, numbers, booleans, null, optionals")
    func sameDocument() throws {
        let missing: String? = nil, present: String? = "here"
        let value: [String: Any] = [
            "status": 404, "title": "No record yet", "negative": Int64(-7), "big": UInt64.max, "ratio": 0.25,
            "ok": true, "no": false, "none": NSNull(), "missing": missing as Any, "present": present as Any,
            "advice": ["one", "two"], "contacts": [["name": "China Post", "phone": "11183"]], "empty": [String: Any](),
            "members": ["limit": 100] as [String: any Sendable],
        ]
        let reference = try JSONSerialization.jsonObject(with: JSONSerialization.data(withJSONObject: [
            "status": 404, "title": "No record yet", "negative": -7, "big": UInt64.max, "ratio": 0.25,
            "ok": true, "no": false, "none": NSNull(), "missing": NSNull(), "present": "here",
            "advice": ["one", "two"], "contacts": [["name": "China Post", "phone": "11183"]], "empty": [String: Any](),
            "members": ["limit": 100],
        ] as [String: Any])) as? NSObject
        #expect(try parsed(JSONValueWriter.encode(value)) == reference)
    }

    @Test("strings: quotes, backslashes, control characters, NUL, markup and non-ASCII survive; / stays as it is")
    func strings() throws {
        let hostile = "a\"b\\c\nd\re\tf\u{0}g\u{1F}h<script>&amp;</script>/path 中国 \u{1F4E6} \u{2028}"
        let bytes = try #require(JSONValueWriter.encode(["s": hostile]))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(try parsed(bytes) == ["s": hostile] as NSDictionary)
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
        #expect(text.contains("\\u003cscript\\u003e\\u0026amp;") && text.contains("/path") && text.contains("\\u0000"))
    }

    @Test("keys in byte order; raw JSON spliced as it is")
    func keysAndRaw() throws {
        let bytes = try #require(JSONValueWriter.encode(["b": 1, "a_b": 2, "a": 3, "timeline": RawJSON(bytes: Array(#"{"x":[1,2]}"#.utf8))]))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"a":3,"a_b":2,"b":1,"timeline":{"x":[1,2]}}"#)
    }

    @Test("what it cannot write is refused, for the caller's fallback: NSNumber, NaN, other types")
    func refusals() {
        #expect(JSONValueWriter.encode(["n": NSNumber(value: 1)]) == nil)
        #expect(JSONValueWriter.encode([Double.nan]) == nil)
        #expect(JSONValueWriter.encode(["d": Date()]) == nil)
        #expect(JSONValueWriter.encode(["deep": [["x": Double.infinity]]]) == nil)
    }
}
