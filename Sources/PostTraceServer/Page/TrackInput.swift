import S10

/// What people typed into the form, split into candidate numbers as they pasted them.
enum TrackInput {
    /// The most numbers one request tracks.
    static let limit = 20

    /// Splits pasted text into candidate numbers: new lines, commas, semicolons and whitespace
    /// separate numbers, but spaces inside one number (`EE 123 456 785 CN`, as printed on receipts)
    /// are joined back, and numbers are picked out of pasted sentences (`单号：EE123456785CN`).
    /// Duplicates (after S10 normalization) are dropped, order kept.
    static func candidates(in texts: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        var wordsOnly: [String] = []
        for text in texts {
            for chunk in text.split(whereSeparator: { "\n\r,;，；、".contains($0) }) {
                // Every S10 number has digits: a piece without any is a word from a pasted sentence,
                // shown (and explained) only when nothing else was entered.
                guard chunk.contains(where: \.isNumber) else {
                    let words = chunk.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    if !words.isEmpty { wordsOnly.append(words) }
                    continue
                }
                for candidate in candidates(inChunk: chunk) where seen.insert(S10.normalize(candidate)).inserted {
                    out.append(candidate)
                }
            }
        }
        return out.isEmpty ? Array(wordsOnly.prefix(limit)) : out
    }

    /// One line or comma-separated piece. Numbers `S10.find` sees are taken as they are; words around
    /// them are dropped, but a leftover piece with six or more digits is kept: it is probably a
    /// mistyped number, and showing its error beats losing it silently.
    private static func candidates(inChunk chunk: Substring) -> [String] {
        let text = String(chunk)
        let found = S10.find(in: text)
        guard !found.isEmpty else {
            let pieces = splitChunk(chunk)
            guard pieces.count > 1 else { return pieces }
            let likely = pieces.filter(hasManyDigits)
            // No piece looks like a number: keep the line as one entry so its error is explained once.
            return likely.isEmpty ? [pieces.joined(separator: " ")] : likely
        }
        var out: [String] = []
        var cursor = text.startIndex
        for match in found {
            out += splitChunk(text[cursor..<match.range.lowerBound]).filter(hasManyDigits)
            out.append(match.validation.normalized)
            cursor = match.range.upperBound
        }
        return out + splitChunk(text[cursor...]).filter(hasManyDigits)
    }

    private static func hasManyDigits(_ piece: String) -> Bool {
        S10.normalize(piece).utf8.lazy.filter { $0 &- UInt8(ascii: "0") < 10 }.count >= 6
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
        // Only fragments, about as long as a number together: one number typed with odd spacing.
        if out.count > 1 && out.allSatisfy({ $0.count < 11 }) && (10...16).contains(tokens.joined().count) {
            return [tokens.joined()]
        }
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
