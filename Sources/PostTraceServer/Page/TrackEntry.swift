import PostTraceCore
import PostTraceStore
import S10

/// One number a person asked for: valid (with its timeline) or invalid (with the problem and corrections).
enum TrackEntry: Sendable {
    case found(Timeline)
    case invalid(input: String, problem: String, suggestions: [S10Number])

    /// Checks every candidate, loads the timelines of the valid ones in one store call, and ranks
    /// suggestions so numbers the store knows come first.
    static func load(_ candidates: [String], store: any TrackingStore, language: Language, now: Int64) async -> [TrackEntry] {
        let checks = candidates.map { NumberCheck(input: $0, language: language) }
        let valid = checks.compactMap(\.number)
        let suggested = checks.flatMap(\.suggestions)
        let events = (try? await store.events(for: valid)) ?? [:]
        let known = (try? await store.existing(suggested)) ?? []
        return checks.map { check in
            if let number = check.number {
                return .found(Timeline(number: number, events: events[number] ?? [], language: language, now: now))
            }
            let ranked = check.suggestions.filter { known.contains($0) } + check.suggestions.filter { !known.contains($0) }
            return .invalid(input: check.input, problem: check.problem, suggestions: Array(ranked.prefix(5)))
        }
    }
}

/// The verdict on one typed number.
struct NumberCheck: Sendable {
    let input: String
    let number: S10Number?
    let problem: String
    let suggestions: [S10Number]

    init(input: String, language: Language) {
        self.input = input
        let compact = String(String.UnicodeScalarView(input.uppercased().unicodeScalars.filter {
            !($0 == " " || $0 == "-" || $0 == "." || $0 == "\t")
        }))
        if let n = S10Number(compact) {
            number = n; problem = ""; suggestions = []
            return
        }
        number = nil
        problem = NumberCheck.problem(compact, language)
        suggestions = NumberCheck.corrections(compact)
    }

    private static func problem(_ s: String, _ language: Language) -> String {
        let b = Array(s.utf8)
        if b.count != 13 { return PageCatalogue.text(.problemLength, language, ["count": String(s.count)]) }
        guard TrackInput.looksLikeNumber(s) else { return PageCatalogue.text(.problemShape, language) }
        if !Country.isAssigned(b[11], b[12]) { return PageCatalogue.text(.problemCountry, language) }
        if !S10Rules.isServiceIndicatorAllowed(b[0], b[1]) { return PageCatalogue.text(.problemService, language) }
        return PageCatalogue.text(.problemCheckDigit, language)
    }

    /// Likely corrections: letters and digits that look alike, a wrong check digit.
    private static func corrections(_ s: String) -> [S10Number] {
        var b = Array(s.utf8)
        guard b.count == 13 else { return [] }
        let lookAlike: [UInt8: UInt8] = [UInt8(ascii: "O"): UInt8(ascii: "0"), UInt8(ascii: "I"): UInt8(ascii: "1"),
                                         UInt8(ascii: "L"): UInt8(ascii: "1"), UInt8(ascii: "0"): UInt8(ascii: "O")]
        for k in 2..<11 { if let d = lookAlike[b[k]], d < UInt8(ascii: "A") { b[k] = d } }
        for k in [0, 1, 11, 12] { if let l = lookAlike[b[k]], l >= UInt8(ascii: "A") { b[k] = l } }
        if let n = S10Number(bytes: b) { return [n] }
        guard TrackInput.looksLikeNumber(String(decoding: b, as: UTF8.self)) else { return [] }
        let serial = b[2..<10].reduce(UInt32(0)) { $0 * 10 + UInt32($1 - 48) }
        let fixed = S10Number(serviceIndicator: String(decoding: b[0..<2], as: UTF8.self), serial: serial,
                              countryCode: String(decoding: b[11..<13], as: UTF8.self))
        return fixed.map { [$0] } ?? []
    }
}
