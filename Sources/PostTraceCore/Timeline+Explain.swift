import S10

extension Timeline {
    /// The headline and advice for this timeline in its language.
    func explain(journey: Journey, now: Int64, staleRule: StaleRule, directory: PostalDirectory) -> Explanation {
        let lang = language
        let event = journey.statusIndex.map { events[$0] } ?? events.last
        // Each placeholder is computed only when the chosen sentences use it (country names, office labels
        // and dates for every possible placeholder were a large part of a lookup's cost).
        func args(_ name: String) -> String? {
            switch name {
            case "number": number.description
            case "suffix": number.countryCode
            case "origin": Catalogue.countryName(origin, lang)
            case "destination": Catalogue.countryName(destination, lang)
            case "country": Catalogue.countryName(event?.office.countryCode ?? origin, lang)
            case "office": event.map { Timeline.officeLabel($0.office) } ?? ""
            case "reason": reason.map { $0.title(in: lang) } ?? Catalogue.text(.labelNoReason, lang)
            case "date": event.map { Catalogue.date($0.time, lang, now: now) }
            default: nil
            }
        }
        var advice = statusAdvice(args: args, journey: journey)
        var contacts: [String] = []
        if stale, let last = lastUpdate {
            let days = max(1, StaleRule.secondsBetween(last.epochSeconds, now) / StaleRule.day)
            let stageName = currentStage?.title(in: lang) ?? status.title(in: lang)
            advice.append(Catalogue.text(.adviceStale, lang, ["days": String(days), "stage": stageName]))
            advice.append(Catalogue.text(.adviceStaleContact, lang))
        }
        if stale || customs?.phase == .held || status == .exception {
            contacts = Timeline.contacts(for: [event?.office.countryCode, destination, origin], in: lang, directory: directory)
        }
        advice.append(Catalogue.text(.adviceScam, lang))
        return Explanation(headline: Catalogue.text(headlinePhrase(journey: journey), lang, resolve: args), advice: advice, contacts: contacts)
    }

    private func headlinePhrase(journey: Journey) -> Phrase {
        switch status {
        case .notFound: return .headlineNotFound
        case .infoReceived: return .headlineInfoReceived
        case .inTransit:
            switch currentStage {
            case .posted?, .export?, nil: return .headlineTransitOrigin
            case .inTransit?: return destination == nil ? .headlineTransitAbroad : .headlineTransitTo
            default: return .headlineTransitDestination
            }
        case .inCustoms:
            switch customs?.phase {
            case .held?: return .headlineCustomsHeld
            case .released?: return .headlineCustomsReleased
            default: return .headlineCustomsPresented
            }
        case .outForDelivery: return .headlineOutForDelivery
        case .availableForPickup: return .headlinePickup
        case .deliveryFailed: return reason == nil ? .headlineFailedNoReason : .headlineFailed
        case .delivered: return .headlineDelivered
        case .returned: return journey.returnedDelivered ? .headlineReturnedDelivered : .headlineReturning
        case .exception: return journey.statusIndex.map { events[$0].code } == .exportCancelled ? .headlineExportCancelled : .headlineImportTerminated
        }
    }

    private func statusAdvice(args: (String) -> String?, journey: Journey) -> [String] {
        let lang = language
        func t(_ p: Phrase) -> String { Catalogue.text(p, lang, resolve: args) }
        switch status {
        case .notFound: return [t(.adviceNoRecordTiming), t(.adviceNoRecordCheck), t(.adviceNoRecordNotify)]
        case .inCustoms:
            if customs?.direction == .export { return [t(.adviceCustomsMeaning), t(.adviceExportCustoms)] }
            var out = [t(.adviceCustomsMeaning), t(.adviceCustomsDocuments), t(.adviceCustomsDuties)]
            if customs?.phase == .held { out.append(t(.adviceCustomsHeld)) }
            return out
        case .deliveryFailed:
            switch reason {
            case ReasonCode.wrongAddress?, ReasonCode.addresseeMoved?: return [t(.adviceFailedAddress)]
            case ReasonCode.refused?: return [t(.adviceFailedRefused)]
            default: return [t(.adviceFailedCollect), t(.adviceFailedRedeliver)]
            }
        case .availableForPickup: return [t(.advicePickup)]
        case .outForDelivery: return [t(.adviceOutForDelivery)]
        case .returned: return journey.returnedDelivered ? [] : [t(.adviceReturned)]
        case .exception: return [t(.adviceException)]
        case .infoReceived, .inTransit, .delivered: return []
        }
    }

    /// "Name (CODE), City" for an office.
    static func officeLabel(_ office: Office) -> String {
        var s = office.name.map { "\($0) (\(office.code))" } ?? office.code
        if let city = office.city, !city.isEmpty { s += ", \(city)" }
        return s
    }

    /// One line per operator serving the given countries (first match first), e.g.
    /// "China Post / EMS: 11183 (EMS and China Post customer service (mainland China)), https://www.ems.com.cn".
    static func contacts(for countries: [String?], in lang: Language, directory: PostalDirectory) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for case let country? in countries {
            for op in directory.operators(serving: country) where seen.insert(op.id).inserted {
                let phones = op.phones.map { "\($0.number) (\(lang == .en ? $0.label.en : $0.label.zhHans))" }
                let name = lang == .en ? op.name.en : op.name.zhHans
                out.append(([name + ":"] + [phones.joined(separator: ", "), op.website].filter { !$0.isEmpty }).joined(separator: " "))
            }
        }
        return out
    }
}
