/// The message as the rules see it: lower-case, full-width forms folded to ASCII, runs of white space
/// collapsed, invisible and direction-control characters removed. Every kept scalar remembers its
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
            append(Self.fold(scalar), offset, width)
        }
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

    /// Lower case, and full-width ASCII (`ＥＭＳ．ｃｏｍ`) folded to ASCII.
    static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
        var v = s.value
        if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { v += 0x20 }
            return Unicode.Scalar(v)!
        }
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
}
