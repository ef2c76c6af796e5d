import S10

/// What people typed into the form, split into candidate numbers as they pasted them.
enum TrackInput {
    /// The most numbers one request tracks.
    static let limit = 20

    /// Splits pasted text into candidate numbers: new lines, commas, semicolons and whitespace
    /// separate numbers, but spaces inside one number (`EE 123 456 785 CN`, as printed on receipts)
    /// are joined back. Duplicates are dropped, order kept.
    static func candidates(in texts: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for text in texts {
            for chunk in text.split(whereSeparator: { "\n\r,;，；、".contains($0) }) {
                for candidate in splitChunk(chunk) where seen.insert(candidate.uppercased()).inserted {
                    out.append(candidate)
                }
            }
        }
        return out
    }

    /// One line or comma-separated piece: a run of tokens that together spell a 13-character
    /// number is one number; a line of short fragments only is one (mistyped) number.
    private static func splitChunk(_ chunk: Substring) -> [String] {
        let tokens = chunk.split(whereSeparator: { $0.isWhitespace || $0 == "+" }).map(String.init)
        guard !tokens.isEmpty else { return [] }
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            if let end = numberRun(tokens, from: i) {
                out.append(tokens[i...end].joined())
                i = end + 1
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        // Only fragments and no number among them: one number typed with odd spacing.
        if out.count > 1 && out.allSatisfy({ $0.count < 11 }) { return [tokens.joined()] }
        return out
    }

    /// The last index of a run of short tokens, starting at `start`, that joins to a number shape.
    private static func numberRun(_ tokens: [String], from start: Int) -> Int? {
        var joined = ""
        for j in start..<tokens.count {
            if j > start && tokens[j].count >= 11 { return nil }
            joined += tokens[j]
            if joined.count == 13 { return looksLikeNumber(joined) && j > start ? j : nil }
            if joined.count > 13 { return nil }
        }
        return nil
    }

    /// Two letters, nine digits, two letters (case-insensitive, full-width forms folded).
    static func looksLikeNumber(_ text: String) -> Bool {
        let b = Array(S10.normalize(text).utf8)
        guard b.count == 13 else { return false }
        func letter(_ c: UInt8) -> Bool { (c | 0x20) &- UInt8(ascii: "a") < 26 }
        func digit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
        return letter(b[0]) && letter(b[1]) && b[2..<11].allSatisfy(digit) && letter(b[11]) && letter(b[12])
    }
}
