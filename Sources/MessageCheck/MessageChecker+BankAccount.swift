extension MessageChecker {
    /// Bank accounts given in a message and where they are (the phone scan skips them).
    struct BankAccountFindings {
        var signals: [Signal] = []
        var ranges: [Range<Int>] = []
    }

    /// The fewest digits an account number has (Japanese accounts have 7, IBAN-less European ones more).
    static let minimumAccountDigits = 6
    /// Characters allowed between a cue and its number (`口座番号：1234567`, `普通 1234567`, `account no. 12-34567`).
    static let accountSeparators: Set<Unicode.Scalar> = [" ", ":", "：", "-", "#", "№", ".", "(", ")", "（", "）"]

    /// A bank account to pay into: a cue word (`普通`, `口座番号`, `account number`) followed, across
    /// separators only, by a number of at least six digits (hyphens and spaces inside it allowed). Posts,
    /// couriers and customs do not take fees or duties by transfer to an account given in a message, so in a
    /// message that presents itself as one (`claimsCarrier`) the account is a warning sign and a route of the
    /// sender's own (weight 3); in any other message (a shop that takes transfers) it is information (weight 1).
    func bankAccountSignals(in text: NormalizedText, claimsCarrier: Bool, skipping taken: [Range<Int>]) -> BankAccountFindings {
        var findings = BankAccountFindings()
        let s = text.scalars
        for match in phrases.bankAccountCues.matches(in: text) {
            guard findings.ranges.last.map({ match.range.lowerBound >= $0.upperBound }) ?? true else { continue }
            var i = match.range.upperBound
            var gap = 0
            while i < s.count, !s[i].isASCIIDigit, Self.accountSeparators.contains(s[i]), gap < 4 { i += 1; gap += 1 }
            // An IBAN opens with its country's two letters (`IBAN: DE89 3704 …`).
            if i + 2 < s.count, s[i].isASCIILetter, s[i + 1].isASCIILetter, s[i + 2].isASCIIDigit { i += 2 }
            var end = i, digits = 0
            while end < s.count {
                if s[end].isASCIIDigit { digits += 1; end += 1; continue }
                // A hyphen or space inside the number (`12345-67890123`) counts when a digit follows it.
                if s[end] == "-" || s[end] == " ", end + 1 < s.count, s[end + 1].isASCIIDigit { end += 1; continue }
                break
            }
            guard digits >= Self.minimumAccountDigits, end == s.count || !s[end].isASCIIAlnum else { continue }
            let range = match.range.lowerBound..<end
            guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
            findings.ranges.append(range)
            guard findings.signals.count < Self.maximumSignalsPerKind else { continue }
            findings.signals.append(signal(.bankAccount, weight: claimsCarrier ? 3 : 1, range: range, in: text))
        }
        return findings
    }
}
