import S10

/// A stretch of a message that looks like a UPU S10 number (2 letters, 8–10 digits, 2 letters), valid or not.
struct TrackingCandidate {
    let range: Range<Int>
    /// The number when it is valid.
    let number: S10Number?
    /// A fragment key naming what is wrong: `wrong_length`, `bad_check_digit`, `bad_service`, `bad_country`.
    let problem: String

    /// Candidates in normalized (lower-case) text. Near misses with 8 or 10 digits count, since a
    /// fake number is often one digit off; spaces inside a number are not followed.
    static func find(in text: NormalizedText) -> [TrackingCandidate] {
        let s = text.scalars
        var out: [TrackingCandidate] = []
        var i = 0
        while i + 12 <= s.count {
            guard s[i].isASCIILetter, s[i + 1].isASCIILetter, i == 0 || !s[i - 1].isASCIIAlnum else { i += 1; continue }
            var j = i + 2
            while j < s.count, s[j].isASCIIDigit { j += 1 }
            let digits = j - i - 2
            guard (8...10).contains(digits), j + 2 <= s.count, s[j].isASCIILetter, s[j + 1].isASCIILetter,
                  j + 2 == s.count || !s[j + 2].isASCIIAlnum
            else { i += 1; continue }
            let bytes = s[i..<(j + 2)].map { UInt8(ascii: $0.isASCIILetter ? Unicode.Scalar($0.value - 32)! : $0) }
            out.append(TrackingCandidate(range: i..<(j + 2), number: S10Number(bytes: bytes), problem: problem(bytes, digits: digits)))
            i = j + 2
        }
        return out
    }

    /// What is wrong with an invalid candidate (empty when valid).
    static func problem(_ b: [UInt8], digits: Int) -> String {
        guard digits == 9 else { return "wrong_length" }
        if S10Number(bytes: b) != nil { return "" }
        if !S10Rules.isServiceIndicatorAllowed(b[0], b[1]) { return "bad_service" }
        if !Country.isAssigned(b[11], b[12]) { return "bad_country" }
        let serial = b[2..<10].reduce(UInt32(0)) { $0 * 10 + UInt32($1 - 48) }
        if S10Number.checkDigit(forSerial: serial) != b[10] - 48 { return "bad_check_digit" }
        return "invalid"
    }
}
