import Foundation

/// An already-encoded JSON document, spliced as it is into a larger one (a timeline inside a batch answer).
struct RawJSON: Sendable {
    let bytes: [UInt8]
}

/// Writes the JSON of values built from dictionaries and arrays: problem documents, small answers, log lines.
///
/// `JSONSerialization` took two thirds of the CPU time of a 404 answer (bridging every value through
/// NSDictionary, sorting keys with locale-aware comparison). This writer handles the few types these
/// documents hold and gives up on anything else, so the caller can fall back.
enum JSONValueWriter {
    /// `value` as JSON, or nil when it holds something other than `[String: …]`, arrays, strings, integers,
    /// finite doubles, booleans, nil, `NSNull` or `RawJSON` (an `NSNumber`, for one). Keys are sorted by their UTF-8 bytes; `/` is
    /// not escaped; `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` so that echoed input stays
    /// inert even if a client sniffs the answer as HTML.
    static func encode(_ value: Any) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        return write(value, into: &out) ? out : nil
    }

    private static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        // An NSNumber (from parsed JSON) casts to Bool and Int alike; its kind is not ours to guess.
        if type(of: value) is NSNumber.Type { return false }
        switch value {
        case let s as String: string(s, into: &out)
        case let b as Bool: out += b ? Array("true".utf8) : Array("false".utf8)
        case let n as Int: out += Array(String(n).utf8)
        case let n as Int64: out += Array(String(n).utf8)
        case let n as Int32: out += Array(String(n).utf8)
        case let n as UInt64: out += Array(String(n).utf8)
        case let d as Double:
            guard d.isFinite else { return false }
            out += Array(String(d).utf8)
        case let raw as RawJSON: out += raw.bytes
        case is NSNull: out += Array("null".utf8)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (i, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(object[key]!, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (i, element) in array.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard write(element, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        default:
            // An Optional boxed in Any (a member set from an optional value).
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else { return false }
            guard let wrapped = mirror.children.first?.value else { out += Array("null".utf8); return true }
            return write(wrapped, into: &out)
        }
        return true
    }

    private static func string(_ s: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
