extension MessageChecker {
    /// The sentences of a message that describe a fraud rather than ask for anything. A message that names a
    /// fraud (`fraud_words`: `詐欺`, `を装った`, `scam`, `冒充`, outside links) is a warning; in it, a sentence
    /// naming the fraud or holding a negation (`当社が…ことはありません`, `we never…`) is a warning sentence, and
    /// so is the sentence before it, the one it refers to: an anti-fraud notice describes what fraudsters
    /// ask for (`QRコードを読み取らせて個人情報を入力させる詐欺が…`) and denies it in the next sentence.
    /// Requests in these sentences are quoted, not made. A message that names no fraud has none.
    func warningSentences(in text: NormalizedText, outside links: [Range<Int>]) -> [Range<Int>] {
        let outsideLinks = { (match: PhraseTable.Match) in !links.contains { $0.overlaps(match.range) } }
        let fraud = phrases.fraudWords.matches(in: text).filter(outsideLinks)
        guard !fraud.isEmpty else { return [] }
        let negated = (phrases.negations.matches(in: text) + phrases.negationsAfter.matches(in: text)).filter(outsideLinks)
        let sentences = Self.sentences(in: text, outside: links)
        // Each scalar's sentence, so marking the warning sentences is linear in the text.
        var sentenceOf = [Int](repeating: 0, count: text.count)
        for (index, sentence) in sentences.enumerated() { for i in sentence { sentenceOf[i] = index } }
        var warning = [Bool](repeating: false, count: sentences.count)
        for match in fraud + negated { warning[sentenceOf[match.range.lowerBound]] = true }
        var covered: [Range<Int>] = []
        for (index, sentence) in sentences.enumerated() where warning[index] {
            let start = index > 0 ? sentences[index - 1].lowerBound : sentence.lowerBound
            if let last = covered.last, last.upperBound >= start {
                covered[covered.count - 1] = last.lowerBound..<sentence.upperBound
            } else {
                covered.append(start..<sentence.upperBound)
            }
        }
        return covered
    }

    /// The sentences of a text, each with its closing mark; a full stop inside a link (`www.post.japanpost.jp`)
    /// ends none.
    static func sentences(in text: NormalizedText, outside links: [Range<Int>]) -> [Range<Int>] {
        var sentences: [Range<Int>] = [], start = 0
        var link = links.sorted { $0.lowerBound < $1.lowerBound }.makeIterator(), next = link.next()
        for index in 0..<text.count where isSentenceEnd(text.scalars[index]) {
            while let current = next, current.upperBound <= index { next = link.next() }
            if let current = next, current.contains(index) { continue }
            sentences.append(start..<(index + 1))
            start = index + 1
        }
        if start < text.count { sentences.append(start..<text.count) }
        return sentences
    }
}
