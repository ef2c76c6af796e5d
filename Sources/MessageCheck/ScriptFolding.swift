/// Script-specific folding for phrase matching: what a reader takes for the same word is made the same scalars.
/// Every mapping is one scalar to one scalar, so `NormalizedText.letters` stays aligned with `scalars`.
enum ScriptFolding {
    /// Arabic tatweel (the stretching stroke) and vowel marks: optional in writing, so dropped.
    static func isDroppedMark(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x640 || (0x64B...0x65F).contains(s.value) || s.value == 0x670
    }

    /// Half-width katakana and punctuation (U+FF61–FF9F) as their full-width forms.
    static func fullWidthKana(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        guard (0xFF61...0xFF9F).contains(s.value) else { return nil }
        return halfWidthKana[Int(s.value - 0xFF61)]
    }

    private static let halfWidthKana: [Unicode.Scalar] = Array(
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜"
            .unicodeScalars)

    /// The voiced kana when `mark` is a voicing mark (half-width, combining or spacing) that `kana` takes.
    static func voiced(_ kana: Unicode.Scalar, by mark: Unicode.Scalar) -> Unicode.Scalar? {
        let dakuten: Bool
        switch mark.value {
        case 0xFF9E, 0x3099, 0x309B: dakuten = true
        case 0xFF9F, 0x309A, 0x309C: dakuten = false
        default: return nil
        }
        let v = kana.value
        let base = (0x3041...0x3096).contains(v) ? v + 0x60 : v  // work on katakana, return in the same script
        let shift: UInt32 = (0x3041...0x3096).contains(v) ? 0x60 : 0
        let voicedBase: UInt32?
        if dakuten, [0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD,
                     0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8].contains(base) {
            voicedBase = base + 1
        } else if [0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB].contains(base) {
            voicedBase = base + (dakuten ? 1 : 2)
        } else if dakuten, base == 0x30A6, shift == 0 {
            voicedBase = 0x30F4
        } else {
            voicedBase = nil
        }
        return voicedBase.flatMap { Unicode.Scalar($0 - shift) }
    }

    /// `scalars` folded for phrase matching (see `NormalizedText.letters`).
    static func letters(of scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = scalars.map(letter)
        var i = 0
        while i < out.count {
            guard out[i].isSpacedWordScalar else { i += 1; continue }
            var end = i
            while end < out.count, out[end].isSpacedWordScalar { end += 1 }
            unifyScript(&out, i..<end)
            i = end
        }
        return out
    }

    /// One scalar without its accent, katakana as hiragana, Arabic letter variants as the plain letter.
    static func letter(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v < 0xC0 { return s }
        if v <= 0x17F { return accents[s] ?? s }
        if (0x30A1...0x30F6).contains(v) || v == 0x30FD || v == 0x30FE { return Unicode.Scalar(v - 0x60)! }
        if (0x621...0x6CC).contains(v) { return arabic[s] ?? s }
        if v == 0x451 { return "е" }
        return s
    }

    /// Within a word that mixes Latin with Cyrillic or Greek letters, look-alikes are read in the word's main
    /// script: letters only one script has count double, shared shapes once, ties go to Latin.
    static func unifyScript(_ s: inout [Unicode.Scalar], _ word: Range<Int>) {
        var latin = 0, other = 0, hasLatin = false, hasOther = false
        for i in word {
            let c = s[i]
            if c.isASCIILetter {
                hasLatin = true; latin += latinToCyrillic[c] == nil ? 2 : 1
            } else if toLatin[c] != nil {
                hasOther = true; other += 1
            } else if (0x400...0x4FF).contains(c.value) {
                hasOther = true; other += 2
            }
        }
        guard hasLatin, hasOther else { return }
        if other > latin {
            for i in word { if let c = latinToCyrillic[s[i]] { s[i] = c } }
        } else {
            for i in word { if let c = toLatin[s[i]] { s[i] = c } }
        }
    }

    private static func table(_ groups: [(String, Unicode.Scalar)]) -> [Unicode.Scalar: Unicode.Scalar] {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (from, to) in groups { for s in from.unicodeScalars { map[s] = to } }
        return map
    }

    /// Lower-case Latin-1 and Latin Extended-A letters without their accents (`é` → `e`, `ç` → `c`, `ł` → `l`).
    private static let accents = table([
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
    ])

    /// Hamza and madda forms of alef, alef maqsura, ta marbuta and Persian letter forms as the plain Arabic letter.
    private static let arabic = table([("أإآٱ", "ا"), ("ىئی", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ک", "ك")])

    /// Cyrillic and Greek letters that look like a Latin one.
    private static let toLatin = table([
        ("а", "a"), ("в", "b"), ("с", "c"), ("ԁ", "d"), ("е", "e"), ("һн", "h"), ("і", "i"), ("ј", "j"), ("к", "k"),
        ("м", "m"), ("о", "o"), ("р", "p"), ("ԛ", "q"), ("ѕ", "s"), ("т", "t"), ("у", "y"), ("ԝ", "w"), ("х", "x"),
        ("α", "a"), ("β", "b"), ("ε", "e"), ("ι", "i"), ("κ", "k"), ("ν", "v"), ("ο", "o"), ("ρ", "p"), ("τ", "t"),
        ("υ", "u"), ("χ", "x"), ("ω", "w"),
    ])

    /// Latin letters that look like a Cyrillic one.
    private static let latinToCyrillic = table([
        ("a", "а"), ("b", "в"), ("c", "с"), ("e", "е"), ("h", "н"), ("k", "к"), ("m", "м"), ("o", "о"), ("p", "р"),
        ("t", "т"), ("x", "х"), ("y", "у"),
    ])
}
