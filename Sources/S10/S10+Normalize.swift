/// Entry points of the S10 library: validation, normalization, suggestions and search in free text.
public enum S10 {}

extension S10 {
    /// Cleans up what people type or paste: drops spaces of every kind (incl. U+00A0 and U+3000), tabs,
    /// line breaks, zero-width and direction marks, dashes, dots, slashes and underscores; folds
    /// full-width forms (U+FF01–U+FF5E) to ASCII; upper-cases ASCII letters. Other characters are kept
    /// so that validation can point at them.
    public static func normalize(_ input: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            if let kept = fold(scalar) { out.append(kept) }
        }
        return String(out)
    }

    /// One scalar after folding, or nil when normalization drops it.
    @inlinable static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        var v = scalar.value
        if v >= 0xFF01, v <= 0xFF5E { v -= 0xFEE0 }  // full-width ASCII typed with CJK input methods
        if v < 0x80 {
            switch UInt8(v) {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return Unicode.Scalar(UInt8(v) - 32)
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "_"),
                 0x09...0x0D, 0x20: return nil
            default: return Unicode.Scalar(UInt8(v))
            }
        }
        return isIgnorable(v) ? nil : Unicode.Scalar(v)
    }

    /// Non-ASCII separators and invisible characters that people paste along with a number.
    @usableFromInline static func isIgnorable(_ v: UInt32) -> Bool {
        switch v {
        case 0x85, 0xA0, 0xAD, 0xB7, 0x1680, 0x180E,
             0x2000...0x200F,  // spaces, zero-width space/joiners, LRM/RLM
             0x2010...0x2015,  // hyphens and dashes
             0x2024, 0x2027, 0x2028, 0x2029,
             0x202A...0x202F,  // bidi embeddings, narrow no-break space
             0x2044, 0x205F, 0x2060...0x2064, 0x2066...0x2069,
             0x2212, 0x2215, 0x2E3A, 0x2E3B, 0x3000, 0x3002, 0x30FB,
             0xFE58, 0xFE63, 0xFEFF, 0xFF61, 0xFF64, 0xFF65:
            return true
        default:
            return false
        }
    }

    /// Whether a scalar, after folding, is an ASCII letter or digit (used to find token boundaries).
    @inlinable static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        var v = scalar.value
        if v >= 0xFF01, v <= 0xFF5E { v -= 0xFEE0 }
        return (v >= 0x30 && v <= 0x39) || (v | 0x20 >= 0x61 && v | 0x20 <= 0x7A)
    }
}
