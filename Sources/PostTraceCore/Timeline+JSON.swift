import S10

/// The API's JSON form of a timeline. Field names are snake_case and stable:
///
/// `number`, `service` (S10 service category, e.g. `ems`), `service_title`, `status`, `status_title`, `customs` (`direction`, `phase`, `title`), `reason`, `reason_title`,
/// `stale`, `current_stage`, `stages` (`stage`, `title`, `reached_at`, `is_current`), `events` (the flat
/// exchange fields `number`, `code`, `time`, `office`, `office_name`, `city`, `reason`, `next_office`,
/// `transport`, `source`, `received_at`, plus `title`, `country`, `reason_title`), `last_update`, `origin`,
/// `origin_name`, `destination`, `destination_name`, `explanation` (`headline`, `advice`, `contacts`), `language`,
/// `estimated_delivery` (`earliest`, `latest`, `most_likely` as local dates of the destination, `confidence`,
/// `basis` with `lane`, `service`, `stage`, `items`, `level`; null when there is none) and, only when it is null,
/// `estimated_delivery_reason`.
/// Times are RFC 3339 in the office's own offset. Optional fields are left out when unknown.
/// `*_title` and `*_name` fields are plain words in `language`; decoding ignores them.
extension Timeline {
    enum JSONKey: String, CodingKey {
        case number, service, serviceTitle = "service_title", status, statusTitle = "status_title", customs, reason, reasonTitle = "reason_title", stale
        case currentStage = "current_stage", stages, events, lastUpdate = "last_update", origin, originName = "origin_name"
        case destination, destinationName = "destination_name", explanation, language
        case estimatedDelivery = "estimated_delivery", estimatedDeliveryReason = "estimated_delivery_reason"
    }
    enum TitleKey: String, CodingKey { case title, country, reasonTitle = "reason_title" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONKey.self)
        let lang = language
        try c.encode(number, forKey: .number)
        try c.encode(number.service, forKey: .service)
        try c.encode(number.service.name(in: lang), forKey: .serviceTitle)
        try c.encode(status, forKey: .status)
        try c.encode(status.title(in: lang), forKey: .statusTitle)
        if let customs {
            var sub = c.nestedContainer(keyedBy: CustomsState.CodingKeys.self, forKey: .customs)
            try sub.encode(customs.direction, forKey: .direction)
            try sub.encode(customs.phase, forKey: .phase)
            try sub.encode(customs.title(in: lang), forKey: .title)
        }
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(reason?.title(in: lang), forKey: .reasonTitle)
        try c.encode(stale, forKey: .stale)
        try c.encodeIfPresent(currentStage, forKey: .currentStage)
        var stageList = c.nestedUnkeyedContainer(forKey: .stages)
        for progress in stages {
            var sub = stageList.nestedContainer(keyedBy: StageProgress.CodingKeys.self)
            try sub.encode(progress.stage, forKey: .stage)
            try sub.encode(progress.stage.title(in: lang), forKey: .title)
            try sub.encodeIfPresent(progress.reachedAt, forKey: .reachedAt)
            try sub.encode(progress.isCurrent, forKey: .isCurrent)
        }
        var eventList = c.nestedUnkeyedContainer(forKey: .events)
        for event in events {
            let sub = eventList.superEncoder()
            try event.encode(to: sub)
            // Same keyed container again: JSONEncoder merges these keys into the event's object.
            var titles = sub.container(keyedBy: TitleKey.self)
            try titles.encode(event.code.title(in: lang), forKey: .title)
            try titles.encodeIfPresent(event.office.countryCode, forKey: .country)
            try titles.encodeIfPresent(event.reason?.title(in: lang), forKey: .reasonTitle)
        }
        try c.encodeIfPresent(lastUpdate, forKey: .lastUpdate)
        try c.encode(origin, forKey: .origin)
        try c.encode(Catalogue.countryName(origin, lang), forKey: .originName)
        try c.encodeIfPresent(destination, forKey: .destination)
        try c.encodeIfPresent(destination.map { Catalogue.countryName($0, lang) }, forKey: .destinationName)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(language, forKey: .language)
        if let estimate = estimate.estimate { try c.encode(estimate, forKey: .estimatedDelivery) } else { try c.encodeNil(forKey: .estimatedDelivery) }
        try c.encodeIfPresent(estimate.reason, forKey: .estimatedDeliveryReason)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        self.init(
            number: try c.decode(S10Number.self, forKey: .number),
            status: try c.decode(ItemStatus.self, forKey: .status),
            customs: try c.decodeIfPresent(CustomsState.self, forKey: .customs),
            reason: try c.decodeIfPresent(ReasonCode.self, forKey: .reason),
            stale: try c.decode(Bool.self, forKey: .stale),
            stages: try c.decode([StageProgress].self, forKey: .stages),
            events: try c.decode([TrackingEvent].self, forKey: .events),
            lastUpdate: try c.decodeIfPresent(LocalTime.self, forKey: .lastUpdate),
            origin: try c.decode(String.self, forKey: .origin),
            destination: try c.decodeIfPresent(String.self, forKey: .destination),
            explanation: try c.decode(Explanation.self, forKey: .explanation),
            language: try c.decode(Language.self, forKey: .language),
            estimate: try Self.decodeEstimate(c))
    }

    private static func decodeEstimate(_ c: KeyedDecodingContainer<JSONKey>) throws -> EstimateOutcome {
        if let estimate = try c.decodeIfPresent(DeliveryEstimate.self, forKey: .estimatedDelivery) { return .estimate(estimate) }
        return .none(try c.decodeIfPresent(EstimateReason.self, forKey: .estimatedDeliveryReason) ?? .tooLittleHistory)
    }
}

extension StageProgress {
    enum CodingKeys: String, CodingKey { case stage, title, reachedAt = "reached_at", isCurrent = "is_current" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(stage: try c.decode(Stage.self, forKey: .stage), reachedAt: try c.decodeIfPresent(LocalTime.self, forKey: .reachedAt),
                  isCurrent: try c.decode(Bool.self, forKey: .isCurrent))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encodeIfPresent(reachedAt, forKey: .reachedAt)
        try c.encode(isCurrent, forKey: .isCurrent)
    }
}

extension CustomsState {
    enum CodingKeys: String, CodingKey { case direction, phase, title }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(direction: try c.decode(Direction.self, forKey: .direction), phase: try c.decode(Phase.self, forKey: .phase))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(direction, forKey: .direction)
        try c.encode(phase, forKey: .phase)
    }
}
