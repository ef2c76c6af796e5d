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

    static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        // Strings, the usual leaf, by their exact type: a metadata comparison, where the conformance check
        // below is a lookup in the runtime's tables (a tenth of writing a problem document).
        if type(of: value) == String.self { string(value as! String, into: &out); return true }
        // A conformance check, not a chain of `as` casts: a failed cast of a dictionary to a scalar type bridged
        // it to NSDictionary first, and an NSNumber (from parsed JSON) would cast to Bool and Int alike.
        guard let writable = value as? any JSONWritable else { return false }
        return writable.writeJSON(into: &out)
    }

    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Runs that need no escaping are copied whole.
            var clean = 0
            for (i, byte) in utf8.enumerated() where needsEscape(byte) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean..<i]))
                escape(byte, into: &out)
                clean = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[clean...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    @inline(__always) private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
            || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
    }

    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default:
            let hex: StaticString = "0123456789abcdef"
            out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]]
        }
    }
}

/// A value `JSONValueWriter` knows how to write.
protocol JSONWritable {
    /// Appends the value's JSON; false when something inside cannot be written.
    func writeJSON(into out: inout [UInt8]) -> Bool
}

extension String: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { JSONValueWriter.string(self, into: &out); return true }
}
extension Bool: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += self ? Array("true".utf8) : Array("false".utf8); return true }
}
extension Int: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += Array(String(self).utf8); return true }
}
extension Int64: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += Array(String(self).utf8); return true }
}
extension Int32: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += Array(String(self).utf8); return true }
}
extension UInt64: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += Array(String(self).utf8); return true }
}
extension Double: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        guard isFinite else { return false }
        out += Array(String(self).utf8)
        return true
    }
}
extension RawJSON: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += bytes; return true }
}
extension NSNull: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool { out += Array("null".utf8); return true }
}
extension Optional: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        guard let wrapped = self else { out += Array("null".utf8); return true }
        return JSONValueWriter.write(wrapped, into: &out)
    }
}
extension Array: JSONWritable {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (i, element) in enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            guard JSONValueWriter.write(element, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }
}
extension Dictionary: JSONWritable where Key == String {
    func writeJSON(into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        for (i, key) in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValueWriter.string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard JSONValueWriter.write(self[key]!, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }
}
