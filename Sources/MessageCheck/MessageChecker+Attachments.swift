extension MessageChecker {
    /// Requests to open an attached file: an attachment word (`添付`, `attachment`, `附件`) with an opening word
    /// (`開いて`, `open`, `打开`) in its sentence, before it or within 30 characters after, or a file name whose
    /// extension marks an archive, a program or a web page (`伝票_1203.zip`, `不在通知書.html`; `attachments.json`),
    /// which is sent to be opened. Such a file can install malicious software or open a fake page where the
    /// reader sees no address. Posts, couriers and customs do not send waybills or notices to open as files, so
    /// in a message that presents itself as one (`claimsCarrier`) the request is a warning sign and a route of
    /// the sender's own (weight 3); elsewhere (a colleague's invoice) it is information (weight 1). Negated
    /// requests, files inside links and requests quoted by a warning (`describing`) do not count.
    func attachmentSignals(in text: NormalizedText, hits: PhraseHits, claimsCarrier: Bool, skipping links: [Range<Int>],
                           describing warnings: [Range<Int>]) -> [Signal] {
        let quoted = { (range: Range<Int>) in
            links.contains { $0.overlaps(range) } || warnings.contains { $0.contains(range.lowerBound) }
        }
        var ranges: [Range<Int>] = []
        for match in hits[.attachments] where !quoted(match.range) {
            if let last = ranges.last, match.range.lowerBound < last.upperBound { continue }
            let before = clauseBefore(match.range.lowerBound, in: text)
            let after = clauseAfter(match.range.upperBound, in: text)
            guard hits.any(.attachmentOpenCues, endingIn: before) || hits.any(.attachmentOpenCues, endingIn: after) else { continue }
            if !before.isEmpty, hits.any(.negations, endingIn: before) { continue }
            if hits.any(.negationsAfter, endingIn: clauseAfter(match.range.upperBound, in: text, limit: 40)) { continue }
            ranges.append(match.range)
        }
        ranges += riskyFileNames(in: text).filter { !quoted($0) }
        let merged = Self.merge(ranges.map { (range: $0, weight: 0) }).map(\.range)
        return merged.prefix(Self.maximumSignalsPerKind).map { signal(.attachment, weight: claimsCarrier ? 3 : 1, range: $0, in: text) }
    }

    /// The longest file name read back from its extension, in characters.
    static let maximumFileNameLength = 60

    /// File names ending in an extension of `attachments.json` (`.zip`, `.exe`, `.html`): at least one name
    /// character (a letter or digit of any script, `_`, `-`, `.`) before the dot, and no letter or digit after
    /// the extension.
    func riskyFileNames(in text: NormalizedText) -> [Range<Int>] {
        guard !phrases.attachmentExtensions.isEmpty else { return [] }
        let s = text.scalars
        var found: [Range<Int>] = []
        for dot in s.indices where s[dot] == "." && dot > 0 && Self.isFileNameScalar(s[dot - 1]) {
            var end = dot + 1
            while end < s.count, s[end].isASCIIAlnum, end - dot <= 5 { end += 1 }
            guard end == s.count || !s[end].isASCIIAlnum,
                  phrases.attachmentExtensions.contains(Array(s[(dot + 1)..<end])) else { continue }
            var start = dot
            while start > 0, Self.isFileNameScalar(s[start - 1]), dot - start < Self.maximumFileNameLength { start -= 1 }
            found.append(start..<end)
        }
        return found
    }

    static func isFileNameScalar(_ c: Unicode.Scalar) -> Bool {
        isWordScalar(c) || c == "_" || c == "-" || c == "."
    }
}
