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
    /// separators only, by a number of at least six digits (hyphens and spaces inside it allowed); or a payment
    /// app's ID or a payment number (`PayPay ID「sagawa-fee8」`, `お客様番号 3920 4471 8826`): a `payment_id_cues`
    /// word followed by an ID of at least four letters, digits, `-`, `_` or `.`. Posts, couriers and customs do
    /// not take fees or duties by transfer to an account or ID given in a message, so in a message that presents
    /// itself as one (`claimsCarrier`) it is a warning sign and a route of the sender's own (weight 3); in any
    /// other message (a shop that takes transfers, a friend's PayPay ID) it is information (weight 1), unless the
    /// message threatens legal action, arrest or seizure (`legal_threats`) or offers a pretext for money to an account
    /// (`route_pretexts`: a fee to cancel what was never ordered, an overpayment to refund, a prize, a job, transfers
    /// only), outside the sentences of a warning: an account of the sender's own behind a threat or a story is a route
    /// whoever sends it. An account followed in its
    /// sentence by a paid-out word (`へ送金いたしました`), or after one (`has been transferred to`), is where money went, and gives
    /// no signal.
    func bankAccountSignals(in text: NormalizedText, hits: PhraseHits, claimsCarrier: Bool, skipping taken: [Range<Int>],
                            describing warnings: [Range<Int>] = []) -> BankAccountFindings {
        var findings = BankAccountFindings()
        let outsideWarnings = { (match: PhraseTable.Match) in !warnings.contains { $0.contains(match.range.lowerBound) } }
        let route = claimsCarrier || hits[.legalThreats].contains(where: outsideWarnings) || hits[.routePretexts].contains(where: outsideWarnings)
        let cues = hits[.bankAccountCues].map { ($0, false) } + hits[.paymentIDCues].map { ($0, true) }
        for (match, isID) in cues.sorted(by: { $0.0.range.lowerBound < $1.0.range.lowerBound }) {
            guard findings.ranges.last.map({ match.range.lowerBound >= $0.upperBound }) ?? true else { continue }
            guard let end = isID ? paymentIDEnd(after: match.range.upperBound, in: text)
                    : accountNumberEnd(after: match.range.upperBound, in: text) else { continue }
            let range = match.range.lowerBound..<end
            guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
            findings.ranges.append(range)
            guard findings.signals.count < Self.maximumSignalsPerKind, !isPaidOut(range, in: text, hits: hits) else { continue }
            findings.signals.append(signal(.bankAccount, weight: route ? 3 : 1, range: range, in: text))
        }
        return findings
    }

    /// Whether a paid-out word comes before the account in its sentence (`has been transferred to account number …`)
    /// or just after it (`…口座（普通 1234567）へ送金いたしました`).
    private func isPaidOut(_ account: Range<Int>, in text: NormalizedText, hits: PhraseHits) -> Bool {
        let before = clauseBefore(account.lowerBound, in: text)
        return !before.isEmpty && hits.any(.paidOut, endingIn: before) || hits.any(.paidOut, endingIn: clauseAfter(account.upperBound, in: text))
    }

    /// The end of an account number of at least six digits after a cue, across separators only.
    private func accountNumberEnd(after start: Int, in text: NormalizedText) -> Int? {
        let s = text.scalars
        var i = start, gap = 0
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
        return digits >= Self.minimumAccountDigits && (end == s.count || !s[end].isASCIIAlnum) ? end : nil
    }

    /// The end of a payment ID of at least four characters after a cue, across separators, quotes and `@`; digit
    /// groups may be split by spaces (`3920 4471 8826`). A full stop at the end of the ID ends the sentence.
    private func paymentIDEnd(after start: Int, in text: NormalizedText) -> Int? {
        let s = text.scalars
        var i = start, gap = 0
        while i < s.count, !s[i].isASCIIAlnum, Self.accountSeparators.contains(s[i]) || Self.idMarks.contains(s[i]), gap < 4 {
            i += 1; gap += 1
        }
        var end = i
        while end < s.count {
            let c = s[end]
            if c.isASCIIAlnum || c == "_" || c == "-" { end += 1; continue }
            if c == "." || c == " ", end > i, end + 1 < s.count, s[end - 1].isASCIIAlnum, s[end + 1].isASCIIAlnum,
               c == "." || s[end - 1].isASCIIDigit && s[end + 1].isASCIIDigit {
                end += 1; continue
            }
            break
        }
        return end - i >= Self.minimumPaymentIDLength ? end : nil
    }

    /// The fewest characters a payment ID has.
    static let minimumPaymentIDLength = 4
    /// Quotes around an ID and the marks of a handle (`PayPay ID「sagawa-fee8」`, `Venmo @name`, `$cashtag`).
    static let idMarks: Set<Unicode.Scalar> = ["「", "『", "\"", "'", "“", "‘", "＂", "@", "$"]
}
