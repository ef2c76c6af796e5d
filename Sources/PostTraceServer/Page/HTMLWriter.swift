/// Builds an HTML (or XML) document by appending; every text and attribute value goes through
/// `escape`, so data can never become markup.
struct HTMLWriter {
    private(set) var output = ""

    init(capacity: Int = 16_384) { output.reserveCapacity(capacity) }

    /// Appends trusted markup written in this module (never data).
    mutating func raw(_ markup: StaticString) { output += markup.description }
    /// Appends trusted markup assembled from other escaped pieces.
    mutating func rawBuilt(_ markup: String) { output += markup }
    /// Appends data as text.
    mutating func text(_ data: String) { HTMLWriter.escape(data, into: &output) }

    /// Appends `<tag attr="value"…>`; attribute values are escaped.
    mutating func open(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:]) {
        output += "<"; output += tag.description
        for (name, value) in attributes {
            output += " "; output += name.description; output += "=\""
            HTMLWriter.escape(value, into: &output)
            output += "\""
        }
        output += ">"
    }
    mutating func close(_ tag: StaticString) { output += "</"; output += tag.description; output += ">" }

    /// `<tag attrs>text</tag>`.
    mutating func element(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], text data: String) {
        open(tag, attributes); text(data); close(tag)
    }

    /// Escapes `& < > " '` so the result is safe in text and in quoted attributes.
    static func escape(_ data: String, into out: inout String) {
        var start = data.utf8.startIndex
        let utf8 = data.utf8
        var i = start
        while i != utf8.endIndex {
            let replacement: String?
            switch utf8[i] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            case 0: replacement = "\u{FFFD}"
            default: replacement = nil
            }
            if let replacement {
                out += data[start..<i]
                out += replacement
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        out += data[start..<utf8.endIndex]
    }

    /// The escaped form of `data`.
    static func escaped(_ data: String) -> String {
        var out = ""
        escape(data, into: &out)
        return out
    }
}
