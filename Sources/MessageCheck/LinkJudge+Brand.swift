import PostTraceCore
import S10

extension LinkJudge {
    /// The bytes of an ASCII text without carriage returns, where each byte is one character (so byte
    /// comparisons give what string comparisons give); nil for any other text.
    static func characterBytes(_ text: String) -> [UInt8]? {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? Array(text.utf8) : nil
    }

    /// A word of a host name (a label, a hyphen-separated word, a label without hyphens) and its skeleton,
    /// with their ASCII bytes when they are ASCII (host names nearly always are), read once for every brand.
    struct BrandWord {
        let part: String
        let skeleton: String
        let partBytes: [UInt8]?
        let skeletonBytes: [UInt8]?

        init(part: String, skeleton: String) {
            self.part = part
            self.skeleton = skeleton
            partBytes = LinkJudge.characterBytes(part)
            skeletonBytes = LinkJudge.characterBytes(skeleton)
        }
    }

    /// A brand token, with its skeleton (confusables folded) and what may match it, computed once per rule book.
    struct Brand: Sendable {
        let token: String
        let skeleton: String
        /// Whether a word may also match by a small edit distance (long brands) or by adding words before or
        /// after it: at least `affix_brand_min_length` characters, not `exact_only`, starting with a letter.
        let affix: Bool
        /// Characters in the token.
        let length: Int
        let tokenBytes: [UInt8]?
        let skeletonBytes: [UInt8]?

        init(token: String, skeleton: String, affix: Bool) {
            self.token = token
            self.skeleton = skeleton
            self.affix = affix
            length = token.count
            tokenBytes = LinkJudge.characterBytes(token)
            skeletonBytes = LinkJudge.characterBytes(skeleton)
        }

        /// The largest edit distance between skeletons that still reads as this brand (0: only equal ones).
        /// Short brands sit one letter away from ordinary words (bpost/boost), so they get none.
        var editLimit: Int { length >= 10 ? 2 : (length >= 7 ? 1 : 0) }

        /// Whether `word` imitates this brand: equal to it, equal once folded, within the edit distance, or the
        /// brand with extra letters before or after it (or inside, for brands of six letters or more).
        /// Compares ASCII bytes when both are ASCII, as strings otherwise; `row` is scratch space.
        func isImitated(by word: BrandWord, row: inout [Int]) -> Bool {
            guard let part = word.partBytes, let skel = word.skeletonBytes, let token = tokenBytes, let skeleton = skeletonBytes else {
                return isImitatedAsStrings(by: word)
            }
            if part == token || skel == skeleton { return true }
            guard affix else { return false }
            if editLimit > 0, LinkJudge.editDistance(skel, skeleton, limit: editLimit, row: &row) != nil { return true }
            guard part.count > token.count else { return false }
            return part.starts(with: token) || part.suffix(token.count).elementsEqual(token) || (length >= 6 && Self.contains(part, token))
        }

        /// The same test on strings, for words or brands that are not ASCII.
        func isImitatedAsStrings(by word: BrandWord) -> Bool {
            if word.part == token || word.skeleton == skeleton { return true }
            guard affix else { return false }
            if editLimit > 0, LinkJudge.editDistance(word.skeleton, skeleton, limit: editLimit) != nil { return true }
            return word.part.count > length
                && (word.part.hasPrefix(token) || word.part.hasSuffix(token) || (length >= 6 && word.part.contains(token)))
        }

        static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard needle.count <= haystack.count else { return false }
            return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
    }

    /// Levenshtein distance of two byte strings when it is at most `limit`, else nil; `row` is scratch space.
    static func editDistance(_ x: [UInt8], _ y: [UInt8], limit: Int, row: inout [Int]) -> Int? {
        guard abs(x.count - y.count) <= limit, x.count <= 64, y.count <= 64 else { return nil }
        guard !x.isEmpty else { return y.count <= limit ? y.count : nil }
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: 0...y.count)
        for i in 1...x.count {
            var previous = row[0]; row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[y.count] <= limit ? row[y.count] : nil
    }
}
