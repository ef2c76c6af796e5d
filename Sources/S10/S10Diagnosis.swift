/// Finds every problem in a normalized input that is not a valid number, in input order.
struct S10Diagnosis {
    /// At most this many `characters` errors are listed, so 10 KB of pasted text gives a readable answer.
    static let maximumCharacterErrors = 10

    let characters: [Character]
    let bytes: [UInt8]  // ASCII letter or digit per character, 0 for anything else

    init(_ characters: [Character]) {
        self.characters = characters
        self.bytes = characters.map { c in
            guard let a = c.asciiValue, S10Diagnosis.isLetter(a) || S10Diagnosis.isDigit(a) else { return 0 }
            return a
        }
    }

    var errors: [S10Error] {
        if characters.isEmpty { return [S10Error(.empty)] }
        var found: [S10Error] = []
        let missingCountry = looksLikeMissingCountry, cutCountry = looksLikeCutCountry
        if characters.count != 13, !missingCountry, !cutCountry {
            found.append(S10Error(.length, expected: "13", found: String(characters.count)))
        }
        var listed = 0
        for (i, b) in bytes.enumerated() where b == 0 && listed < Self.maximumCharacterErrors {
            found.append(S10Error(.characters, position: i + 1, found: String(characters[i])))
            listed += 1
        }
        if characters.count == 13 || missingCountry || cutCountry {
            found += sectionErrors(missingCountry: missingCountry, cutCountry: cutCountry)
        }
        // Stable by position: whole-input errors (no position) first, then left to right.
        return found.enumerated().sorted { a, b in
            let pa = a.element.position ?? 0, pb = b.element.position ?? 0
            return pa != pb ? pa < pb : a.offset < b.offset
        }.map(\.element)
    }

    /// Eleven characters shaped like a number without its country: two letters, then nine digits.
    var looksLikeMissingCountry: Bool {
        bytes.count == 11 && Self.isLetter(bytes[0]) && Self.isLetter(bytes[1]) && bytes[2...].allSatisfy(Self.isDigit)
    }

    /// Twelve characters shaped like a number whose country lost a letter: two letters, nine digits, one letter
    /// (a pasted number cut short is the usual cause).
    var looksLikeCutCountry: Bool {
        bytes.count == 12 && Self.isLetter(bytes[0]) && Self.isLetter(bytes[1]) && bytes[2..<11].allSatisfy(Self.isDigit)
            && Self.isLetter(bytes[11])
    }

    private func sectionErrors(missingCountry: Bool, cutCountry: Bool) -> [S10Error] {
        var found: [S10Error] = []
        if let e = serviceIndicatorError() { found.append(e) }
        let serial = bytes[2..<10]
        if let bad = serial.firstIndex(where: Self.isLetter) {
            found.append(S10Error(.serial, position: bad + 1, expected: Self.lookAlikeFix(serial, toDigits: true),
                                  found: text(2..<10)))
        }
        if let e = checkDigitError() { found.append(e) }
        if missingCountry {
            found.append(S10Error(.countryMissing, position: 12))
        } else if cutCountry {
            found.append(S10Error(.countryIncomplete, position: 12, found: text(11..<12)))
        } else if let e = countryError() {
            found.append(e)
        }
        return found
    }

    private func serviceIndicatorError() -> S10Error? {
        let s0 = bytes[0], s1 = bytes[1]
        if Self.isDigit(s0) || Self.isDigit(s1) {
            return S10Error(.serviceIndicator, position: Self.isDigit(s0) ? 1 : 2,
                            expected: Self.lookAlikeFix(bytes[0..<2], toDigits: false), found: text(0..<2))
        }
        if Self.isLetter(s0), Self.isLetter(s1), !S10Rules.isServiceIndicatorAllowed(s0, s1) {
            return S10Error(.serviceIndicatorReserved, position: 1, found: text(0..<2))
        }
        return nil
    }

    private func checkDigitError() -> S10Error? {
        let c = bytes[10]
        let serialDigits = bytes[2..<10].allSatisfy(Self.isDigit)
        let expected = serialDigits ? S10Number.checkDigit(forSerial: serialValue) : nil
        if Self.isLetter(c) {
            return S10Error(.checkDigit, position: 11, expected: expected.map { String($0) }, found: text(10..<11))
        }
        if let expected, Self.isDigit(c), c - 48 != expected {
            return S10Error(.checkDigit, position: 11, expected: String(expected), found: text(10..<11))
        }
        return nil
    }

    private func countryError() -> S10Error? {
        let c0 = bytes[11], c1 = bytes[12]
        guard c0 != 0, c1 != 0 else { return nil }  // already reported as characters
        if Self.isLetter(c0), Self.isLetter(c1), Country.isAssigned(c0, c1) { return nil }
        let letters = Self.isLetter(c0) && Self.isLetter(c1)
        return S10Error(.countryUnknown, position: 12,
                        expected: letters ? nil : Self.lookAlikeFix(bytes[11..<13], toDigits: false), found: text(11..<13))
    }

    private var serialValue: UInt32 { bytes[2..<10].reduce(0) { $0 * 10 + UInt32($1 - 48) } }

    private func text(_ range: Range<Int>) -> String { String(characters[range]) }

    /// The section with look-alikes swapped into the right kind (letters ↔ digits), or nil when that is not possible.
    static func lookAlikeFix(_ section: ArraySlice<UInt8>, toDigits: Bool) -> String? {
        var fixed: [UInt8] = []
        for b in section {
            if toDigits ? isDigit(b) : isLetter(b) { fixed.append(b); continue }
            guard let alike = (toDigits ? S10LookAlikes.digit(for: b) : S10LookAlikes.letters(for: b).first) else { return nil }
            fixed.append(alike)
        }
        return String(decoding: fixed, as: UTF8.self)
    }

    static func isLetter(_ b: UInt8) -> Bool { b &- 65 < 26 }
    static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
}
