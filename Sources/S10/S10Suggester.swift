/// Lists valid numbers one plausible slip away from an invalid input, best first.
///
/// Slips considered: a look-alike in the wrong section (O↔0, I/L↔1, S↔5, B↔8, Z↔2) or a Cyrillic/Greek
/// look-alike letter, one wrong check digit, two neighbouring characters swapped, one wrong serial digit,
/// and (for 12 or 14 characters) one digit or letter left out or one character typed twice.
struct S10Suggester {
    /// Ranks, best first: look-alike repairs, check digit, swaps, one wrong serial digit, a missing or extra character.
    enum Slip: Int, Comparable {
        case lookAlike, checkDigit, swap, serialDigit, lengthSlip
        static func < (a: Slip, b: Slip) -> Bool { a.rawValue < b.rawValue }
    }

    /// The most look-alike combinations tried, so hostile input stays cheap.
    static let maximumCombinations = 1_000

    private var bytes: [UInt8] = []  // ASCII letter or digit per character, 0 for anything else
    private var found: [(number: S10Number, slip: Slip)] = []
    private var seen: Set<S10Number> = []

    init(_ characters: [Character]) {
        guard characters.count <= 14 else { return }  // nothing plausible is one slip away from longer input
        for c in characters {
            if let a = c.asciiValue, S10Diagnosis.isLetter(a) || S10Diagnosis.isDigit(a) {
                bytes.append(a)
            } else if let latin = S10LookAlikes.latin(for: c) {
                bytes.append(latin)
            } else {
                bytes.append(0)
            }
        }
    }

    /// The ranked list, known numbers first when `isKnown` is given; at most `S10.maximumSuggestions`.
    func suggestions(isKnown: ((S10Number) -> Bool)?) -> [S10Number] {
        var copy = self
        copy.collect()
        var ranked = copy.found.enumerated().map { (order: $0.offset, number: $0.element.number, slip: $0.element.slip, known: false) }
        if let isKnown {
            for i in ranked.indices { ranked[i].known = isKnown(ranked[i].number) }
        }
        ranked.sort { a, b in
            if a.known != b.known { return a.known }
            return a.slip != b.slip ? a.slip < b.slip : a.order < b.order
        }
        return ranked.prefix(S10.maximumSuggestions).map(\.number)
    }

    private mutating func collect() {
        switch bytes.count {
        case 13: collectThirteen()
        case 12 where !bytes.contains(0): collectMissingDigit(); collectMissingLetter()
        case 14: collectExtraCharacter()  // also drops one stray unreadable character
        default: break
        }
    }

    private mutating func add(_ candidate: [UInt8], _ slip: Slip) {
        guard let number = S10Number(bytes: candidate), seen.insert(number).inserted else { return }
        found.append((number, slip))
    }

    private mutating func collectThirteen() {
        let options = (0..<13).map(options(at:))
        let needsRepair = options.enumerated().contains { $0.element != [bytes[$0.offset]] }
        if needsRepair {
            let combinations = options.reduce(1) { $0 * $1.count }
            guard combinations <= Self.maximumCombinations else { return }
            forEachCombination(options) { add($0, .lookAlike) }
            return
        }
        if S10Number(bytes: bytes) != nil {  // only Cyrillic or Greek look-alikes were wrong
            add(bytes, .lookAlike)
            return
        }
        if bytes[11] == UInt8(ascii: "U"), bytes[12] == UInt8(ascii: "K") {  // the United Kingdom's ISO code is GB
            add(Array(bytes[0..<11]) + Array("GB".utf8), .lookAlike)
        }
        collectSlips(from: bytes)
    }

    /// What may stand at `position`: the character itself when it fits the section, else its look-alikes,
    /// else (an unreadable character) everything the section allows.
    private func options(at position: Int) -> [UInt8] {
        let b = bytes[position], wantsDigit = (2...10).contains(position)
        if wantsDigit ? S10Diagnosis.isDigit(b) : S10Diagnosis.isLetter(b) { return [b] }
        if b != 0 {
            let alike = wantsDigit ? S10LookAlikes.digit(for: b).map { [$0] } ?? [] : S10LookAlikes.letters(for: b)
            if !alike.isEmpty { return alike }
        }
        return wantsDigit ? Array(UInt8(ascii: "0")...UInt8(ascii: "9")) : Array(UInt8(ascii: "A")...UInt8(ascii: "Z"))
    }

    private func forEachCombination(_ options: [[UInt8]], _ body: ([UInt8]) -> Void) {
        var candidate = options.map { $0[0] }, choice = [Int](repeating: 0, count: options.count)
        while true {
            body(candidate)
            var p = options.count - 1
            while p >= 0 {
                choice[p] += 1
                if choice[p] < options[p].count { candidate[p] = options[p][choice[p]]; break }
                choice[p] = 0; candidate[p] = options[p][0]; p -= 1
            }
            if p < 0 { return }
        }
    }

    /// Candidates are made by changing one working copy in place and changing it back, so trying
    /// a hundred candidates costs no allocations.
    private mutating func collectSlips(from base: [UInt8]) {
        var work = base
        let serial = base[2..<10].reduce(UInt32(0)) { $0 * 10 + UInt32($1 - 48) }
        work[10] = UInt8(ascii: "0") + S10Number.checkDigit(forSerial: serial)
        add(work, .checkDigit)
        work[10] = base[10]
        for i in 0..<12 where base[i] != base[i + 1] {
            work.swapAt(i, i + 1)
            add(work, .swap)
            work.swapAt(i, i + 1)
        }
        for p in 2..<10 {
            for d in UInt8(ascii: "0")...UInt8(ascii: "9") where d != base[p] {
                work[p] = d
                add(work, .serialDigit)
            }
            work[p] = base[p]
        }
    }

    private mutating func collectMissingDigit() {
        for p in 2...10 {
            for d in UInt8(ascii: "0")...UInt8(ascii: "9") {
                var longer = bytes
                longer.insert(d, at: p)
                add(longer, .lengthSlip)
            }
        }
    }

    /// A letter left out of the service indicator or the country code, as when a pasted number lost its
    /// last character. Completions are ordered by a prior, since up to 104 may be valid and the list is
    /// capped: countries much post comes from first (`…C` offers CN and CA before CD or CF), and service
    /// indicators starting with a common service letter first (E for EMS, R registered, C parcels, L, U, V).
    private mutating func collectMissingLetter() {
        func completions(at positions: [Int]) -> [[UInt8]] {
            positions.flatMap { p in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).map { letter in
                    var longer = bytes
                    longer.insert(letter, at: p)
                    return longer
                }
            }
        }
        func prior(_ candidates: [[UInt8]], _ rank: ([UInt8]) -> Int) -> [[UInt8]] {
            candidates.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
        }
        // A lost last character is the likelier slip, so appending comes before inserting.
        let countries = prior(completions(at: [12, 11])) { c in
            Self.commonOrigins.firstIndex { $0[0] == c[11] && $0[1] == c[12] } ?? Self.commonOrigins.count
        }
        let services = prior(completions(at: [1, 0])) { c in Self.commonServiceLetters.contains(c[0]) ? 0 : 1 }
        for candidate in countries + services { add(candidate, .lengthSlip) }
    }

    /// Countries much international post is posted in: only an ordering prior for completions, never a filter.
    static let commonOrigins: [[UInt8]] = ["CN", "US", "GB", "DE", "FR", "JP", "KR", "HK", "SG", "AU", "CA", "NL", "IT", "ES",
                                           "RU", "IN", "BR", "TW", "TH", "MY", "CH", "SE", "PL", "TR", "NZ"].map { Array($0.utf8) }
    /// First letters of the most used service indicators (EMS, registered, parcels, letter post).
    static let commonServiceLetters: [UInt8] = Array("ERCLUV".utf8)

    private mutating func collectExtraCharacter() {
        for p in 0..<14 {
            var shorter = bytes
            shorter.remove(at: p)
            add(shorter, .lengthSlip)
        }
    }
}
