import S10

/// The normalized status of an item, derived from its events.
public enum ItemStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notFound = "not_found"
    case infoReceived = "info_received"
    case inTransit = "in_transit"
    case inCustoms = "in_customs"
    case outForDelivery = "out_for_delivery"
    case availableForPickup = "available_for_pickup"
    case deliveryFailed = "delivery_failed"
    case delivered
    case returned
    case exception
}

/// Where an item stands with customs, when it is there.
public struct CustomsState: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable { case export, `import` }
    public enum Phase: String, Sendable, Hashable, Codable { case presented, held, released }
    public var direction: Direction
    public var phase: Phase
    public init(direction: Direction, phase: Phase) { self.direction = direction; self.phase = phase }
}

/// A stage of the journey shown to people.
public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
    case posted, export, inTransit = "in_transit", importCustoms = "import_customs"
    case outForDelivery = "out_for_delivery", delivered
}

/// One stage with the time it was reached (nil when not yet reached).
public struct StageProgress: Sendable, Hashable, Codable {
    public var stage: Stage
    public var reachedAt: LocalTime?
    public var isCurrent: Bool
    public init(stage: Stage, reachedAt: LocalTime?, isCurrent: Bool) {
        self.stage = stage; self.reachedAt = reachedAt; self.isCurrent = isCurrent
    }
}

/// A headline and what to do, already rendered in one language.
public struct Explanation: Sendable, Hashable, Codable {
    /// One line in plain words, e.g. "In customs in Germany since 3 March".
    public var headline: String
    /// Short, concrete steps the person can take.
    public var advice: [String]
    /// Postal customer-service contacts that help in this situation.
    public var contacts: [String]
    public init(headline: String, advice: [String], contacts: [String] = []) {
        self.headline = headline; self.advice = advice; self.contacts = contacts
    }
}

/// An item's events, deduplicated and ordered, with its derived status and explanation:
/// the one value that the API returns and every interface renders.
/// Its JSON (snake_case, with plain-word titles) is documented in `Timeline+JSON.swift`;
/// `jsonBytes()` writes the same document fast.
public struct Timeline: Sendable, Hashable, Codable {
    public var number: S10Number
    public var status: ItemStatus
    public var customs: CustomsState?
    /// The reason of the last unsuccessful delivery or customs hold, when known.
    public var reason: ReasonCode?
    /// True when no scan arrived for longer than is normal for the current stage.
    public var stale: Bool
    /// The stages of the journey, in order, with the current one marked.
    public var stages: [StageProgress]
    /// Deduplicated events, oldest first.
    public var events: [TrackingEvent]
    /// The time of the newest event.
    public var lastUpdate: LocalTime?
    /// ISO 3166-1 alpha-2 code of the origin (the issuing operator's country).
    public var origin: String
    /// ISO 3166-1 alpha-2 code of the destination, when known from the events.
    public var destination: String?
    /// The headline and advice in the requested language.
    public var explanation: Explanation
    /// The language of `explanation`.
    public var language: Language
}
