import PostTraceCore
import PostTraceStore
import S10

/// One number a person asked for: valid (with its timeline, and when it has no record the near numbers the
/// store knows) or invalid (with the problem and corrections).
enum TrackEntry: Sendable {
    case found(Timeline, nearbyKnown: [S10Number])
    /// `known`: the suggestions that have records here (listed first).
    case invalid(input: String, problem: String, suggestions: [S10Number], known: Set<S10Number> = [])

    /// Checks every candidate, loads the timelines of the valid ones in one store call, then asks the store
    /// which suggestions (for invalid numbers) and neighbours (for valid ones without a record) it knows.
    static func load(_ candidates: [String], store: any TrackingStore, language: Language, now: Int64,
                     lanes: LaneTable = .empty) async -> [TrackEntry] {
        let checks = candidates.map { NumberCheck(input: $0, language: language) }
        let valid = checks.compactMap(\.number)
        let consistency = PostTraceServer.lookupConsistency
        let events = (try? await store.events(for: valid, consistency: consistency)) ?? [:]
        // A valid number without a record is often a slip the check digit cannot see (CM typed for CN).
        var neighbours: [S10Number: [S10Number]] = [:]
        for number in valid where (events[number] ?? []).isEmpty { neighbours[number] = S10.neighbours(of: number) }
        let asked = checks.flatMap(\.suggestions) + neighbours.values.joined()
        let known = asked.isEmpty ? [] : ((try? await store.existing(asked, consistency: consistency)) ?? [])
        return checks.map { check in
            if let number = check.number {
                let timeline = Timeline(number: number, events: events[number] ?? [], language: language, now: now, lanes: lanes)
                return .found(timeline, nearbyKnown: Array((neighbours[number] ?? []).filter(known.contains).prefix(5)))
            }
            let ranked = check.suggestions.filter { known.contains($0) } + check.suggestions.filter { !known.contains($0) }
            let shown = Array(ranked.prefix(5))
            return .invalid(input: check.input, problem: check.problem, suggestions: shown, known: Set(shown.filter(known.contains)))
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
