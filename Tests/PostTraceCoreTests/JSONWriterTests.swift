import Foundation
import Testing
@testable import PostTraceCore

/// A document with every kind of member, as answers are written.
private struct Parcel: JSONWritable {
    var number = "EE123456785CN", attempts = 3, weight = 0.25, delivered = false
    var lastError: String? = nil, note: String? = nil
    var scans: [Scan] = [Scan(code: "EMA", office: "CNPEKA"), Scan(code: "EMD", office: nil)]

    struct Scan: JSONWritable {
        let code: String, office: String?
        func writeJSON(to writer: inout JSONWriter) {
            writer.object { o in o.member("code", code); o.member("office", office) }
        }
    }

    func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in
            o.member("number", number); o.member("attempts", attempts); o.member("weight", weight)
            o.member("delivered", delivered); o.member("last_error", lastError); o.member("note", ifPresent: note)
            o.member("scans", scans); o.member("empty", [String]()); o.member("nothing", [String: Int]())
        }
    }
}

@Suite("JSON writer and string escaper")
struct JSONWriterTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Foundation's reader, the reference for what a client parses.
    func parsed(_ bytes: [UInt8]) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) as? NSObject)
    }

    @Test("members in the order written; nil as null or left out; nested objects and arrays; empty containers")
    func document() throws {
        let bytes = JSONWriter.encode(Parcel())
        #expect(text(bytes) == #"{"number":"EE123456785CN","attempts":3,"weight":0.25,"delivered":false,"last_error":null,"#
            + #""scans":[{"code":"EMA","office":"CNPEKA"},{"code":"EMD","office":null}],"empty":[],"nothing":{}}"#)
        let reference: NSDictionary = ["number": "EE123456785CN", "attempts": 3, "weight": 0.25, "delivered": false,
                                       "last_error": NSNull(), "empty": NSArray(), "nothing": NSDictionary(),
                                       "scans": [["code": "EMA", "office": "CNPEKA"], ["code": "EMD", "office": NSNull()]]]
        #expect(try parsed(bytes) == reference)
        var noted = Parcel()
        noted.note = "left at the door"
        #expect(text(JSONWriter.encode(noted)).contains(#","note":"left at the door","#))
    }

    @Test("pretty output: two-space indents, one member per line, the same document")
    func pretty() throws {
        let bytes = JSONWriter.encode(["b": [1, 2], "a": [Int]()], pretty: true)
        #expect(text(bytes) == "{\n  \"a\" : [],\n  \"b\" : [\n    1,\n    2\n  ]\n}")
        let parcel = Parcel()
        #expect(try parsed(JSONWriter.encode(parcel, pretty: true)) == parsed(JSONWriter.encode(parcel)))
    }

    @Test("dictionaries: keys in the order of their UTF-8 bytes, escaped like values")
    func dictionaries() {
        let bytes = JSONWriter.encode(["é": 1, "b": 2, "a_b": 3, "a": 4, "Z": 5, "<k>": 6])
        #expect(text(bytes) == #"{"\u003ck\u003e":6,"Z":5,"a":4,"a_b":3,"b":2,"é":1}"#)
    }

    @Test("numbers: integers without a fraction, doubles as Swift prints them, NaN and infinities as null")
    func numbers() throws {
        let values: [Double] = [0.25, -1.5, 1e20, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .nan, .infinity, -.infinity]
        let bytes = JSONWriter.encode(values)
        #expect(text(bytes) == "[0.25,-1.5,1e+20,5e-324,1.7976931348623157e+308,null,null,null]")
        let back = try #require(try parsed(bytes) as? [Any])
        #expect(back.count == 8 && back[5...].allSatisfy { $0 is NSNull })
        #expect(text(JSONWriter.encode([Int.min, Int.max, 0])) == "[\(Int.min),\(Int.max),0]")
        #expect(text(JSONWriter.encode([Int64(-7)])) == "[-7]")
    }

    @Test("raw JSON is spliced as it is")
    func raw() {
        let bytes = JSONWriter.encode(JSONObject { o in
            o.member("timeline", RawJSON(bytes: Array(#"{"x":[1,"<"]}"#.utf8))); o.member("after", true)
        })
        #expect(text(bytes) == #"{"timeline":{"x":[1,"<"]},"after":true}"#)
    }

    static let hostile = "a\"b\\c\nd\re\tf\u{0}g\u{1F}h\u{7F}<script>&amp;</script>/path 中国 \u{1F4E6} \u{2028}"

    @Test("strings: quotes, backslashes and control characters escaped; / and non-ASCII as they are; <>& with the HTML option")
    func strings() throws {
        for html in [true, false] {
            let bytes = JSONWriter.encode([Self.hostile], escapingHTML: html)
            let out = text(bytes)
            #expect(try parsed(bytes) == [Self.hostile] as NSArray)
            #expect(out.contains(#"a\"b\\c\nd\re\tf\u0000g\u001fh"#) && out.contains("/path 中国 \u{1F4E6} \u{2028}"))
            #expect(out.contains("\u{7F}"))  // DEL needs no escape
            if html {
                #expect(!out.contains("<") && !out.contains(">") && !out.contains("&"))
                #expect(out.contains(#"\u003cscript\u003e\u0026amp;\u003c/script\u003e"#))
            } else {
                #expect(out.contains("<script>&amp;</script>"))
            }
        }
        #expect(JSONString.quoted(Self.hostile) == text(JSONWriter.encode(Self.hostile, escapingHTML: false)))
    }

    @Test("bytes that are not UTF-8 pass through unchanged; every control character has an escape")
    func bytes() {
        var out: [UInt8] = []
        let input: [UInt8] = [0x61, 0xFF, 0xC3, 0x22, 0x80, 0x3C]
        input.withUnsafeBufferPointer { JSONString.append(utf8: $0, escapingHTML: true, to: &out) }
        #expect(out == [0x22, 0x61, 0xFF, 0xC3, 0x5C, 0x22, 0x80] + Array(#"\u003c""#.utf8))
        for c in 0..<0x20 {
            let written = JSONString.quoted(String(UnicodeScalar(UInt8(c))))
            #expect(written.count >= 4 && written.allSatisfy { $0.asciiValue.map { $0 >= 0x20 } ?? false }, "\(c)")
        }
    }

    @Test("the word-at-a-time scan finds the first byte to escape in every lane, with and without the HTML option")
    func firstEscape() {
        func naive(_ bytes: [UInt8], _ html: Bool) -> Int {
            bytes.firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (html && ($0 == 0x3C || $0 == 0x3E || $0 == 0x26)) } ?? bytes.count
        }
        var cases: [[UInt8]] = [[], Array("plain ascii text, long enough for words".utf8), Array("名字 📦 ÿ\u{7F}".utf8)]
        for length in 1...20 {
            for position in 0..<length {
                for special: UInt8 in [0x00, 0x1F, 0x22, 0x5C, 0x0A, 0x3C, 0x3E, 0x26] {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = special
                    cases.append(bytes)
                    var high = [UInt8](repeating: 0xE5, count: length)  // non-ASCII neighbours must not hide it
                    high[position] = special
                    cases.append(high)
                }
                // Neighbours of the special bytes in value: none of them is one.
                cases.append([UInt8](repeating: 0x21, count: length) + [0x23, 0x5B, 0x5D, 0x20, 0xFF, 0x80, 0x3B, 0x3D, 0x3F, 0x25, 0x27])
            }
        }
        for bytes in cases {
            for html in [false, true] {
                let found = bytes.withUnsafeBufferPointer { JSONString.firstEscape(in: $0, escapingHTML: html) }
                #expect(found == naive(bytes, html), "\(bytes) html: \(html)")
            }
        }
    }

    @Test("a long hostile string (1 MB of escapes and text) is written whole and read back the same")
    func long() throws {
        let big = String(repeating: Self.hostile, count: 20_000)
        let bytes = JSONWriter.encode(["s": big])
        #expect(try parsed(bytes) == ["s": big] as NSDictionary)
    }
}
