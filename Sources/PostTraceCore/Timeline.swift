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
    /// Which customs: the sending country's (`export`) or the destination's (`import`).
    public enum Direction: String, Sendable, Hashable, Codable { case export, `import` }
    /// Where the item is with customs: handed over, held, or released back to the post.
    public enum Phase: String, Sendable, Hashable, Codable { case presented, held, released }
    /// JSON `direction`.
    public var direction: Direction
    /// JSON `phase`; the API adds `title` in plain words.
    public var phase: Phase
    /// Makes a customs state.
    public init(direction: Direction, phase: Phase) { self.direction = direction; self.phase = phase }
}

/// A stage of the journey shown to people.
public enum Stage: String, Sendable, Hashable, Codable, CaseIterable {
    case posted, export, inTransit = "in_transit", importCustoms = "import_customs"
    case outForDelivery = "out_for_delivery", delivered
}

/// One stage with the time it was reached (nil when not yet reached).
public struct StageProgress: Sendable, Hashable, Codable {
    /// JSON `stage`; the API adds `title` in plain words.
    public var stage: Stage
    /// JSON `reached_at`: the first scan of this stage, in that office's offset; absent when not reached.
    public var reachedAt: LocalTime?
    /// JSON `is_current`: true for the furthest stage reached.
    public var isCurrent: Bool
    /// Makes a stage entry.
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
    /// Makes an explanation (JSON `headline`, `advice`, `contacts`).
    public init(headline: String, advice: [String], contacts: [String] = []) {
        self.headline = headline; self.advice = advice; self.contacts = contacts
    }
}

/// An item's events, deduplicated and ordered, with its derived status and explanation:
/// the one value that the API returns and every interface renders.
/// Its JSON (snake_case, with plain-word titles) is documented in `Timeline+JSON.swift`;
/// `jsonBytes()` writes the same document fast.
public struct Timeline: Sendable, Hashable, Codable {
    /// JSON `number`: the canonical 13-character form.
    public var number: S10Number
    /// JSON `status` (e.g. `in_customs`) with `status_title` in plain words.
    public var status: ItemStatus
    /// JSON `customs`: the customs sub-status while the status is `in_customs`; absent otherwise.
    public var customs: CustomsState?
    /// JSON `reason` (with `reason_title`). The reason of the last unsuccessful delivery or customs hold, when known.
    public var reason: ReasonCode?
    /// JSON `stale`. True when no scan arrived for longer than is normal for the current stage.
    public var stale: Bool
    /// JSON `stages` (and `current_stage`). The stages of the journey, in order, with the current one marked.
    public var stages: [StageProgress]
    /// JSON `events`: deduplicated events, oldest first, in the flat exchange format plus `title`, `country`, `reason_title`.
    public var events: [TrackingEvent]
    /// JSON `last_update`: the time of the newest event, in its office's offset.
    public var lastUpdate: LocalTime?
    /// JSON `origin` (with `origin_name`): ISO 3166-1 alpha-2 code of the origin, from the outward
    /// scans' offices, else the number's country suffix.
    public var origin: String
    /// JSON `destination` (with `destination_name`): ISO 3166-1 alpha-2 code of the destination, when known from the events.
    public var destination: String?
    /// JSON `explanation`: the headline and advice in the requested language.
    public var explanation: Explanation
    /// JSON `language` (`en` or `zh-Hans`): the language of `explanation` and of every title.
    public var language: Language
    /// JSON `estimated_delivery` (null when there is none) and `estimated_delivery_reason` (only when null).
    public var estimate: EstimateOutcome = .none(.tooLittleHistory)
}
