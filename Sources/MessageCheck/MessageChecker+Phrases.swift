extension MessageChecker {
    /// Payment, credential, urgency and details-request phrases, skipping negated and excluded ones and those
    /// in the sentences of an anti-fraud warning (`describing`, `warningSentences`), which quote requests.
    /// One signal per kind and matched stretch; overlapping matches of a kind are merged. A `carrier_only` category
    /// weighs fully only where the message claims to be a post, courier or customs (`claimsCarrier`); a match whose
    /// weight comes to 0 (a category's unrequested weight) gives no signal.
    func phraseSignals(in text: NormalizedText, hits: PhraseHits, outside links: [Range<Int>], describing warnings: [Range<Int>] = [],
                       claimsCarrier: Bool = false) -> [Signal] {
        let excluded = hits[.exclusions].map(\.range)
        let cancelled = Set(hits[.cancellations].map(\.tag))
        // After a word naming cash on delivery (`代金引換`, `e-コレクト`), the message lists ways to pay at the door.
        let cashOnDelivery = hits[.cashOnDelivery].first { match in !links.contains { $0.overlaps(match.range) } }
            .map(\.range.upperBound)
        // Grouped by kind, not category: several languages' categories may match the same words (`付款`).
        var byKind: [SignalKind: [(range: Range<Int>, weight: Int)]] = [:]
        // Payment and card words after a pay-the-courier cue in their sentence (`ドライバーに現金、…電子マネー`),
        // and those without one: a stretch is a way to pay on delivery only when all its matches are.
        var atDoor: [Range<Int>] = [], notAtDoor: [Range<Int>] = []
        for match in hits[.phrases] where !cancelled.contains(match.tag) {
            let category = phrases.categories[match.tag]
            if category.kind == .paymentRequest, excluded.contains(where: { $0.overlaps(match.range) }) { continue }
            if links.contains(where: { $0.overlaps(match.range) }) { continue }
            if warnings.contains(where: { $0.contains(match.range.lowerBound) }) { continue }
            let before = clauseBefore(match.range.lowerBound, in: text)
            if !before.isEmpty, hits.any(.negations, endingIn: before) { continue }
            if hits.any(.negationsAfter, endingIn: clauseAfter(match.range.upperBound, in: text, limit: 40)) { continue }
            if hits.any(.paidAfter, endingIn: clauseAfter(match.range.upperBound, in: text, limit: 20), tag: match.tag) { continue }
            var weight = match.weight
            // A request may start inside the phrase and end after it (`番号を教え` + `て`); one wholly inside
            // the phrase (`验证` in `验证码`) is the phrase's own word, not a request.
            let after = clauseAfter(match.range.upperBound, in: text)
            if phrases.requestCueCategories.contains(match.tag), !hits.any(.requestCues, endingIn: before, tag: match.tag),
               !hits.any(.requestCues, endingIn: match.range.lowerBound..<after.upperBound, tag: match.tag, pastIndex: match.range.upperBound),
               !(category.kind == .reshippingJob && hits.any(.requestCues, endingIn: nextSentence(after: match.range.upperBound, in: text), tag: match.tag)) {
                weight = min(weight, category.unrequestedWeight ?? weight)
            }
            if category.carrierOnly == true, !claimsCarrier { weight = min(weight, category.unrequestedWeight ?? 1) }
            guard weight > 0 else { continue }
            byKind[category.kind, default: []].append((match.range, weight))
            if category.kind == .paymentRequest || category.kind == .credentialRequest {
                if isPaidAtDoor(match, weight: weight, category: category, before: before, cashOnDelivery: cashOnDelivery, hits: hits) {
                    atDoor.append(match.range)
                } else {
                    notAtDoor.append(match.range)
                }
            }
        }
        var signals: [Signal] = []
        for (kind, matches) in byKind {
            for merged in Self.merge(matches).prefix(Self.maximumSignalsPerKind) {
                let onDelivery = atDoor.contains { $0.overlaps(merged.range) } && !notAtDoor.contains { $0.overlaps(merged.range) }
                signals.append(signal(kind, weight: merged.weight, range: merged.range, in: text,
                                      details: onDelivery ? [Self.atDeliveryDetail: "true"] : [:]))
            }
        }
        return signals
    }

    /// Whether a payment or card word names a way to pay the courier: after a pay-the-courier cue in its sentence
    /// (`ドライバーに`), or anywhere after a word naming cash on delivery, where a notice lists how to pay at the
    /// door (`代金引換…。お支払いは現金・クレジットカード・電子マネー…`). Gift cards, transfers and codes to send
    /// (`at_door: false`) never are, nor, after cash on delivery, a card's details asked for (`カード番号を入力`).
    func isPaidAtDoor(_ match: PhraseTable.Match, weight: Int, category: RuleBook.PhraseCategory, before: Range<Int>,
                      cashOnDelivery: Int?, hits: PhraseHits) -> Bool {
        guard category.atDoor ?? true else { return false }
        if !before.isEmpty, hits.any(.atDelivery, endingIn: before) { return true }
        guard let cashOnDelivery, cashOnDelivery <= match.range.lowerBound else { return false }
        let askedFor = category.kind == .credentialRequest && (category.requestCues == nil || weight == match.weight)
        return !askedFor
    }

    /// The detail marking a payment or card word that names a way to pay the courier on delivery or at the counter.
    static let atDeliveryDetail = "at_delivery"

    /// Letters and digits of any script: an invisible character between two of them splits a word
    /// (`支\u{200B}付`, `결\u{200B}제`, `اد\u{200C}فع`), which hides it from filters.
    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c.isASCIIAlnum || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// The part of the sentence before `index`, at most `negation_window` characters: where a negation applies.
    func clauseBefore(_ index: Int, in text: NormalizedText) -> Range<Int> {
        var lo = index
        let limit = max(0, index - rules.negationWindow)
        while lo > limit, !Self.endsSentence(at: lo - 1, in: text) { lo -= 1 }
        return lo..<index
    }

    /// The rest of the sentence holding `index` and the whole sentence after it, at most 120 characters: an offer to
    /// forward parcels often names its pay in the next sentence (`…送り直していただけませんか？お礼で1回5,000円…`).
    func nextSentence(after index: Int, in text: NormalizedText) -> Range<Int> {
        let limit = min(text.count, index + 120)
        var hi = index, ends = 0
        while hi < limit {
            if Self.endsSentence(at: hi, in: text) { ends += 1; if ends == 2 { break } }
            hi += 1
        }
        return index..<hi
    }

    /// The part of the sentence after `index`, at most `limit` characters.
    func clauseAfter(_ index: Int, in text: NormalizedText, limit: Int = 30) -> Range<Int> {
        var hi = index
        while hi < min(text.count, index + limit), !Self.endsSentence(at: hi, in: text) { hi += 1 }
        return index..<hi
    }

    /// Whether the scalar at `index` ends a sentence: a sentence mark, except a full stop with a non-space
    /// character on both sides, which joins the parts of a file name, host or number (`伝票_1203.zip`,
    /// `example.com`, `1.5`) instead of ending anything.
    static func endsSentence(at index: Int, in text: NormalizedText) -> Bool {
        let s = text.scalars
        guard isSentenceEnd(s[index]) else { return false }
        guard s[index] == ".", index > 0, index + 1 < s.count else { return true }
        return isBlank(s[index - 1]) || isBlank(s[index + 1])
    }

    private static func isBlank(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }

    /// Sentence ends in the scripts of the rules (Latin, CJK full stops, the Arabic question mark and full stop).
    static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "!", "?", ";", "\n", "。", "！", "？", "；", "؟", "؛", "۔": true
        default: false
        }
    }

    /// Merges overlapping ranges, keeping the heaviest weight.
    static func merge(_ items: [(range: Range<Int>, weight: Int)]) -> [(range: Range<Int>, weight: Int)] {
        let sorted = items.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var out: [(range: Range<Int>, weight: Int)] = []
        for item in sorted {
            if let last = out.last, item.range.lowerBound < last.range.upperBound {
                out[out.count - 1] = (last.range.lowerBound..<max(last.range.upperBound, item.range.upperBound), max(last.weight, item.weight))
            } else {
                out.append(item)
            }
        }
        return out
    }

    /// Invisible or direction-control characters inside words or links (not between emoji, where joiners are normal).
    func hiddenCharacterSignals(in text: NormalizedText, linkRanges: [Range<Int>]) -> [Signal] {
        var spans: [TextSpan] = []
        let s = text.scalars
        for mark in text.hidden {
            let p = mark.position
            let inLink = linkRanges.first { $0.lowerBound < p && p < $0.upperBound }
            let inWord = p > 0 && p < s.count && Self.isWordScalar(s[p - 1]) && (Self.isWordScalar(s[p]) || s[p] == "." || s[p] == "/")
            let range: Range<Int>
            if let link = inLink {
                range = link
            } else if NormalizedText.isDirectionControl(mark.scalar) || inWord {
                // Quote the whole word so the reader sees where the hidden character sits.
                var lo = p, hi = p
                while lo > 0, s[lo - 1] != " ", p - lo < 40 { lo -= 1 }
                while hi < s.count, s[hi] != " ", hi - p < 40 { hi += 1 }
                range = lo..<hi
            } else {
                continue
            }
            // The span always covers the hidden character itself, even at the edge of a word.
            let word: TextSpan = range.isEmpty ? mark.span : text.span(range)
            spans.append(TextSpan(start: Swift.min(word.start, mark.span.start), end: Swift.max(word.end, mark.span.end)))
        }
        return Self.mergeSpans(spans).prefix(Self.maximumSignalsPerKind).map { signal(.hiddenCharacters, weight: 3, span: $0, in: text) }
    }

    /// Merges overlapping UTF-16 spans.
    static func mergeSpans(_ spans: [TextSpan]) -> [TextSpan] {
        var merged: [TextSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1] = TextSpan(start: last.start, end: Swift.max(last.end, span.end))
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
