import PostTraceCore
import Testing
@testable import S10

@Suite("S10 suggestions and properties over generated numbers")
struct S10SuggestionTests {
    /// Generates valid numbers from common services and countries with a fixed seed.
    static func generated(count: Int, seed: UInt64 = 0x5310) -> [S10Number] {
        var rng = SplitMix64(seed: seed)
        let indicators = ["EE", "EA", "RR", "RB", "CP", "LZ", "UA", "HA", "VV", "LP", "MA", "QA"]
        let countries = Country.all.map(\.code)
        return (0..<count).map { _ in
            S10Number(serviceIndicator: indicators.randomElement(using: &rng)!,
                      serial: UInt32.random(in: 0..<100_000_000, using: &rng),
                      countryCode: countries.randomElement(using: &rng)!)!
        }
    }

    @Test("every generated valid number validates, canonical and as people type it")
    func generatedValidate() {
        for number in Self.generated(count: 10_000) {
            let text = number.description
            #expect(S10.validate(text).number == number)
            let typed = text.prefix(2).lowercased() + " " + text.dropFirst(2).prefix(9) + "-" + text.suffix(2).lowercased()
            #expect(S10.validate(typed).number == number)
        }
    }

    @Test("numbers order as their canonical strings do")
    func ordering() {
        let numbers = Self.generated(count: 2_000, seed: 3)
        #expect(numbers.sorted().map(\.description) == numbers.map(\.description).sorted())
        for number in numbers.prefix(200) { #expect(number.country.code == number.countryCode) }
    }

    @Test("one wrong digit or one neighbouring swap that breaks the check: the intended number is suggested")
    func slipsAreRepaired() {
        var rng = SplitMix64(seed: 42)
        var checked = 0
        // 4,000 random numbers: every serial position and check-digit value many times over; more only cost
        // minutes of a debug test run (the s10-validate fuzz target checks suggestions on any input).
        for number in Self.generated(count: 4_000, seed: 7) {
            var bytes = number.utf8
            // One wrong digit somewhere in the serial or the check digit.
            let p = Int.random(in: 2...10, using: &rng)
            let wrong = (bytes[p] - 48 + UInt8.random(in: 1...9, using: &rng)) % 10 + 48
            bytes[p] = wrong
            let typo = String(decoding: bytes, as: UTF8.self)
            let result = S10.validate(typo)
            if !result.isValid {
                #expect(result.suggestions.contains(number), "\(typo) → \(number)")
                #expect(result.suggestions.count <= S10.maximumSuggestions)
                checked += 1
            }
            // Each neighbouring swap among the digits that breaks the check.
            for i in 2..<10 {
                var swapped = number.utf8
                guard swapped[i] != swapped[i + 1] else { continue }
                swapped.swapAt(i, i + 1)
                let text = String(decoding: swapped, as: UTF8.self)
                let swapResult = S10.validate(text)
                if !swapResult.isValid { #expect(swapResult.suggestions.contains(number), "\(text) → \(number)") }
            }
        }
        #expect(checked > 3_600)  // a wrong digit breaks the check digit nearly always
    }

    @Test("EL123456789CN suggests EL123456785CN first; every suggestion is valid and distinct")
    func issueExample() {
        let suggestions = S10.validate("EL123456789CN").suggestions
        #expect(suggestions.first?.description == "EL123456785CN")
        #expect(Set(suggestions).count == suggestions.count)
        #expect(suggestions.allSatisfy { S10Number($0.description) == $0 })
        #expect(suggestions.count > 3)  // other single-digit repairs are listed too
    }

    @Test("known numbers are ranked first when a store is asked")
    func knownFirst() throws {
        let plain = S10.validate("EL123456789CN").suggestions
        let last = try #require(plain.last)
        let ranked = S10.validate("EL123456789CN", isKnown: { $0 == last }).suggestions
        #expect(ranked.first == last)
        #expect(Set(ranked) == Set(plain))
        #expect(S10.suggestions(for: "EL123456789CN") == plain)
    }

    @Test("look-alikes in the wrong section are repaired: O↔0, I/L↔1, S↔5, B↔8, Z↔2")
    func lookAlikes() {
        let cases = [
            "RR287O43775IN": "RR287043775IN", "RR2870437751N": "RR287043775IN", "RR28704377SIN": "RR287043775IN",
            "RB1234S6785GB": "RB123456785GB", "RB12345678SGB": "RB123456785GB", "EE47110815lFR": "EE471108151FR",
            "RB1Z3456785GB": "RB123456785GB", "R8123456785GB": "RB123456785GB", "EE123456785C0": "EE123456785CO",
            "EE1234567B5CN": "EE123456785CN",
        ]
        for (typed, meant) in cases {
            let result = S10.validate(typed)
            #expect(!result.isValid, "\(typed)")
            #expect(result.suggestions.first?.description == meant, "\(typed) → \(result.suggestions)")
        }
    }

    @Test("one digit left out or one character typed twice")
    func lengthSlips() {
        #expect(S10.validate("RR28704375IN").suggestions.contains { $0.description == "RR287043775IN" })
        #expect(S10.validate("RR2870437755IN").suggestions.contains { $0.description == "RR287043775IN" })
        #expect(S10.validate("RR2870437755IN").suggestions.count <= S10.maximumSuggestions)
        #expect(S10.validate("RR287043775IN\u{0}").suggestions.map(\.description) == ["RR287043775IN"])
    }

    @Test("a letter left out: the country cut short, or a service letter missing")
    func missingLetter() throws {
        // Cut short when pasted: CN, then CA (common origins), before the other C… countries.
        let cut = S10.validate("LP607427673C").suggestions.map(\.description)
        #expect(Array(cut.prefix(2)) == ["LP607427673CN", "LP607427673CA"])
        #expect(cut.allSatisfy { $0.hasPrefix("LP607427673") } && cut.contains("LP607427673CH"))
        #expect(S10.validate("LP607427673N").suggestions.contains { $0.description == "LP607427673CN" })
        #expect(S10.validate("P607427673CN").suggestions.contains { $0.description == "LP607427673CN" })
        #expect(S10.validate("L607427673CN").suggestions.contains { $0.description == "LP607427673CN" })
        // What the store knows comes first, whatever the prior says.
        let known = try #require(S10Number("LP607427673CZ"))
        #expect(S10.validate("LP607427673C", isKnown: { $0 == known }).suggestions.first == known)
        // Every completion is a valid number, and the list keeps its bound.
        #expect(cut.allSatisfy { S10Number($0) != nil } && cut.count <= S10.maximumSuggestions)
    }

    @Test("hostile input gives no suggestions and stays cheap")
    func hostile() {
        for text in [String(repeating: "9", count: 10_000), "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", "\u{0}\u{0}\u{0}", "אבגדהוזחטיכלמ"] {
            let result = S10.validate(text)
            #expect(!result.isValid)
            #expect(result.suggestions.count <= S10.maximumSuggestions)
        }
        // One unreadable character in the serial: every digit is tried, and only valid numbers come back.
        let smudged = S10.validate("RR2870�3775IN")
        #expect(smudged.suggestions.contains { $0.description == "RR287043775IN" })
    }
}

@Suite("Neighbours of a valid number")
struct S10NeighbourTests {
    @Test("a suffix one key away comes first, then the swapped pair; all valid, none the number itself")
    func suffixSlips() throws {
        let number = try #require(S10Number("LP607427673CN"))
        let neighbours = S10.neighbours(of: number).map(\.description)
        #expect(neighbours.first == "LP607427673NC")  // swapped: New Caledonia
        #expect(neighbours.contains("LP607427673CM") && neighbours.contains("LP607427673CH") && neighbours.contains("LP607427673VN"))
        // The suffix before the service indicator, as the suffix is the usual slip.
        let firstPrefixSlip = try #require(neighbours.firstIndex { !$0.hasPrefix("LP") })
        #expect(neighbours[..<firstPrefixSlip].allSatisfy { !$0.hasSuffix("CN") })
        #expect(neighbours[firstPrefixSlip...].allSatisfy { $0.hasSuffix("CN") })
        #expect(!neighbours.contains(number.description) && Set(neighbours).count == neighbours.count)
        #expect(neighbours.allSatisfy { S10Number($0) != nil && $0.dropFirst(2).prefix(9) == "607427673" })
    }

    @Test("from a mistyped suffix back to the intended one, for every assigned pair a key apart")
    func roundTrip() throws {
        // CM typed for CN: the intended number is among CM's neighbours.
        let typed = try #require(S10Number("EE123456785CM"))
        #expect(S10.neighbours(of: typed).contains(try #require(S10Number("EE123456785CN"))))
        // DE typed as DR is not a country; as SE (Sweden) it is.
        let sweden = try #require(S10Number("RR123456785SE"))
        #expect(S10.neighbours(of: sweden).map(\.description).contains("RR123456785DE"))
    }

    @Test("bounded, and cheap enough to ask for every number without a record")
    func bounded() {
        for serial in stride(from: 0 as UInt32, to: 99_999_999, by: 7_777_777) {
            for (si, cc) in [("EE", "CN"), ("RR", "US"), ("CP", "GB"), ("LX", "DE"), ("UA", "JP")] {
                guard let number = S10Number(serviceIndicator: si, serial: serial, countryCode: cc) else { continue }
                let neighbours = S10.neighbours(of: number)
                #expect(neighbours.count <= 40 && !neighbours.isEmpty)
                #expect(neighbours.allSatisfy { $0.serialValue == serial && $0 != number })
            }
        }
    }
}
