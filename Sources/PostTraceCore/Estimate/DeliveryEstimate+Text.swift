import S10

extension TransitStage {
    /// The stage's name in plain words, e.g. "Held by customs".
    public func title(in language: Language) -> String {
        let phrase: Phrase = switch self {
        case .posted: .transitStagePosted
        case .export: .transitStageExport
        case .inTransit: .transitStageInTransit
        case .importCustoms: .transitStageImportCustoms
        case .heldByCustoms: .transitStageHeldByCustoms
        case .deliveryOffice: .transitStageDeliveryOffice
        case .outForDelivery: .transitStageOutForDelivery
        }
        return Catalogue.text(phrase, language)
    }
}

extension DeliveryEstimate {
    /// "Expected between 4 December and 9 December (most likely 6 December)" in `language`; the year is
    /// named only when it is not the year of `now`.
    public func sentence(in language: Language, now: Int64) -> String {
        func date(_ d: LocalDate) -> String {
            Catalogue.date(LocalTime(epochSeconds: d.days * 86_400, utcOffsetSeconds: 0)!, language, now: now)
        }
        if earliest == latest { return Catalogue.text(.estimateOn, language, ["date": date(earliest)]) }
        return Catalogue.text(.estimateBetween, language,
                              ["earliest": date(earliest), "latest": date(latest), "likely": date(mostLikely)])
    }

    /// "based on 412 items from China to the United States" in `language`.
    public func basisSentence(in language: Language) -> String {
        Catalogue.text(.estimateBasis, language, ["items": String(basis.items),
                                                  "origin": Catalogue.countryName(basis.lane.origin, language),
                                                  "destination": Catalogue.countryName(basis.lane.destination, language)])
    }
}
