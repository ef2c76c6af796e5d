/// The one JSON string escaper: every JSON string PostTrace writes (answers, timelines, log lines, rejects
/// files, the CLI's output) is quoted here.
///
/// Escaped: `"` and `\` (as `\"`, `\\`), the control characters below U+0020 (`\n`, `\r`, `\t` by name,
/// the others as `\u00XX`) and, with `escapingHTML`, `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, so
/// that input echoed in an answer stays inert even if a client sniffs the answer as HTML. Everything else,
/// `/` and non-ASCII included, is copied as its UTF-8 bytes (RFC 8259 §7 requires no more).
public enum JSONString {
    /// Appends `text` in quotes, escaped.
    public static func append(_ text: String, escapingHTML: Bool, to out: inout [UInt8]) {
        // Native and small strings are contiguous: read in place, without the copy `withUTF8` needs.
        if text.utf8.withContiguousStorageIfAvailable({ appendQuoted($0, escapingHTML: escapingHTML, to: &out) }) != nil { return }
        var text = text
        text.withUTF8 { appendQuoted($0, escapingHTML: escapingHTML, to: &out) }
    }

    /// Appends UTF-8 bytes in quotes, escaped; multi-byte sequences (valid or not) pass through unchanged.
    public static func append(utf8: UnsafeBufferPointer<UInt8>, escapingHTML: Bool, to out: inout [UInt8]) {
        appendQuoted(utf8, escapingHTML: escapingHTML, to: &out)
    }

    /// `text` as a JSON string literal, in quotes.
    public static func quoted(_ text: String, escapingHTML: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, escapingHTML: escapingHTML, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendQuoted<Out: JSONByteOutput & ~Copyable>(_ utf8: UnsafeBufferPointer<UInt8>, escapingHTML: Bool,
                                                              to out: inout Out) {
        // Nearly every string needs no escaping: copied whole up to the first byte that does, and between
        // escapes in runs.
        out.write(UInt8(ascii: "\""))
        var clean = 0, i = firstEscape(in: utf8, escapingHTML: escapingHTML)
        while i < utf8.count {
            let b = utf8[i]
            if needsEscape(b, escapingHTML: escapingHTML) {
                if i > clean { out.write(UnsafeBufferPointer(rebasing: utf8[clean..<i])) }
                writeEscape(b, to: &out)
                clean = i + 1
            }
            i += 1
        }
        if utf8.count > clean { out.write(UnsafeBufferPointer(rebasing: utf8[clean...])) }
        out.write(UInt8(ascii: "\""))
    }

    @inline(__always) static func needsEscape(_ b: UInt8, escapingHTML: Bool) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\")
            || (escapingHTML && (b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "&")))
    }

    /// The index of the first byte to escape, or `utf8.count`. Eight bytes per step (the scan was a fifth of
    /// writing a timeline byte by byte): a word is tested for any such byte with the "has less than" and
    /// "has zero" bit tricks, exact for whether one exists.
    static func firstEscape(in utf8: UnsafeBufferPointer<UInt8>, escapingHTML: Bool) -> Int {
        guard let start = utf8.baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func below(_ w: UInt64, _ n: UInt64) -> Bool { (w &- ones &* n) & ~w & highs != 0 }
        func has(_ w: UInt64, _ byte: UInt8) -> Bool { below(w ^ (ones &* UInt64(byte)), 1) }
        var i = 0
        while i + 8 <= utf8.count {
            let w = UInt64(littleEndian: UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self))
            if below(w, 0x20) || has(w, 0x22) || has(w, 0x5C) { break }
            if escapingHTML, has(w, 0x3C) || has(w, 0x3E) || has(w, 0x26) { break }
            i += 8
        }
        while i < utf8.count, !needsEscape(utf8[i], escapingHTML: escapingHTML) { i += 1 }
        return i
    }

    /// The escape sequence of a byte `needsEscape` named.
    private static func writeEscape<Out: JSONByteOutput & ~Copyable>(_ b: UInt8, to out: inout Out) {
        switch b {
        case UInt8(ascii: "\""): out.write(UInt8(ascii: "\\")); out.write(b)
        case UInt8(ascii: "\\"): out.write(UInt8(ascii: "\\")); out.write(b)
        case 0x0A: out.write(UInt8(ascii: "\\")); out.write(UInt8(ascii: "n"))
        case 0x0D: out.write(UInt8(ascii: "\\")); out.write(UInt8(ascii: "r"))
        case 0x09: out.write(UInt8(ascii: "\\")); out.write(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            out.write(UInt8(ascii: "\\")); out.write(UInt8(ascii: "u")); out.write(UInt8(ascii: "0")); out.write(UInt8(ascii: "0"))
            out.write(hex.utf8Start[Int(b >> 4)]); out.write(hex.utf8Start[Int(b & 0xF)])
        }
    }
}

/// Where `JSONString` appends: an array, or the timeline writer's `ByteSink`.
protocol JSONByteOutput: ~Copyable {
    mutating func write(_ byte: UInt8)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteOutput where Element == UInt8 {
    mutating func write(_ byte: UInt8) { append(byte) }
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}
