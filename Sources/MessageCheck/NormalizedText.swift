/// The message as the rules see it, in two parallel forms of equal length:
/// - `scalars`: lower case, full-width ASCII and half-width katakana folded, Arabic-Indic digits made ASCII,
///   runs of white space collapsed; read by the link, phone and tracking-number scans, where an accented or
///   foreign letter is itself evidence (a homoglyph domain) and must stay visible.
/// - `letters`: `scalars` further folded for phrase matching: Latin accents removed, katakana read as
///   hiragana, Arabic letter variants unified, and Cyrillic, Greek or Latin look-alikes inside a word read
///   in the word's main script (`pаy` with a Cyrillic `а` reads `pay`, `Пoчтa` with Latin `o`, `a` reads `почта`).
///
/// Invisible and direction-control characters are removed (and remembered in `hidden`); Arabic tatweel and
/// vowel marks are dropped (writing `ادفـــع` for `ادفع` is a filter dodge). Every kept scalar remembers its
/// UTF-16 offsets in the original text so signals point at what the reader sees.
struct NormalizedText {
    /// An invisible or direction-control character that was removed.
    struct Hidden {
        /// The removed scalar.
        let scalar: Unicode.Scalar
        /// Index in `scalars` of the first kept scalar after it.
        let position: Int
        /// Its UTF-16 offsets in the original text.
        let span: TextSpan
    }

    private(set) var scalars: [Unicode.Scalar] = []
    private(set) var letters: [Unicode.Scalar] = []
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private(set) var hidden: [Hidden] = []
    let original: String
    private let originalUTF16: [UInt16]

    init(_ text: String) {
        original = text
        originalUTF16 = Array(text.utf16)
        scalars.reserveCapacity(text.unicodeScalars.count)
        var offset = 0
        for scalar in text.unicodeScalars {
            let width = scalar.utf16.count
            defer { offset += width }
            if Self.isInvisible(scalar) {
                hidden.append(Hidden(scalar: scalar, position: scalars.count, span: TextSpan(start: offset, end: offset + width)))
                continue
            }
            if scalar.properties.isWhitespace {
                if scalars.last == " " { ends[ends.count - 1] = offset + width; continue }
                append(" ", offset, width); continue
            }
            if ScriptFolding.isDroppedMark(scalar) {
                if !ends.isEmpty { ends[ends.count - 1] = offset + width }
                continue
            }
            // A half-width voicing mark joins the kana before it (`ｶﾞ` → `が`), as it does on screen.
            if let last = scalars.last, let voiced = ScriptFolding.voiced(last, by: scalar) {
                scalars[scalars.count - 1] = voiced; ends[ends.count - 1] = offset + width; continue
            }
            append(Self.fold(scalar), offset, width)
        }
        letters = ScriptFolding.letters(of: scalars)
    }

    private mutating func append(_ scalar: Unicode.Scalar, _ offset: Int, _ width: Int) {
        scalars.append(scalar); starts.append(offset); ends.append(offset + width)
    }

    var count: Int { scalars.count }

    /// The UTF-16 span of normalized scalars `range`.
    func span(_ range: Range<Int>) -> TextSpan {
        guard !range.isEmpty else { return TextSpan(start: 0, end: 0) }
        return TextSpan(start: starts[range.lowerBound], end: ends[range.upperBound - 1])
    }

    /// The normalized scalars covering a UTF-16 range of the original text; nil when none are kept.
    func range(utf16 range: Range<Int>) -> Range<Int>? {
        // `starts` and `ends` are ascending: binary search for the first kept scalar at or after the start.
        var lo = 0, hi = starts.count
        while lo < hi { let mid = (lo + hi) / 2; if starts[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid } }
        var upper = lo
        while upper < ends.count, ends[upper] <= range.upperBound { upper += 1 }
        return lo < upper ? lo..<upper : nil
    }

    /// The original text (hidden characters included) of a UTF-16 span.
    func originalText(_ span: TextSpan) -> String {
        String(decoding: originalUTF16[span.start..<span.end], as: UTF16.self)
    }

    /// The normalized text of a range, e.g. a host name.
    func string(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[range])
        return String(s)
    }

    /// Removed characters strictly inside a range of normalized scalars.
    func hiddenInside(_ range: Range<Int>) -> [Hidden] {
        hidden.filter { $0.position > range.lowerBound && $0.position < range.upperBound }
    }

    /// Characters that change nothing visible, or reorder what is shown: scammers use them to hide a domain.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B...0x200F, 0x202A...0x202E,
             0x2060...0x2064, 0x2066...0x206F, 0xFEFF, 0x3164, 0xFFA0:
            return true
        default:
            return false
        }
    }

    /// Whether a scalar reorders text on screen (right-to-left overrides and isolates).
    static func isDirectionControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) || s.value == 0x200F || s.value == 0x061C
    }

    /// Lower case; full-width ASCII (`ＥＭＳ．ｃｏｍ`), half-width katakana and punctuation (`ｶｽﾀﾑ`, `｡`),
    /// typographic apostrophes and Arabic-Indic digits (`٠٥٥`) folded to their ordinary forms.
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        var v = s.value
        if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            return Unicode.Scalar(v)!
        }
        if let kana = ScriptFolding.fullWidthKana(s) { return kana }
        // Typographic apostrophes (`n’a`, `don’t`) read as the ASCII one.
        if v == 0x2019 || v == 0x2018 || v == 0x2BC { return "'" }
        if (0x660...0x669).contains(v) { return Unicode.Scalar(v - 0x660 + 0x30)! }
        if (0x6F0...0x6F9).contains(v) { return Unicode.Scalar(v - 0x6F0 + 0x30)! }
        // Case exists in the alphabets homoglyphs come from; skip the costly lookup for CJK and the rest.
        guard (0xC0...0x52F).contains(v) else { return s }
        let lower = s.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : s
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    var isASCIIAlnum: Bool { isASCIILetter || isASCIIDigit }
    /// Latin, Greek and Cyrillic letters beyond ASCII: the alphabets homoglyph domains borrow from.
    var isLookalikeLetter: Bool {
        let v = value
        return (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7) || (0x370...0x3FF).contains(v) || (0x400...0x4FF).contains(v)
    }
    /// A letter or digit of a script that separates words with spaces (Latin, Greek, Cyrillic): phrases in
    /// these scripts match whole words. Chinese, Japanese, Korean and Arabic phrases match anywhere, since
    /// words there run together or take particles and prefixes (`결제를`, `والدفع`).
    var isSpacedWordScalar: Bool { isASCIIAlnum || isLookalikeLetter }
}
