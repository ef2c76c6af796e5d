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

/// The verdict on one typed number, from `S10.validate`: the number, or every problem and corrections.
struct NumberCheck: Sendable {
    let input: String
    let number: S10Number?
    let problem: String
    let suggestions: [S10Number]

    init(input: String, language: Language) {
        let validation = S10.validate(input)
        self.input = input
        number = validation.number
        problem = validation.errors.map { $0.message(in: language) }.joined(separator: " ")
        suggestions = validation.suggestions
    }
}
