import PostTraceCore

extension MessageChecker {
    /// Score at or above which a message is likely a scam.
    static let likelyScamScore = 6
    /// Score at or above which a message is suspicious.
    static let suspiciousScore = 3

    /// Derives the verdict: the score is the sum of the heaviest warning sign of each kind (repeating one
    /// phrase does not add up); some combinations are decisive on their own, e.g. a request for money
    /// or card details together with a link that is not the operator's; pressure to call a number nobody
    /// published is suspicious on its own (the call-back scam needs no link). A message that presents itself as
    /// a post, courier or customs (`claimsCarrier`) and asks to be called on an unpublished number that is not
    /// a free-dial line, or contacted through a chat app or by reply, is suspicious whatever else it says; a bank
    /// account to pay into, a QR code to scan or a file to open given by such a message is a route of its own, like an
    /// unofficial link.
    func verdict(for signals: [Signal], claimed: [PostalOperator], claimsCarrier: Bool) -> MessageCheckResult {
        var heaviest: [SignalKind: Int] = [:]
        for signal in signals { heaviest[signal.kind] = max(heaviest[signal.kind] ?? 0, signal.weight) }
        // Information (weight 1 or 0) is shown but never adds up to a warning: a verdict other than
        // no_warning_signs always rests on at least one warning sign.
        let score = heaviest.values.filter { $0 >= 2 }.reduce(0, +)
        let w = { (kind: SignalKind) in heaviest[kind] ?? 0 }
        let deceptiveLink = w(.linkLookalike) + w(.linkHomoglyph) + w(.linkPunycode) + w(.linkIPAddress) + w(.linkShortener) + w(.hiddenCharacters) > 0
        let badContact = deceptiveLink || w(.linkNotOfficial) >= 2 || w(.phoneNotPublished) >= 1 || w(.contactOutside) > 0
            || w(.bankAccount) >= 2 || w(.qrCode) >= 2 || w(.attachment) >= 2
        // A number the message presents as the courier's own is normal in a delivery notice; any other is a call-back route.
        let callBack = signals.contains { $0.kind == .phoneNotPublished && $0.details["courier"] == nil }
        let callBackOffLine = signals.contains { $0.kind == .phoneNotPublished && $0.details["courier"] == nil && $0.details["toll_free"] == nil }
        let asks = w(.paymentRequest) >= 3 || w(.credentialRequest) >= 3
        let verdict: Verdict
        if score >= Self.likelyScamScore || (asks && badContact) || (w(.credentialRequest) >= 3 && w(.urgency) >= 2) {
            verdict = .likelyScam
        } else if score >= Self.suspiciousScore || deceptiveLink || (w(.urgency) >= 2 && callBack)
                    || (claimsCarrier && (callBackOffLine || w(.contactOutside) >= 2)) {
            verdict = .suspicious
        } else {
            verdict = .noWarningSigns
        }
        return MessageCheckResult(verdict: verdict, score: score, summary: rules.summary(verdict), signals: signals,
                                  claimedOperators: claimed.map(\.id))
    }
}
