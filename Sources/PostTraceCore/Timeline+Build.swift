import S10

extension Timeline {
    /// Builds the explained timeline of an item from its stored events (any order, duplicates allowed).
    /// `now` (seconds since 1970, UTC) decides whether the item is stale.
    /// PLACEHOLDER contract from the scaffold: issue 4 replaces the body with the real derivation.
    public init(number: S10Number, events: [TrackingEvent], language: Language, now: Int64) {
        let ordered = events.sorted { $0.time.epochSeconds < $1.time.epochSeconds }
        self.init(
            number: number, status: ordered.isEmpty ? .notFound : .inTransit, customs: nil, reason: nil, stale: false,
            stages: Stage.allCases.map { StageProgress(stage: $0, reachedAt: nil, isCurrent: false) },
            events: ordered, lastUpdate: ordered.last?.time, origin: number.countryCode, destination: nil,
            explanation: Explanation(headline: ordered.isEmpty ? "No record yet" : "In transit", advice: []),
            language: language)
    }
}
