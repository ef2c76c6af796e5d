/// Why a WeChat XML body was refused: a stable machine code and a human message.
public struct WeChatXMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `wechat_xml_too_large`, `wechat_xml_encoding`, `wechat_xml_forbidden` (DOCTYPE, entities, PIs) or `wechat_xml_malformed`.
    public let code: String
    public let message: String
    public var description: String { "\(code): \(message)" }
}

/// A hand parser for the flat `<xml><Name>text or CDATA</Name>…</xml>` messages of the WeChat platform.
///
/// Deliberately small: no DTDs, no custom entities, no attributes, no processing instructions
/// other than the XML declaration, nesting at most 4 deep, at most 64 fields. So entity expansion,
/// external entities and deep-nesting tricks are refused by construction, not by configuration.
public enum WeChatXML {
    /// The largest body parsed, in bytes; real platform messages are far below 4 KiB.
    public static let maximumBytes = 64 * 1024
    static let maximumDepth = 4
    static let maximumFields = 64

    /// The text of the root's direct children by element name (nested elements are skipped).
    public static func parse(_ bytes: [UInt8]) throws(WeChatXMLError) -> [String: String] {
        guard bytes.count <= maximumBytes else { throw WeChatXMLError(code: "wechat_xml_too_large", message: "the XML body is larger than \(maximumBytes) bytes") }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw WeChatXMLError(code: "wechat_xml_encoding", message: "the XML body is not valid UTF-8") }
        var reader = WeChatXMLReader(bytes: bytes)
        return try reader.document()
    }
}

/// The cursor of `WeChatXML.parse`.
struct WeChatXMLReader {
    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws(WeChatXMLError) -> [String: String] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpaces()
        if starts("<?xml") {
            guard let end = find("?>", from: i) else { throw malformed("unterminated XML declaration") }
            i = end + 2
        }
        skipSpaces()
        try refuseMarkupDeclarations()
        guard try openTag() == "xml" else { throw malformed("the root element must be <xml>") }
        var fields: [String: String] = [:]
        while true {
            skipSpaces()
            try refuseMarkupDeclarations()
            if starts("</") {
                guard try closeTag() == "xml" else { throw malformed("mismatched closing tag of <xml>") }
                break
            }
            let name = try openTag()
            let text = try content(of: name, depth: 2)
            guard fields[name] == nil else { throw malformed("the field <\(name)> appears twice") }
            guard fields.count < WeChatXML.maximumFields else { throw malformed("more than \(WeChatXML.maximumFields) fields") }
            fields[name] = text
        }
        skipSpaces()
        guard i == bytes.count else { throw malformed("content after </xml>") }
        return fields
    }

    /// Reads an element's content up to its closing tag; nested elements are parsed and dropped.
    mutating func content(of name: String, depth: Int) throws(WeChatXMLError) -> String {
        guard depth <= WeChatXML.maximumDepth else { throw malformed("elements nested deeper than \(WeChatXML.maximumDepth)") }
        var text: [UInt8] = []
        while i < bytes.count {
            if starts("<![CDATA[") {
                guard let end = find("]]>", from: i + 9) else { throw malformed("unterminated CDATA section") }
                text += bytes[(i + 9)..<end]
                i = end + 3
            } else if starts("</") {
                guard try closeTag() == name else { throw malformed("mismatched closing tag of <\(name)>") }
                return String(decoding: text, as: UTF8.self)
            } else if bytes[i] == UInt8(ascii: "<") {
                try refuseMarkupDeclarations()
                let inner = try openTag()
                _ = try content(of: inner, depth: depth + 1)
            } else if bytes[i] == UInt8(ascii: "&") {
                text += try entity()
            } else {
                text.append(bytes[i]); i += 1
            }
        }
        throw malformed("<\(name)> is not closed")
    }

    /// `<Name>`; attributes and self-closing tags are not part of the platform's format.
    mutating func openTag() throws(WeChatXMLError) -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "<") else { throw malformed("expected an element at byte \(i)") }
        i += 1
        let name = try tagName()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw malformed("<\(name)> has attributes or is not closed") }
        i += 1
        return name
    }

    mutating func closeTag() throws(WeChatXMLError) -> String {
        i += 2
        let name = try tagName()
        skipSpaces()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ">") else { throw malformed("malformed closing tag </\(name)") }
        i += 1
        return name
    }

    mutating func tagName() throws(WeChatXMLError) -> String {
        let start = i
        while i < bytes.count, i - start < 64, isNameByte(bytes[i], first: i == start) { i += 1 }
        guard i > start else { throw malformed("expected an element name at byte \(start)") }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// The five predefined entities and numeric references; anything else may be an entity trick.
    mutating func entity() throws(WeChatXMLError) -> [UInt8] {
        guard let semi = bytes[i..<min(bytes.count, i + 12)].firstIndex(of: UInt8(ascii: ";")) else {
            throw malformed("a bare & at byte \(i)")
        }
        let name = String(decoding: bytes[(i + 1)..<semi], as: UTF8.self)
        i = semi + 1
        switch name {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
            guard name.hasPrefix("#"), let value = UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10),
                  let scalar = Unicode.Scalar(value), value != 0
            else { throw WeChatXMLError(code: "wechat_xml_forbidden", message: "unknown entity &\(name);") }
            return Array(String(Character(scalar)).utf8)
        }
    }

    func refuseMarkupDeclarations() throws(WeChatXMLError) {
        if starts("<!") && !starts("<![CDATA[") {
            throw WeChatXMLError(code: "wechat_xml_forbidden", message: "DOCTYPE, ENTITY and comment declarations are not accepted")
        }
        if starts("<?") { throw WeChatXMLError(code: "wechat_xml_forbidden", message: "processing instructions are not accepted") }
    }

    mutating func skipSpaces() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    func starts(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in (0..<count).allSatisfy { bytes[i + $0] == pattern[$0] } }
    }

    func find(_ text: StaticString, from start: Int) -> Int? {
        let pattern = text.withUTF8Buffer { Array($0) }
        guard bytes.count >= pattern.count else { return nil }
        var k = start
        while k + pattern.count <= bytes.count {
            if bytes[k] == pattern[0] && bytes[k..<(k + pattern.count)].elementsEqual(pattern) { return k }
            k += 1
        }
        return nil
    }

    func isNameByte(_ b: UInt8, first: Bool) -> Bool {
        (b | 0x20) &- 97 < 26 || b == UInt8(ascii: "_") || (!first && (b &- 48 < 10 || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")))
    }

    func malformed(_ why: String) -> WeChatXMLError { WeChatXMLError(code: "wechat_xml_malformed", message: why) }
}
