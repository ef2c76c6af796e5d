import S10

extension Timeline {
    /// The headline and advice for this timeline in its language.
    func explain(journey: Journey, now: Int64, staleRule: StaleRule, directory: PostalDirectory) -> Explanation {
        let lang = language
        // The scan the sentences speak of, as its office and time: the placeholders below capture these few
        // values, not the whole timeline and event (copying those was most of an explanation's cost).
        let scan = journey.statusIndex ?? (events.isEmpty ? nil : events.count - 1)
        let office = scan.map { events[$0].office }, time = scan.map { events[$0].time }
        let number = number, origin = origin, destination = destination, reason = reason
        // Each placeholder is computed only when the chosen sentences use it (country names, office labels
        // and dates for every possible placeholder were a large part of a lookup's cost).
        func args(_ name: String) -> String? {
            switch name {
            case "number": number.description
            case "suffix": number.countryCode
            case "origin": Catalogue.countryName(origin, lang)
            case "destination": Catalogue.countryName(destination, lang)
            case "country": Catalogue.countryName(office?.countryCode ?? origin, lang)
            case "office": office.map { Timeline.officeLabel($0) } ?? ""
            case "reason": reason.map { $0.title(in: lang) } ?? Catalogue.text(.labelNoReason, lang)
            case "date": time.map { Catalogue.date($0, lang, now: now) }
            default: nil
            }
        }
        var advice = statusAdvice(journey: journey).map { Catalogue.text($0, lang, resolve: args) }
        var contacts: [String] = []
        if stale, let last = lastUpdate {
            let days = max(1, StaleRule.secondsBetween(last.epochSeconds, now) / StaleRule.day)
            let stageName = currentStage?.title(in: lang) ?? status.title(in: lang)
            advice.append(Catalogue.text(.adviceStale, lang, ["days": String(days), "stage": stageName]))
            advice.append(Catalogue.text(.adviceStaleContact, lang))
        }
        if stale || customs?.phase == .held || status == .exception {
            contacts = Timeline.contacts(for: [office?.countryCode, destination, origin], in: lang, directory: directory)
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

    /// The advice sentences for the status, before placeholders are filled.
    private func statusAdvice(journey: Journey) -> [Phrase] {
        switch status {
        case .notFound: return [.adviceNoRecordTiming, .adviceNoRecordCheck, .adviceNoRecordNotify]
        case .inCustoms:
            if customs?.direction == .export { return [.adviceCustomsMeaning, .adviceExportCustoms] }
            var out: [Phrase] = [.adviceCustomsMeaning, .adviceCustomsDocuments, .adviceCustomsDuties]
            if customs?.phase == .held { out.append(.adviceCustomsHeld) }
            return out
        case .deliveryFailed:
            switch reason {
            case ReasonCode.wrongAddress?, ReasonCode.addresseeMoved?: return [.adviceFailedAddress]
            case ReasonCode.refused?: return [.adviceFailedRefused]
            default: return [.adviceFailedCollect, .adviceFailedRedeliver]
            }
        case .availableForPickup: return [.advicePickup]
        case .outForDelivery: return [.adviceOutForDelivery]
        case .returned: return journey.returnedDelivered ? [] : [.adviceReturned]
        case .exception: return [.adviceException]
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
        // The directory's tables, made once: lines were formatted and operators filtered per explanation.
        var seen: [Int] = [], out: [String] = []
        for case let country? in countries {
            for i in directory.serving[country] ?? [] where !seen.contains(directory.firstWithSameID[i]) {
                seen.append(directory.firstWithSameID[i])
                out.append(directory.contactLines[lang.ordinal][i])
            }
        }
        return out
    }
}

extension PostalOperator {
    /// "Name: number (label), number (label) website" in one language, as contacts list it.
    func contactLine(in lang: Language) -> String {
        let phones = phones.map { "\($0.display) (\($0.label.text(in: lang)))" }
        let name = name.text(in: lang)
        return ([name + ":"] + [phones.joined(separator: ", "), website].filter { !$0.isEmpty }).joined(separator: " ")
    }
}
