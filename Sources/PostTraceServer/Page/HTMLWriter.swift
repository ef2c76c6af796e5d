/// Builds an HTML (or XML) document as UTF-8 bytes by appending; every text and attribute value goes
/// through `escape`, so data can never become markup. Bytes, not String, because the page is a hot path.
struct HTMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) { bytes.reserveCapacity(capacity) }

    /// The document as text.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends trusted markup written in this module (never data).
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
    /// Appends trusted markup assembled from other escaped pieces.
    mutating func rawBuilt(_ markup: String) { bytes.append(contentsOf: markup.utf8) }
    /// Appends data as text.
    mutating func text(_ data: String) { HTMLWriter.escape(data, into: &bytes) }

    /// Appends `<tag attr="value"…>`; attribute values are escaped.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:]) {
        bytes.append(UInt8(ascii: "<")); raw(tag)
        for (name, value) in attributes {
            bytes.append(UInt8(ascii: " ")); raw(name); bytes.append(UInt8(ascii: "=")); bytes.append(UInt8(ascii: "\""))
            HTMLWriter.escape(value, into: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
    }
    mutating func close(_ tag: StaticString) {
        bytes.append(UInt8(ascii: "<")); bytes.append(UInt8(ascii: "/")); raw(tag); bytes.append(UInt8(ascii: ">"))
    }

    /// `<tag attrs>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], text data: String) {
        open(tag, attributes); text(data); close(tag)
    }

    /// Escapes `& < > " '` so the result is safe in text and in quoted attributes, and puts U+FFFD for every
    /// character XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF), so that HTML and the
    /// Atom feed stay well-formed whatever text the store holds.
    static func escape(_ data: String, into out: inout [UInt8]) {
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        var utf8 = data.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? utf8.next() {
            pending = nil
            switch b {
            case UInt8(ascii: "&"): out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case UInt8(ascii: "<"): out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case UInt8(ascii: ">"): out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case UInt8(ascii: "\""): out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case UInt8(ascii: "'"): out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            case 0x09, 0x0A, 0x0D: out.append(b)
            case 0..<0x20: out.append(contentsOf: replacement)
            case 0xEF:
                // U+FFFE and U+FFFF are EF BF BE and EF BF BF; any other character starting EF is copied.
                guard let second = utf8.next() else { out.append(b); break }
                guard second == 0xBF, let third = utf8.next() else { out.append(b); pending = second; break }
                if third >= 0xBE { out.append(contentsOf: replacement) } else { out.append(contentsOf: [b, second, third]) }
            default: out.append(b)
            }
        }
    }

    /// The escaped form of `data`.
    static func escaped(_ data: String) -> String {
        var out: [UInt8] = []
        escape(data, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
