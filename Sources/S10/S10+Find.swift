/// One S10-looking number found in free text, valid or not.
public struct S10Match: Sendable, Hashable {
    /// Where the number is in the searched text.
    public let range: Range<String.Index>
    /// The number as written in the text (separators included).
    public let text: Substring
    /// The full check of that text.
    public let validation: S10Validation
}

extension S10 {
    /// Finds every S10-looking number in free text (an SMS, an e-mail, a pasted receipt), in order:
    /// two letters, nine digits and two letters (`EE123456785CN`, `ee123456785cn`, full-width forms), or two
    /// letters and nine digits (a number missing its country). Upper-case numbers may be split into groups
    /// by single spaces, dashes or dots (`EE 123 456 785 CN`). Never matches inside a longer run of letters
    /// and digits, so order numbers, phone numbers and words are left alone. Invalid ones (wrong check
    /// digit, reserved service, unknown country) are returned too, with their errors and suggestions.
    public static func find(in text: String) -> [S10Match] {
        var matches: [S10Match] = []
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        var previousIsAlphanumeric = false
        while i < scalars.endIndex {
            if !previousIsAlphanumeric, let end = matchEnd(in: scalars, from: i),
               i.samePosition(in: text) != nil, end.samePosition(in: text) != nil {
                let found = text[i..<end]
                matches.append(S10Match(range: i..<end, text: found, validation: validate(String(found))))
                i = end
                previousIsAlphanumeric = false
                continue
            }
            previousIsAlphanumeric = isAlphanumeric(scalars[i])
            scalars.formIndex(after: &i)
        }
        return matches
    }

    /// The end of a number starting at `start`, or nil when none starts there.
    private static func matchEnd(in scalars: String.UnicodeScalarView, from start: String.Index) -> String.Index? {
        var cursor = TextCursor(scalars: scalars, index: start)
        guard let s0 = cursor.letter(), let s1 = cursor.letter() else { return nil }
        let spaced = isUpper(s0) && isUpper(s1)  // groups split by separators only in upper-case numbers
        var digits = 0
        while digits < 9 {
            if cursor.digit() { digits += 1; continue }
            guard spaced, cursor.skipSeparators(), cursor.peekDigit else { return nil }
        }
        if cursor.peekDigit { return nil }  // a longer run of digits: some other kind of number
        let afterDigits = cursor.index
        if cursor.letter() != nil {
            guard cursor.letter() != nil, cursor.atBoundary else { return nil }
            return cursor.index
        }
        guard cursor.atBoundary else { return nil }
        if spaced, cursor.skipSeparators(), let c0 = cursor.letter(), let c1 = cursor.letter(),
           isUpper(c0), isUpper(c1), cursor.atBoundary {
            return cursor.index
        }
        return afterDigits  // eleven characters: the country is missing
    }

    private static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
}

/// Walks unicode scalars, folding full-width forms, for `S10.find(in:)`.
private struct TextCursor {
    let scalars: String.UnicodeScalarView
    var index: String.Index

    private func folded(_ i: String.Index) -> UInt32? {
        guard i < scalars.endIndex else { return nil }
        let v = scalars[i].value
        return v >= 0xFF01 && v <= 0xFF5E ? v - 0xFEE0 : v
    }

    /// Consumes one ASCII (or full-width) letter and returns it as typed-case ASCII.
    mutating func letter() -> UInt8? {
        guard let v = folded(index), (v | 0x20) >= 0x61, (v | 0x20) <= 0x7A else { return nil }
        scalars.formIndex(after: &index)
        return UInt8(v)
    }

    /// Consumes one digit.
    mutating func digit() -> Bool {
        guard peekDigit else { return false }
        scalars.formIndex(after: &index)
        return true
    }

    var peekDigit: Bool {
        guard let v = folded(index) else { return false }
        return v >= 0x30 && v <= 0x39
    }

    /// Whether the next scalar cannot continue a token (end of text, punctuation, space, CJK…).
    var atBoundary: Bool {
        guard index < scalars.endIndex else { return true }
        return !S10.isAlphanumeric(scalars[index])
    }

    /// Consumes one to three separators within a line (spaces, dashes, dots, zero-width marks).
    mutating func skipSeparators() -> Bool {
        var count = 0
        while count < 3, index < scalars.endIndex {
            let scalar = scalars[index]
            guard !"\n\r\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains(scalar), S10.fold(scalar) == nil else { break }
            scalars.formIndex(after: &index)
            count += 1
        }
        return count > 0
    }
}
