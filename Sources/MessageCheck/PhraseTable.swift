/// Phrases compiled for a single pass over normalized text: indexed by first scalar.
/// `#` in a phrase matches a run of ASCII digits and `*` one word; phrases starting or ending with an ASCII letter or digit
/// match whole words only, so `pay` does not fire inside `PayPal`.
struct PhraseTable: Sendable {
    struct Entry: Sendable {
        let pattern: [Unicode.Scalar]
        let weight: Int
        let tag: Int
    }
    struct Match {
        let range: Range<Int>
        let weight: Int
        let tag: Int
    }

    private var entries: [Entry] = []
    private var byFirst: [Unicode.Scalar: [Int]] = [:]

    /// Adds phrases with a weight and a caller-defined tag (the category index).
    mutating func add(_ phrases: [String], weight: Int, tag: Int) {
        for phrase in phrases {
            let pattern = NormalizedText(phrase).scalars
            guard let first = pattern.first else { continue }
            entries.append(Entry(pattern: pattern, weight: weight, tag: tag))
            let keys: [Unicode.Scalar] = first == "#" ? (0...9).map { Unicode.Scalar(UInt8(48 + $0)) } : [first]
            for key in keys { byFirst[key, default: []].append(entries.count - 1) }
        }
    }

    /// Every match in the text; where several phrases start at the same place, all are reported.
    func matches(in text: NormalizedText) -> [Match] {
        var found: [Match] = []
        let s = text.scalars
        for i in s.indices {
            guard let candidates = byFirst[s[i]] else { continue }
            for index in candidates {
                let entry = entries[index]
                if let end = Self.match(entry.pattern, in: s, at: i) {
                    found.append(Match(range: i..<end, weight: entry.weight, tag: entry.tag))
                }
            }
        }
        return found
    }

    /// Whether any phrase ends inside `window` (used for negations before a match).
    func anyMatch(in text: NormalizedText, endingIn window: Range<Int>) -> Bool {
        guard !window.isEmpty else { return false }
        let s = text.scalars
        for i in window {
            guard let candidates = byFirst[s[i]] else { continue }
            for index in candidates {
                if let end = Self.match(entries[index].pattern, in: s, at: i), end <= window.upperBound { return true }
            }
        }
        return false
    }

    /// The end index when `pattern` matches at `start`, honouring word boundaries and `#` digit runs.
    static func match(_ pattern: [Unicode.Scalar], in s: [Unicode.Scalar], at start: Int) -> Int? {
        if let first = pattern.first, first.isASCIIAlnum || first == "#", start > 0, s[start - 1].isASCIIAlnum { return nil }
        var i = start
        for p in pattern {
            if p == "*" {
                var letters = 0
                while i < s.count, s[i].isASCIIAlnum || s[i] == "-" { i += 1; letters += 1 }
                if letters == 0 { return nil }
                continue
            }
            if p == "#" {
                var digits = 0
                while i < s.count, s[i].isASCIIDigit { i += 1; digits += 1 }
                if digits == 0 { return nil }
                continue
            }
            guard i < s.count, s[i] == p else { return nil }
            i += 1
        }
        if let last = pattern.last, last.isASCIIAlnum || last == "#", i < s.count, s[i].isASCIIAlnum { return nil }
        return i
    }
}
