extension MessageChecker {
    /// The sentences of a message that describe a fraud rather than ask for anything. A message that names a
    /// fraud or an impersonation (`fraud_words`: `詐欺`, `を装った`, `を名乗り`, `scam`, `冒充`, outside links) is a
    /// warning; in it, a sentence naming the fraud, with the sentences before and after it, and a sentence
    /// holding a negation (`当社が…ことはありません`, `we never…`), with the one before it, are warning sentences:
    /// an anti-fraud notice describes what fraudsters ask for before or after it names them
    /// (`宅配業者を装ったSMSにご注意ください。SMSのリンクからカード番号を入力すると…`) and denies it in the next
    /// sentence. Requests in these sentences are quoted, not made. A message that names no fraud has none.
    func warningSentences(in text: NormalizedText, hits: PhraseHits, outside links: [Range<Int>]) -> [Range<Int>] {
        let outsideLinks = { (match: PhraseTable.Match) in !links.contains { $0.overlaps(match.range) } }
        let fraud = hits[.fraudWords].filter(outsideLinks)
        guard !fraud.isEmpty else { return [] }
        let negated = (hits[.negations] + hits[.negationsAfter]).filter(outsideLinks)
        let sentences = Self.sentences(in: text, outside: links)
        // Each scalar's sentence, so marking the warning sentences is linear in the text.
        var sentenceOf = [Int](repeating: 0, count: text.count)
        for (index, sentence) in sentences.enumerated() { for i in sentence { sentenceOf[i] = index } }
        var warning = [Bool](repeating: false, count: sentences.count)
        for (matches, after) in [(fraud, 1), (negated, 0)] {
            for match in matches {
                let index = sentenceOf[match.range.lowerBound]
                for covered in max(0, index - 1)...min(sentences.count - 1, index + after) { warning[covered] = true }
            }
        }
        var covered: [Range<Int>] = []
        for (index, sentence) in sentences.enumerated() where warning[index] {
            if let last = covered.last, last.upperBound >= sentence.lowerBound {
                covered[covered.count - 1] = last.lowerBound..<sentence.upperBound
            } else {
                covered.append(sentence)
            }
        }
        return covered
    }

    /// The sentences of a text, each with its closing mark; a full stop inside a link (`www.post.japanpost.jp`)
    /// or between two non-space characters (`伝票_1203.zip`) ends none.
    static func sentences(in text: NormalizedText, outside links: [Range<Int>]) -> [Range<Int>] {
        var sentences: [Range<Int>] = [], start = 0
        var link = links.sorted { $0.lowerBound < $1.lowerBound }.makeIterator(), next = link.next()
        for index in 0..<text.count where endsSentence(at: index, in: text) {
            while let current = next, current.upperBound <= index { next = link.next() }
            if let current = next, current.contains(index) { continue }
            sentences.append(start..<(index + 1))
            start = index + 1
        }
        if start < text.count { sentences.append(start..<text.count) }
        return sentences
    }
}
