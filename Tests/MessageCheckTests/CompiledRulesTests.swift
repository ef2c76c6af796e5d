import Foundation
@testable import MessageCheck
import PostTraceCore
import Testing

/// The checker's compiled forms (the phrase trie, texts filled when read, brands compared as bytes, official
/// domains looked up by name) against the plain forms they replace, on corpus and generated text.
@Suite("Compiled rules agree with the plain rules")
struct CompiledRulesTests {
    static let compiled = CompiledPhrases(rules: .shipped, directory: .shipped)

    /// Entry indices by first scalar (each digit for `#`), in the order added.
    static let byFirst: [Unicode.Scalar: [Int]] = {
        var index: [Unicode.Scalar: [Int]] = [:]
        for (n, entry) in compiled.table.entries.enumerated() {
            let first = entry.pattern[0]
            for key in first == "#" ? Array("0123456789".unicodeScalars) : [first] { index[key, default: []].append(n) }
        }
        return index
    }()

    /// Every entry tried at every position where its first scalar (a digit for `#`) is read, in the order added:
    /// what the phrase table did before it became a trie.
    static func naiveMatches(_ table: PhraseTable, in text: NormalizedText) -> [PhraseTable.List: [PhraseTable.Match]] {
        var found: [PhraseTable.List: [PhraseTable.Match]] = [:]
        let s = text.letters
        for i in s.indices {
            for n in byFirst[s[i]] ?? [] {
                let entry = table.entries[n]
                guard let end = PhraseTable.match(entry, in: s, at: i) else { continue }
                found[entry.list, default: []].append(PhraseTable.Match(range: i..<end, weight: entry.weight, tag: entry.tag))
            }
        }
        return found
    }

    /// Text made of rule phrases (wildcards written out), pieces of them, digits, look-alikes and noise.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        let phrases = compiled.table.entries.map { entry in
            String(String.UnicodeScalarView(entry.pattern.flatMap { p -> [Unicode.Scalar] in
                switch p {
                case "#": return Array("2024".unicodeScalars)
                case "*": return Array("ab-c".unicodeScalars)
                case "~": return Array("xyz".unicodeScalars)
                default: return [p]
                }
            }))
        }
        let noise = [" ", "", "a", "1", "12,000", ".", "。", "\n", "-", "é", "а", "ア", "ｶﾞ", "\u{200B}", "PAY", "WebMoney", "~", "#", "*"]
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...30, using: &rng)).map { _ in
                let phrase = phrases.randomElement(using: &rng)!
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: return noise.randomElement(using: &rng)!
                case 1: return String(phrase.prefix(Int.random(in: 0...phrase.count, using: &rng)))
                default: return phrase
                }
            }.joined(separator: noise.randomElement(using: &rng)!)
        }
    }

    static var corpusTexts: [String] {
        (LabelledMessage.corpus + LabelledMessage.tuning.values.joined() + LabelledMessage.heldOut.values.joined()).map(\.text)
    }

    @Test("the phrase trie finds what trying every phrase at every position finds, list by list and in order")
    func trieMatchesNaiveScan() {
        let table = Self.compiled.table
        #expect(table.entries.count > 2_000, "the shipped rules are compiled")
        var compared = 0
        for text in Self.corpusTexts.prefix(300) + Self.generated(count: 400, seed: 0x7121E) {
            let normalized = NormalizedText(text)
            let hits = table.matches(in: normalized), naive = Self.naiveMatches(table, in: normalized)
            for list in PhraseTable.List.allCases {
                #expect(hits[list] == naive[list, default: []], "\(list) in \(text.debugDescription)")
                compared += naive[list, default: []].count
            }
        }
        #expect(compared > 5_000, "the texts exercise the phrases")
    }

    @Test("a window asks the matches found once what scanning the window asked")
    func windowQueries() {
        let table = Self.compiled.table
        var asked = 0, wrong: [String] = []
        for text in Self.generated(count: 60, seed: 0xC0FFEE) {
            let normalized = NormalizedText(text)
            let hits = table.matches(in: normalized), naive = Self.naiveMatches(table, in: normalized)
            let n = normalized.letters.count
            for lower in stride(from: 0, through: n, by: 4) {
                for upper in [lower, lower + 1, lower + 7, lower + 30, n] where upper <= n {
                    for list in [PhraseTable.List.negations, .requestCues, .atDelivery] {
                        for tag in [nil, 0, 5] as [Int?] {
                            for past in [nil, lower + 2] as [Int?] {
                                let expected = naive[list, default: []].contains { m in
                                    (lower..<upper).contains(m.range.lowerBound) && m.range.upperBound <= upper
                                        && (tag == nil || m.tag == tag) && m.range.upperBound > (past ?? m.range.lowerBound)
                                }
                                if hits.any(list, endingIn: lower..<upper, tag: tag, pastIndex: past) != expected {
                                    wrong.append("\(list) \(lower)..<\(upper) in \(text.debugDescription)")
                                }
                                asked += expected ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(asked > 1_000, "windows with a match were asked")
    }

    @Test("texts filled when read are the table they stand for, in every language and through JSON")
    func lazyTexts() throws {
        let tags = LabelledMessage.languages + ["xx", "en-GB", ""]
        var texts = 0
        for text in Self.corpusTexts.prefix(500) + Self.generated(count: 200, seed: 0xFEED) {
            guard let result = try? MessageChecker.shipped.check(text) else { continue }
            for lazy in [result.summary] + result.signals.map(\.explanation) {
                let table = CheckText(lazy.texts)
                #expect(Set(lazy.texts.keys) == Set(LabelledMessage.languages))
                for tag in tags { #expect(lazy.text(tag: tag) == table.text(tag: tag), "\(tag)") }
                #expect(lazy == table && lazy.hashValue == table.hashValue)
                texts += 1
            }
            let decoded = try JSONDecoder().decode(MessageCheckResult.self, from: JSONEncoder().encode(result))
            #expect(decoded == result)
        }
        #expect(texts > 1_000)
    }

    @Test("joined texts read language by language, falling back to English as a finished table does")
    func joinedTexts() {
        let english = CheckText(["en": "a"]), both = CheckText(["en": "b", "ja": "び"]), none = CheckText(["ja": "ん"])
        for (lhs, rhs) in [(english, both), (both, english), (none, english), (none, none), (both, both)] {
            let joined = lhs + rhs
            var table: [String: String] = [:]
            for tag in Set(lhs.texts.keys).union(rhs.texts.keys) { table[tag] = lhs.text(tag: tag) + rhs.text(tag: tag) }
            for tag in ["en", "ja", "ko"] { #expect(joined.text(tag: tag) == CheckText(table).text(tag: tag)) }
            #expect(joined.texts == table)
        }
    }

    @Test("brands are matched on bytes as they were on strings")
    func brandsAsBytes() {
        let judge = MessageChecker.shipped.links
        var rng = SplitMix64(seed: 0xB4A4D)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789_ilrnvw1053")
        var words = judge.brands.flatMap { [$0.token, $0.skeleton, $0.token + "delivery", "my" + $0.token, "x" + $0.token + "y"] }
        for brand in judge.brands {
            for _ in 0..<6 {
                var chars = Array(brand.token)
                let at = Int.random(in: 0..<chars.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: chars[at] = letters.randomElement(using: &rng)!
                case 1: chars.remove(at: at)
                default: chars.insert(letters.randomElement(using: &rng)!, at: at)
                }
                words.append(String(chars))
            }
        }
        words += ["", "a", "é", "usрs", "ups\r\n", String(repeating: "a", count: 70)]
        var row: [Int] = [], imitated = 0, wrong: [String] = []
        for word in words {
            let brandWord = LinkJudge.BrandWord(part: word, skeleton: judge.confusables.fold(word))
            for brand in judge.brands {
                let bytes = brand.isImitated(by: brandWord, row: &row)
                if bytes != brand.isImitatedAsStrings(by: brandWord) { wrong.append("\(word) / \(brand.token)") }
                if bytes { imitated += 1 }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(imitated > judge.brands.count * 3)
    }

    @Test("official domains, known services and shorteners are found by name as by suffix")
    func domainsByName() {
        let judge = MessageChecker.shipped.links
        let domains = judge.directory.operators.flatMap { $0.domains + $0.shortLinkDomains } + Array(judge.knownServices) + Array(judge.shorteners)
        var hosts = domains + domains.map { "www." + $0 } + domains.map { "a.b." + $0 } + domains.map { "x" + $0 } + domains.map { $0 + ".evil.top" }
        hosts += ["", ".", "com", "a..com", "ems.com.cn."]
        for host in hosts {
            let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
            let official = judge.directory.operators.firstIndex { op in
                (op.domains + op.shortLinkDomains).contains { bare == $0 || bare.hasSuffix("." + $0) }
            }
            let names = LinkJudge.parentNames(bare)
            #expect(names.compactMap { judge.officialDomains[$0] }.min() == official, "\(host)")
            #expect(names.contains(where: judge.knownServices.contains)
                    == (judge.knownServices.contains(bare) || judge.knownServices.contains { bare.hasSuffix("." + $0) }), "\(host)")
            #expect(names.contains(where: judge.shorteners.contains)
                    == (judge.shorteners.contains(bare) || judge.shorteners.contains { bare.hasSuffix("." + $0) }), "\(host)")
        }
    }
}
