/// One NDJSON line: a JSON object whose known keys are the event fields (strings or null;
/// `received_at` a number). Unknown keys are ignored, whatever their value.
struct NDJSONLine {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0

    static func fields(_ line: UnsafeBufferPointer<UInt8>) throws(LineReject) -> EventFields {
        var parser = NDJSONLine(b: line)
        return try parser.object()
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private mutating func object() throws(LineReject) -> EventFields {
        var out = EventFields()
        var seen: UInt16 = 0  // one bit per field name: no Set allocated per line
        skipSpace()
        try expect(123, "a line must be one JSON object")
        skipSpace()
        if peek == 125 { i += 1 } else {
            while true {
                skipSpace()
                guard peek == 34 else { throw bad("expected a quoted key") }
                let name = try key()
                skipSpace()
                try expect(58, "expected ':' after a key")
                skipSpace()
                if let name {
                    let bit = UInt16(1) << UInt16(name.bit)
                    guard seen & bit == 0 else { throw bad("key '\(name.rawValue)' appears twice") }
                    seen |= bit
                    out[name] = try scalar(for: name)
                } else {
                    try skipValue(depth: 0)
                }
                skipSpace()
                if peek == 44 { i += 1; continue }
                try expect(125, "expected ',' or '}'")
                break
            }
        }
        skipSpace()
        guard i == b.count else { throw bad("text after the object") }
        return out
    }

    private mutating func scalar(for name: EventFields.Name) throws(LineReject) -> String? {
        switch peek {
        case 34: return try string()
        case 110: try literal("null"); return nil
        case 45, 48...57:
            let text = try number()
            guard name == .receivedAt else { throw LineReject(.wrongType, "\(name.rawValue) must be a string") }
            return text
        default:
            if name == .receivedAt, peek != 123, peek != 91 { throw LineReject(.wrongType, "received_at must be a number") }
            try skipValue(depth: 0)
            throw LineReject(.wrongType, "\(name.rawValue) must be \(name == .receivedAt ? "a number" : "a string")")
        }
    }

    private var peek: UInt8 { i < b.count ? b[i] : 0 }
    private func bad(_ message: String) -> LineReject { LineReject(.badJSON, message) }

    private mutating func skipSpace() { while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 13 || b[i] == 10 { i += 1 } }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(LineReject) {
        guard peek == byte else { throw bad(message) }
        i += 1
    }

    private mutating func literal(_ word: StaticString) throws(LineReject) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard b.count - i >= w.count, (0..<w.count).allSatisfy({ b[i + $0] == w[$0] }) else { throw bad("invalid literal") }
        i += w.count
    }

    private mutating func number() throws(LineReject) -> String {
        let start = i
        if peek == 45 { i += 1 }
        while i < b.count, (48...57).contains(b[i]) || b[i] == 46 || b[i] == 101 || b[i] == 69 || b[i] == 43 || b[i] == 45 { i += 1 }
        guard i > start else { throw bad("invalid number") }
        return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
    }

    /// The field a key names (the opening quote at `i`), or nil for a key PostTrace does not know. A key
    /// without escapes is matched as bytes: making a String of every key was a tenth of reading a line.
    private mutating func key() throws(LineReject) -> EventFields.Name? {
        var end = i + 1
        while end < b.count, b[end] != 34, b[end] != 92, b[end] >= 0x20 { end += 1 }
        guard end < b.count, b[end] == 34 else { return EventFields.Name(rawValue: try string()) }
        let name = EventFields.Name(utf8: UnsafeBufferPointer(rebasing: b[(i + 1)..<end]))
        i = end + 1
        return name
    }

    /// A JSON string (the opening quote at `i`), unescaped.
    private mutating func string() throws(LineReject) -> String {
        i += 1
        let start = i
        while i < b.count, b[i] != 34, b[i] != 92 {
            guard b[i] >= 0x20 else { throw bad("control character in a string") }
            i += 1
        }
        guard i < b.count else { throw bad("unterminated string") }
        if b[i] == 34 {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        }
        var bytes = Array(b[start..<i])
        while true {
            guard i < b.count else { throw bad("unterminated string") }
            let c = b[i]; i += 1
            if c == 34 { break }
            guard c >= 0x20 else { throw bad("control character in a string") }
            guard c == 92 else { bytes.append(c); continue }
            guard i < b.count else { throw bad("unterminated escape") }
            let e = b[i]; i += 1
            switch e {
            case 34, 92, 47: bytes.append(e)
            case 98: bytes.append(8)
            case 102: bytes.append(12)
            case 110: bytes.append(10)
            case 114: bytes.append(13)
            case 116: bytes.append(9)
            case 117: try unicodeEscape(into: &bytes)
            default: throw bad("invalid escape")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func unicodeEscape(into bytes: inout [UInt8]) throws(LineReject) {
        var scalar = try hex4()
        if (0xD800..<0xDC00).contains(scalar) {
            guard peek == 92, i + 1 < b.count, b[i + 1] == 117 else { throw bad("lone surrogate") }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw bad("lone surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(scalar) {
            throw bad("lone surrogate")
        }
        guard let u = Unicode.Scalar(scalar) else { throw bad("invalid \\u escape") }
        bytes.append(contentsOf: Array(String(Character(u)).utf8))
    }

    private mutating func hex4() throws(LineReject) -> UInt32 {
        guard b.count - i >= 4 else { throw bad("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]; i += 1
            let d: UInt8
            switch c {
            case 48...57: d = c - 48
            case 65...70: d = c - 55
            case 97...102: d = c - 87
            default: throw bad("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Skips any JSON value (for keys PostTrace does not know), nesting at most 32 deep.
    private mutating func skipValue(depth: Int) throws(LineReject) {
        guard depth < 32 else { throw bad("nesting too deep") }
        switch peek {
        case 34: _ = try string()
        case 116: try literal("true")
        case 102: try literal("false")
        case 110: try literal("null")
        case 45, 48...57: _ = try number()
        case 91, 123:
            let close: UInt8 = peek == 91 ? 93 : 125, isObject = peek == 123
            i += 1; skipSpace()
            if peek == close { i += 1; return }
            while true {
                skipSpace()
                if isObject {
                    guard peek == 34 else { throw bad("expected a quoted key") }
                    _ = try string(); skipSpace(); try expect(58, "expected ':' after a key"); skipSpace()
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                if peek == 44 { i += 1; continue }
                try expect(close, "unterminated array or object")
                return
            }
        default: throw bad("expected a value")
        }
    }
}
