import PostTraceCore
import Testing
@testable import S10

@Suite("S10 robustness: random hostile text keeps every promise")
struct S10RobustnessTests {
    /// Letters, digits, separators, full-width forms, emoji, combining marks, NUL, RTL marks, other scripts.
    static let alphabet: [String] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789").map(String.init) + [
        " ", "-", ".", "/", "_", "\t", "\n", "\u{0}", "\u{00A0}", "\u{3000}", "\u{200B}", "\u{200F}", "\u{202E}", "\u{FEFF}",
        "Ｅ", "１", "５", "－", "📦", "👨‍👩‍👧", "\u{301}", "Е", "О", "Α", "中", "国", "ש", "ع", "\u{FFFD}", "EE", "CN", "123456785",
    ]

    static func randomText(_ rng: inout SplitMix64, maxPieces: Int) -> String {
        let count = Int(rng.next() % UInt64(maxPieces + 1))
        return (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
    }

    @Test("validate: valid exactly when there are no errors; suggestions are valid, distinct, at most 30")
    func validateInvariants() {
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<4_000 {
            let text = Self.randomText(&rng, maxPieces: 18)
            let result = S10.validate(text)
            #expect(result.input == text)
            #expect(result.isValid == result.errors.isEmpty, "\(text.debugDescription)")
            #expect(result.isValid == (result.number != nil))
            #expect(result.suggestions.count <= S10.maximumSuggestions)
            #expect(Set(result.suggestions).count == result.suggestions.count)
            #expect(result.suggestions.allSatisfy { S10Number($0.description) == $0 })
            if result.isValid { #expect(result.suggestions.isEmpty) }
            #expect(result.errors.allSatisfy { !$0.message(in: .en).isEmpty && !$0.message(in: .zhHans).isEmpty })
            let positions = result.errors.compactMap(\.position)
            #expect(positions == positions.sorted(), "errors in input order for \(text.debugDescription)")
        }
    }

    @Test("find: matches are in order, do not overlap, and their text is what the range covers")
    func findInvariants() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<2_000 {
            let text = Self.randomText(&rng, maxPieces: 40)
            var previousEnd = text.startIndex
            for match in S10.find(in: text) {
                #expect(match.range.lowerBound >= previousEnd)
                #expect(text[match.range] == match.text)
                #expect(match.validation.input == String(match.text))
                previousEnd = match.range.upperBound
            }
        }
    }
}
