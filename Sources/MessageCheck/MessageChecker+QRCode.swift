extension MessageChecker {
    /// Requests to scan a QR code: a QR word (`QRコード`, `QR code`, `二维码`) with a scanning word (`読み取`, `scan`,
    /// `扫`) in its sentence, before it or within 30 characters after (`QRコードをスマートフォンで読み取って`). A code printed in a
    /// message or attached to it leads wherever its sender chose, like a link, but the reader cannot see the
    /// address before opening it. Posts, couriers and customs send their notices with addresses on their own
    /// sites, so in a message that presents itself as one (`claimsCarrier`) the request is a warning sign and a
    /// route of the sender's own (weight 3); elsewhere (a shop's coupon, a locker's pick-up code) it is
    /// information (weight 1). Negated requests (`QRコードを読み取らせることはありません`) and requests a warning
    /// quotes (`describing`, `warningSentences`) do not count.
    func qrCodeSignals(in text: NormalizedText, hits: PhraseHits, claimsCarrier: Bool, describing warnings: [Range<Int>] = []) -> [Signal] {
        var ranges: [Range<Int>] = []
        for match in hits[.qrCodes] where !warnings.contains(where: { $0.contains(match.range.lowerBound) }) {
            if let last = ranges.last, match.range.lowerBound < last.upperBound { continue }
            let before = clauseBefore(match.range.lowerBound, in: text)
            guard hits.any(.qrScanCues, endingIn: before)
                || hits.any(.qrScanCues, endingIn: clauseAfter(match.range.upperBound, in: text)) else { continue }
            if !before.isEmpty, hits.any(.negations, endingIn: before) { continue }
            if hits.any(.negationsAfter, endingIn: clauseAfter(match.range.upperBound, in: text, limit: 40)) { continue }
            ranges.append(match.range)
        }
        return ranges.prefix(Self.maximumSignalsPerKind).map { signal(.qrCode, weight: claimsCarrier ? 3 : 1, range: $0, in: text) }
    }
}
