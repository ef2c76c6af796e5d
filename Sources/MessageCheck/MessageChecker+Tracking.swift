import PostTraceCore
import S10

extension MessageChecker {
    /// Tracking-number signals and where the numbers are (the phone scan skips them).
    struct TrackingFindings {
        var signals: [Signal] = []
        var ranges: [Range<Int>] = []
    }

    /// S10-looking numbers that fail validation, and valid ones whose issuing country is not served by the operator the message names.
    func trackingSignals(in text: NormalizedText, claimed: [PostalOperator]) -> TrackingFindings {
        var findings = TrackingFindings()
        let claimedCountries = Set(claimed.flatMap(\.countries))
        for candidate in TrackingCandidate.find(in: text) {
            findings.ranges.append(candidate.range)
            guard findings.signals.count < Self.maximumSignalsPerKind * 2 else { continue }
            guard let number = candidate.number else {
                let reason = rules.fragment(candidate.problem)
                findings.signals.append(signal(.trackingNumberInvalid, weight: 2, range: candidate.range, in: text,
                                               values: ["reason": reason], details: ["problem": candidate.problem]))
                continue
            }
            guard !claimed.isEmpty, !claimedCountries.contains(number.countryCode) else { continue }
            let country = number.country
            findings.signals.append(signal(.trackingNumberCountryMismatch, weight: 1, range: candidate.range, in: text,
                                           values: ["text": .same(number.description),
                                                    "country": LocalizedText(en: country.englishName, zhHans: country.chineseName),
                                                    "operator": operatorName(claimed)],
                                           details: ["country": number.countryCode, "operator": claimed.map(\.id).joined(separator: ",")]))
        }
        return findings
    }
}
