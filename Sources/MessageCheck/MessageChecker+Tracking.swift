import PostTraceCore
import S10

extension MessageChecker {
    /// Tracking-number signals and where the numbers are (the phone scan skips them).
    struct TrackingFindings {
        var signals: [Signal] = []
        var ranges: [Range<Int>] = []
    }

    /// S10 numbers (found by `S10.find`) that fail validation, and valid ones whose issuing country is not
    /// served by the operator the message claims to be. A number missing its country is left alone: too
    /// many order and reference numbers have that shape to treat it as evidence.
    func trackingSignals(in text: NormalizedText, claimed: [PostalOperator]) -> TrackingFindings {
        var findings = TrackingFindings()
        let claimedCountries = Set(claimed.flatMap(\.countries))
        for match in S10.find(in: text.original) {
            let utf16 = text.original.utf16
            let start = utf16.distance(from: utf16.startIndex, to: match.range.lowerBound)
            let end = utf16.distance(from: utf16.startIndex, to: match.range.upperBound)
            guard let range = text.range(utf16: start..<end) else { continue }
            findings.ranges.append(range)
            guard findings.signals.count < Self.maximumSignalsPerKind * 2 else { continue }
            let validation = match.validation
            guard let number = validation.number else {
                guard let error = validation.errors.first, !validation.errors.contains(where: { $0.code == .countryMissing }) else { continue }
                let reason = rules.localizedByLanguage { error.message(in: $0) }
                findings.signals.append(signal(.trackingNumberInvalid, weight: 2, range: range, in: text,
                                               values: ["reason": reason], details: ["problem": error.code.rawValue]))
                continue
            }
            guard !claimed.isEmpty, !claimedCountries.contains(number.countryCode) else { continue }
            let country = number.country
            findings.signals.append(signal(.trackingNumberCountryMismatch, weight: 1, range: range, in: text,
                                           values: ["text": .same(number.description),
                                                    "country": rules.localizedByLanguage { country.name(in: $0) },
                                                    "operator": operatorName(claimed)],
                                           details: ["country": number.countryCode, "operator": claimed.map(\.id).joined(separator: ",")]))
        }
        return findings
    }
}
