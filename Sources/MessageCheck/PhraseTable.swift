/// Every phrase list of the rules compiled into one trie over normalized text (`NormalizedText.letters`), so a
/// message is read once for all lists (`matches(in:)`) instead of once per list, and a position tries only the
/// phrases whose literal beginning is there instead of every phrase sharing its first letter (up to 150 in the
/// Latin alphabets). `#` in a phrase matches a run of ASCII digits and `*` one word. A phrase starting or ending
/// with a letter of a script written with spaces (Latin, Cyrillic, Greek) matches at word boundaries only, so `pay`
/// does not fire inside `PayPal`; `~` at either end lifts that boundary, for stems and compounds (`оплат~` matches
/// `оплатите`, `~gebühr` matches `Zollgebühr`), and inside a phrase lets a word run on (`банковск~ карт~`).
struct PhraseTable: Sendable {
    /// Which list of the rules a phrase belongs to; matches come back per list.
    enum List: Int, CaseIterable, Sendable {
        case phrases, negations, negationsAfter, exclusions, cancellations, requestCues, paidAfter
        case bankAccountCues, paymentIDCues, qrCodes, qrScanCues, atDelivery, operatorNames, senderClaims
        case cashOnDelivery, fraudWords, attachments, attachmentOpenCues, legalThreats, paidOut, routePretexts
    }
    struct Entry: Sendable {
        let pattern: [Unicode.Scalar]
        let list: List
        let weight: Int
        let tag: Int
        /// Whether the phrase must start and end at a word boundary.
        let wordStart: Bool
        let wordEnd: Bool
    }
    struct Match: Equatable {
        let range: Range<Int>
        let weight: Int
        let tag: Int
    }
    /// A trie node: the scalars that continue the path, and the entries tried where the path is read.
    struct Node: Sendable {
        var next: [(scalar: Unicode.Scalar, node: Int32)] = []
        /// Entries, in the order added, whose literal beginning is this node's path.
        var entries: [Int32] = []
    }

    /// Every phrase in the order added; within a position, matches come in this order.
    private(set) var entries: [Entry] = []
    /// Node 0 is the root; its children are found through `firstPage` rather than its own `next`.
    private var nodes: [Node] = [Node()]
    /// The root's child for a scalar: `firstPage[value >> 8]` is a page of `firstNodes` (-1: none), whose
    /// `value & 255`th slot is the node (0: none). Two array reads, no hashing, for every position of a message.
    private var firstPage = [Int32](repeating: -1, count: 0x1100)
    private var firstNodes: [[Int32]] = []

    /// Adds phrases to a list with a weight and a caller-defined tag (the category index).
    mutating func add(_ phrases: [String], to list: List, weight: Int = 0, tag: Int = 0) {
        for phrase in phrases {
            var pattern = NormalizedText(phrase).letters
            let openStart = pattern.first == "~", openEnd = pattern.count > 1 && pattern.last == "~"
            if openStart { pattern.removeFirst() }
            if openEnd { pattern.removeLast() }
            guard let first = pattern.first else { continue }
            entries.append(Entry(pattern: pattern, list: list, weight: weight, tag: tag,
                                 wordStart: !openStart && (first.isSpacedWordScalar || first == "#"),
                                 wordEnd: !openEnd && (pattern.last!.isSpacedWordScalar || pattern.last == "#")))
            let index = Int32(entries.count - 1)
            // Tried where its literal beginning is read; a phrase opening with `#` wherever a digit is.
            let literal = pattern.prefix { !Self.isWildcard($0) }
            let keys: [Unicode.Scalar] = first == "#" ? (0...9).map { Unicode.Scalar(UInt8(48 + $0)) } : [first]
            for key in keys {
                var node = child(ofRootFor: key)
                for scalar in literal.dropFirst() { node = child(of: node, scalar) }
                nodes[Int(node)].entries.append(index)
            }
        }
    }

    static func isWildcard(_ c: Unicode.Scalar) -> Bool { c == "#" || c == "*" || c == "~" }

    private mutating func child(ofRootFor c: Unicode.Scalar) -> Int32 {
        let page = Int(c.value >> 8), slot = Int(c.value & 0xFF)
        if firstPage[page] < 0 {
            firstPage[page] = Int32(firstNodes.count)
            firstNodes.append([Int32](repeating: 0, count: 256))
        }
        let found = firstNodes[Int(firstPage[page])][slot]
        if found != 0 { return found }
        nodes.append(Node())
        firstNodes[Int(firstPage[page])][slot] = Int32(nodes.count - 1)
        return Int32(nodes.count - 1)
    }

    private mutating func child(of node: Int32, _ c: Unicode.Scalar) -> Int32 {
        if let found = nodes[Int(node)].next.first(where: { $0.scalar == c }) { return found.node }
        nodes.append(Node())
        nodes[Int(node)].next.append((c, Int32(nodes.count - 1)))
        return Int32(nodes.count - 1)
    }

    private func rootChild(_ c: Unicode.Scalar) -> Int32 {
        let page = firstPage[Int(c.value >> 8)]
        return page < 0 ? 0 : firstNodes[Int(page)][Int(c.value & 0xFF)]
    }

    /// Every match of every list in one pass; where several phrases start at the same place, all are reported.
    func matches(in text: NormalizedText) -> PhraseHits {
        var hits = PhraseHits()
        let s = text.letters
        var tried: [Int32] = []
        for i in s.indices {
            var node = rootChild(s[i])
            guard node != 0 else { continue }
            tried.removeAll(keepingCapacity: true)
            var depth = 1, sorted = true
            while true {
                let here = nodes[Int(node)].entries
                if !here.isEmpty {
                    if let last = tried.last, last > here[0] { sorted = false }
                    tried.append(contentsOf: here)
                }
                guard i + depth < s.count, let next = nodes[Int(node)].next.first(where: { $0.scalar == s[i + depth] }) else { break }
                node = next.node; depth += 1
            }
            if !sorted { tried.sort() }
            for index in tried {
                let entry = entries[Int(index)]
                if let end = Self.match(entry, in: s, at: i) {
                    hits.append(Match(range: i..<end, weight: entry.weight, tag: entry.tag), to: entry.list)
                }
            }
        }
        return hits
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

/// The phrase matches of one message, list by list, each list in text order.
struct PhraseHits {
    private var lists = [[PhraseTable.Match]](repeating: [], count: PhraseTable.List.allCases.count)

    mutating func append(_ match: PhraseTable.Match, to list: PhraseTable.List) { lists[list.rawValue].append(match) }

    /// Every match of a list, by start (phrases starting at the same place in the order they were added).
    subscript(_ list: PhraseTable.List) -> [PhraseTable.Match] { lists[list.rawValue] }

    /// Whether a phrase of `list` (of `tag`, when given) lies inside `window` (negations and cues around a match),
    /// ending after `pastIndex` when given (a cue that starts inside a match and runs past its end).
    func any(_ list: PhraseTable.List, endingIn window: Range<Int>, tag: Int? = nil, pastIndex: Int? = nil) -> Bool {
        guard !window.isEmpty else { return false }
        let found = lists[list.rawValue]
        // The first match starting inside the window, by binary search: matches are in text order.
        var lo = 0, hi = found.count
        while lo < hi { let mid = (lo + hi) / 2; if found[mid].range.lowerBound < window.lowerBound { lo = mid + 1 } else { hi = mid } }
        for match in found[lo...] {
            guard match.range.lowerBound < window.upperBound else { break }
            if (tag == nil || match.tag == tag), match.range.upperBound <= window.upperBound,
               match.range.upperBound > (pastIndex ?? match.range.lowerBound) { return true }
        }
        return false
    }
}
