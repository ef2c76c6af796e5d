/// A value that writes itself as JSON: the one way PostTrace builds JSON documents from typed values
/// (problem documents, subscription and delivery answers, push messages, the manifest, log lines, the CLI's
/// output). A document is a struct whose `writeJSON` names its members in order, so its shape is checked by
/// the compiler and written without `Any`, bridging or a fallback: every conforming value can be written.
public protocol JSONWritable {
    /// Writes the value through `writer`.
    func writeJSON(to writer: inout JSONWriter)
}

/// Writes JSON text into bytes, escaping strings with `JSONString`.
///
/// ```swift
/// writer.object { o in
///     o.member("id", id)
///     o.member("last_error", ifPresent: lastError)  // left out when nil
/// }
/// ```
/// Members come out in the order written; a dictionary's keys in the order of their UTF-8 bytes.
public struct JSONWriter {
    /// The document so far.
    public private(set) var bytes: [UInt8] = []
    /// Whether `<`, `>` and `&` in strings are written as `\u003c`, `\u003e`, `\u0026`.
    public let escapesHTML: Bool
    /// Whether containers are laid out on lines, indented by two spaces, for people to read.
    public let pretty: Bool
    private var depth = 0
    /// Nothing has been written yet in the innermost open object or array.
    private var first = true

    /// An empty writer; `escapingHTML` for answers that may echo input, `pretty` for a terminal.
    public init(escapingHTML: Bool = true, pretty: Bool = false, capacity: Int = 256) {
        escapesHTML = escapingHTML
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    /// `value` as a JSON document.
    public static func encode(_ value: some JSONWritable, escapingHTML: Bool = true, pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(escapingHTML: escapingHTML, pretty: pretty)
        value.writeJSON(to: &writer)
        return writer.bytes
    }

    /// A string.
    public mutating func string(_ text: String) { JSONString.append(text, escapingHTML: escapesHTML, to: &bytes) }

    /// An integer.
    public mutating func integer(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// A number; NaN and the infinities, which JSON cannot express, are written as `null` (as JavaScript's
    /// `JSON.stringify` does).
    public mutating func number(_ value: Double) {
        guard value.isFinite else { return null() }
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// `null`.
    public mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// An already-encoded JSON value, spliced as it is.
    public mutating func raw(_ json: [UInt8]) { bytes.append(contentsOf: json) }

    /// An object whose members `body` writes with `member`.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// An array of `elements`.
    public mutating func array<Elements: Sequence>(_ elements: Elements) where Elements.Element: JSONWritable {
        open(UInt8(ascii: "["))
        for element in elements {
            separate()
            element.writeJSON(to: &self)
        }
        close(UInt8(ascii: "]"))
    }

    /// A member of the object being written.
    public mutating func member(_ key: String, _ value: some JSONWritable) {
        separate()
        string(key)
        if pretty { bytes.append(contentsOf: " : ".utf8) } else { bytes.append(UInt8(ascii: ":")) }
        value.writeJSON(to: &self)
    }

    /// A member of the object being written, left out when `value` is nil (`member(key, value)` writes `null`).
    public mutating func member(_ key: String, ifPresent value: (some JSONWritable)?) {
        if let value { member(key, value) }
    }

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        depth += 1
        first = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if pretty, !first { newline() }
        bytes.append(bracket)
        // The container just closed is a value in its parent, which is therefore not empty.
        first = false
    }

    /// The comma before every element or member but the first, and the line break of a pretty document.
    private mutating func separate() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        if pretty { newline() }
    }

    private mutating func newline() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }
}

/// An already-encoded JSON document, spliced as it is into a larger one (a timeline inside a batch answer).
public struct RawJSON: JSONWritable, Sendable {
    /// The document's bytes; valid JSON is the caller's promise.
    public let bytes: [UInt8]
    /// Wraps encoded bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public func writeJSON(to writer: inout JSONWriter) { writer.raw(bytes) }
}

/// An object whose members a closure writes: a one-off answer (`{"status":"ready"}`) that needs no named type.
public struct JSONObject: JSONWritable {
    private let members: (inout JSONWriter) -> Void
    /// An object of the members `members` writes with `JSONWriter.member`.
    public init(_ members: @escaping (inout JSONWriter) -> Void) { self.members = members }
    public func writeJSON(to writer: inout JSONWriter) { writer.object(members) }
}

extension String: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.string(self) }
}
extension Bool: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.bool(self) }
}
extension Int: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.integer(Int64(self)) }
}
extension Int64: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.integer(self) }
}
extension Double: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.number(self) }
}
extension Optional: JSONWritable where Wrapped: JSONWritable {
    /// The wrapped value, or `null`.
    public func writeJSON(to writer: inout JSONWriter) {
        if let self { self.writeJSON(to: &writer) } else { writer.null() }
    }
}
extension Array: JSONWritable where Element: JSONWritable {
    public func writeJSON(to writer: inout JSONWriter) { writer.array(self) }
}
extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    /// An object with the keys in the order of their UTF-8 bytes, so the same dictionary is always the same text.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.object { o in
            for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { o.member(key, self[key]!) }
        }
    }
}
