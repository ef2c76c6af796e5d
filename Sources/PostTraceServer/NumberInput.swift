import S10

/// A tracking number as people type it, read leniently: spaces, dashes, lower case and full-width
/// characters are accepted; what remains must be a valid S10 number.
///
/// Interim reader until `S10.validate(_:)` lands on main; its codes match `S10ErrorCode` raw values.
struct NumberInput: Sendable {
    /// One reason the input is not a valid number.
    struct Issue: Sendable, Hashable {
        var code: String
        var english: String
        var chinese: String
        func message(in language: Language) -> String { language == .en ? english : chinese }
    }

    enum Reading: Sendable {
        case valid(S10Number)
        case invalid(normalized: String, issues: [Issue], suggestions: [S10Number])
    }

    /// Reads `text`; long inputs are cut so that a hostile string costs nothing.
    static func read(_ text: String) -> Reading {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars.prefix(64) {
            var v = scalar.value
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }  // full-width ASCII forms
            if v == 0x20 || v == 0x3000 || v == 0x2D || v == 0x09 || v == 0x2E || v == 0x5F { continue }
            if (0x61...0x7A).contains(v) { v -= 0x20 }
            bytes.append(v < 0x80 ? UInt8(v) : UInt8(ascii: "?"))
        }
        if let number = S10Number(bytes: bytes) { return .valid(number) }
        let normalized = String(decoding: bytes, as: UTF8.self)
        return .invalid(normalized: normalized, issues: issues(bytes), suggestions: suggestions(bytes))
    }

    private static func issues(_ b: [UInt8]) -> [Issue] {
        func isLetter(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if b.isEmpty { return [Issue(code: "empty", english: "Nothing to look up: paste the 13-character number.", chinese: "没有输入：请粘贴13位的邮件号码。")] }
        if b.contains(where: { !isLetter($0) && !isDigit($0) }) {
            return [Issue(code: "characters", english: "Only letters A–Z and digits 0–9 belong in a tracking number.", chinese: "邮件号码只包含字母A–Z和数字0–9。")]
        }
        guard b.count == 13 else {
            return [Issue(code: "length", english: "A postal tracking number has 13 characters, like EE123456785CN; this one has \(b.count).",
                          chinese: "国际邮件号码有13位，例如EE123456785CN；您输入了\(b.count)位。")]
        }
        var out: [Issue] = []
        if !isLetter(b[0]) || !isLetter(b[1]) {
            out.append(Issue(code: "service_indicator", english: "It must start with two letters.", chinese: "号码必须以两个字母开头。"))
        } else if !S10Rules.isServiceIndicatorAllowed(b[0], b[1]) {
            out.append(Issue(code: "service_indicator_reserved", english: "No postal operator issues numbers starting with these letters.", chinese: "没有邮政运营商使用以这两个字母开头的号码。"))
        }
        if !b[2..<11].allSatisfy(isDigit) {
            out.append(Issue(code: "serial", english: "Characters 3 to 11 must be digits.", chinese: "第3至11位必须是数字。"))
        } else if let serial = UInt32(String(decoding: b[2..<10], as: UTF8.self)),
                  S10Number.checkDigit(forSerial: serial) != b[10] - 48 {
            out.append(Issue(code: "check_digit", english: "The check digit does not match: a character is probably mistyped.", chinese: "校验位不符：可能有字符输错了。"))
        }
        if !isLetter(b[11]) || !isLetter(b[12]) || Country(code: String(decoding: b[11...], as: UTF8.self)) == nil {
            out.append(Issue(code: "country_unknown", english: "The last two letters must be a country code such as CN or DE.", chinese: "最后两个字母必须是国家代码，例如CN或DE。"))
        }
        return out
    }

    /// Plausible intended numbers: one character replaced (look-alikes and any digit), at most a handful.
    private static func suggestions(_ b: [UInt8]) -> [S10Number] {
        guard b.count == 13 else { return [] }
        var out: [S10Number] = []
        let lookalikes: [UInt8: UInt8] = [79: 48, 73: 49, 76: 49, 90: 50, 83: 53, 66: 56, 48: 79, 49: 73]
        for i in 0..<13 {
            var candidate = b
            if let swap = lookalikes[b[i]] { candidate[i] = swap; if let n = S10Number(bytes: candidate) { out.append(n) } }
        }
        for i in [10] + Array(2..<10) {
            for d in UInt8(48)...57 where d != b[i] {
                var candidate = b
                candidate[i] = d
                if let n = S10Number(bytes: candidate), !out.contains(n) { out.append(n) }
            }
        }
        return Array(out.prefix(12))
    }
}
