/// Phrases compiled for a single pass over normalized text (`NormalizedText.letters`): indexed by first scalar.
/// `#` in a phrase matches a run of ASCII digits and `*` one word. A phrase starting or ending with a letter
/// of a script written with spaces (Latin, Cyrillic, Greek) matches at word boundaries only, so `pay` does not
/// fire inside `PayPal`; `~` at either end lifts that boundary, for stems and compounds (`оплат~` matches
/// `оплатите`, `~gebühr` matches `Zollgebühr`), and inside a phrase lets a word run on (`банковск~ карт~`).
struct PhraseTable: Sendable {
    struct Entry: Sendable {
        let pattern: [Unicode.Scalar]
        let weight: Int
        let tag: Int
        /// Whether the phrase must start and end at a word boundary.
        let wordStart: Bool
        let wordEnd: Bool
    }
    struct Match {
        let range: Range<Int>
        let weight: Int
        let tag: Int
    }

    private var entries: [Entry] = []
    /// Entry indices by first scalar: an array for ASCII (most lookups, no hashing), a dictionary for the rest.
    private var byASCII: [[Int]] = Array(repeating: [], count: 128)
    private var byFirst: [Unicode.Scalar: [Int]] = [:]

    private func candidates(_ c: Unicode.Scalar) -> [Int]? {
        if c.value < 128 { let list = byASCII[Int(c.value)]; return list.isEmpty ? nil : list }
        return byFirst[c]
    }

    /// Adds phrases with a weight and a caller-defined tag (the category index).
    mutating func add(_ phrases: [String], weight: Int, tag: Int) {
        for phrase in phrases {
            var pattern = NormalizedText(phrase).letters
            let openStart = pattern.first == "~", openEnd = pattern.count > 1 && pattern.last == "~"
            if openStart { pattern.removeFirst() }
            if openEnd { pattern.removeLast() }
            guard let first = pattern.first else { continue }
            entries.append(Entry(pattern: pattern, weight: weight, tag: tag, wordStart: !openStart && (first.isSpacedWordScalar || first == "#"),
                                 wordEnd: !openEnd && (pattern.last!.isSpacedWordScalar || pattern.last == "#")))
            let keys: [Unicode.Scalar] = first == "#" ? (0...9).map { Unicode.Scalar(UInt8(48 + $0)) } : [first]
            for key in keys {
                if key.value < 128 { byASCII[Int(key.value)].append(entries.count - 1) } else { byFirst[key, default: []].append(entries.count - 1) }
            }
        }
    }

    /// Every match in the text; where several phrases start at the same place, all are reported.
    func matches(in text: NormalizedText) -> [Match] {
        var found: [Match] = []
        let s = text.letters
        for i in s.indices {
            guard let candidates = candidates(s[i]) else { continue }
            for index in candidates {
                let entry = entries[index]
                if let end = Self.match(entry, in: s, at: i) {
                    found.append(Match(range: i..<end, weight: entry.weight, tag: entry.tag))
                }
            }
        }
        return found
    }

    /// Whether a phrase (of `tag`, when given) lies inside `window` (negations and cues around a match),
    /// ending after `pastIndex` when given (a cue that starts inside a match and runs past its end).
    func anyMatch(in text: NormalizedText, endingIn window: Range<Int>, tag: Int? = nil, pastIndex: Int? = nil) -> Bool {
        guard !window.isEmpty else { return false }
        let s = text.letters
        for i in window {
            guard let candidates = candidates(s[i]) else { continue }
            for index in candidates where tag == nil || entries[index].tag == tag {
                if let end = Self.match(entries[index], in: s, at: i), end <= window.upperBound, end > (pastIndex ?? i) { return true }
            }
        }
        return false
    }

    /// The end index when `entry` matches at `start`, honouring word boundaries and `#` digit runs.
    static func match(_ entry: Entry, in s: [Unicode.Scalar], at start: Int) -> Int? {
        if entry.wordStart, start > 0, s[start - 1].isSpacedWordScalar { return nil }
        var i = start
        for p in entry.pattern {
            if p == "*" {
                var letters = 0
                while i < s.count, s[i].isSpacedWordScalar || s[i] == "-" { i += 1; letters += 1 }
                if letters == 0 { return nil }
                continue
            }
            if p == "~" {
                while i < s.count, s[i].isSpacedWordScalar { i += 1 }
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
        if entry.wordEnd, i < s.count, s[i].isSpacedWordScalar, !Self.amountFollows(s, at: i, after: entry.pattern.last!) { return nil }
        return i
    }

    /// Whether a word ending in a letter is followed by an amount run into it (`WebMoney2,000円分`,
    /// `itunes500`): CJK text has no space between a brand and its price, so digits after a letter end the
    /// word, unless letters follow the digits (`pay2go`, `ems2024a` stay one word).
    static func amountFollows(_ s: [Unicode.Scalar], at index: Int, after last: Unicode.Scalar) -> Bool {
        guard !last.isASCIIDigit, last != "#", s[index].isASCIIDigit else { return false }
        var i = index
        while i < s.count, s[i].isASCIIDigit || s[i] == "," || s[i] == "." { i += 1 }
        return i == s.count || !s[i].isSpacedWordScalar
    }
}
