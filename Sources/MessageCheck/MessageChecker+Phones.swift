import PostTraceCore

extension MessageChecker {
    /// Phone numbers in the message: published ones of a directory operator are noted, others are a warning sign.
    /// A digit run counts as a phone when it starts with `+`, follows or precedes a cue word (`call`, `までお電話`),
    /// or has the shape of a mobile or service number (see `hasPhoneShape`), so order numbers and amounts do not.
    func phoneSignals(in text: NormalizedText, claimed: [PostalOperator], skipping taken: [Range<Int>]) -> [Signal] {
        let s = text.scalars
        var signals: [Signal] = []
        var i = 0
        while i < s.count {
            // A number may open with `+` or a bracketed area code: `(11) 4003-7721`.
            guard s[i].isASCIIDigit || ((s[i] == "+" || s[i] == "(") && i + 1 < s.count && s[i + 1].isASCIIDigit),
                  i == 0 || !(s[i - 1].isASCIIAlnum || s[i - 1] == "." || s[i - 1] == "," || Self.currency.contains(s[i - 1]))
            else { i += 1; continue }
            var end = i + 1, digits = s[i].isASCIIDigit ? 1 : 0
            while end < s.count {
                if s[end].isASCIIDigit { digits += 1; end += 1; continue }
                // Separators (`+1 (202) 555-0147`) count when a digit follows within two characters.
                if Self.phoneSeparators.contains(s[end]), (end + 1..<min(s.count, end + 3)).contains(where: { s[$0].isASCIIDigit }) { end += 1; continue }
                break
            }
            let range = i..<end
            i = end
            guard (5...15).contains(digits), end == s.count || !(s[end].isASCIILetter || s[end] == "." && end + 1 < s.count && s[end + 1].isASCIIDigit),
                  !taken.contains(where: { $0.overlaps(range) }) else { continue }
            let number = String(String.UnicodeScalarView(s[range].filter(\.isASCIIDigit)))
            guard s[range.lowerBound] == "+" || hasPhoneCue(text, around: range) || Self.hasPhoneShape(number) else { continue }
            guard signals.count < Self.maximumSignalsPerKind * 2 else { break }
            if let signal = phoneSignal(number, range: range, claimed: claimed, in: text) { signals.append(signal) }
        }
        return signals
    }

    static let phoneSeparators: Set<Unicode.Scalar> = [" ", "-", "(", ")"]
    static let currency: Set<Unicode.Scalar> = ["$", "£", "€", "¥", "￥", "₹", "₽", "#", "№", "₩", "﷼"]

    /// Whether a cue word ends in the 24 characters before the number or starts in the 12 after it.
    func hasPhoneCue(_ text: NormalizedText, around range: Range<Int>) -> Bool {
        let before = max(0, range.lowerBound - 24)..<range.lowerBound
        // A number right after `customer service` is announced as a phone as much as one after `call`.
        if Self.containsAny(phrases.phoneCues, in: text.letters, before) || Self.containsAny(phrases.serviceCues, in: text.letters, before) {
            return true
        }
        return Self.containsAny(phrases.phoneCuesAfter, in: text.letters, range.upperBound..<min(text.count, range.upperBound + 12))
    }

    /// Whether any of `words` occurs inside `window` of `s` (short windows, a few dozen cue words).
    static func containsAny(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar], _ window: Range<Int>) -> Bool {
        for start in window {
            for word in words where word.first == s[start] && start + word.count <= window.upperBound {
                if s[start..<(start + word.count)].elementsEqual(word) { return true }
            }
        }
        return false
    }

    /// Chinese mobile (1[3-9] + 9 digits), 400/800 service numbers, North American 1-8xx toll-free numbers,
    /// Japanese and Korean mobiles (070/080/090, 010 + 8 digits), Saudi (05 + 8) and Egyptian (01 + 9) mobiles.
    static func hasPhoneShape(_ digits: String) -> Bool {
        let d = Array(digits.utf8)
        if d.count == 11, d[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(d[1]) { return true }
        if d.count == 10, digits.hasPrefix("400") || digits.hasPrefix("800") { return true }
        if d.count == 11, digits.hasPrefix("18") { return true }
        if d.count == 11, ["070", "080", "090", "010", "011", "012", "015"].contains(where: digits.hasPrefix) { return true }
        if d.count == 10, digits.hasPrefix("05") { return true }
        return false
    }

    /// Free-dial numbers (Japan 0120/0800, China 400/800, North America 1-8xx, UK 0800/0808), which a business
    /// must register for: a carrier's customer line is one, while call-back scams give mobile or IP-phone numbers.
    static func isTollFree(_ digits: String) -> Bool {
        let prefixes = ["0120", "0800", "0808", "400", "800", "1800", "1888", "1877", "1866", "1855", "1844", "1833"]
        return prefixes.contains { digits.hasPrefix($0) } && digits.count >= 9
    }

    func phoneSignal(_ digits: String, range: Range<Int>, claimed: [PostalOperator], in text: NormalizedText) -> Signal? {
        if let op = directory.operators.first(where: { $0.phones.contains { Self.samePhone($0.number, digits) || Self.samePhone($0.display, digits) } }) {
            return signal(.phoneOfficial, weight: 0, range: range, in: text, values: ["operator": rules.operatorNames([op])], details: ["operator": op.id])
        }
        // Five- and six-digit numbers are short codes (`Text STOP to 28777`) or national service numbers; only full numbers count.
        guard digits.count >= 7 else { return nil }
        let before = max(0, range.lowerBound - 24)..<range.lowerBound
        let after = range.upperBound..<min(text.count, range.upperBound + 12)
        let courier = Self.containsAny(phrases.courierCues, in: text.letters, before)
        let service = Self.containsAny(phrases.serviceCues, in: text.letters, before) || Self.containsAny(phrases.serviceCues, in: text.letters, after)
        let weight = courier ? 1 : (service || !claimed.isEmpty ? 2 : 1)
        var details = ["digits": digits]
        if courier { details["courier"] = "true" }
        if Self.isTollFree(digits) { details["toll_free"] = "true" }
        return signal(.phoneNotPublished, weight: weight, range: range, in: text, values: ["operator": operatorName(claimed)], details: details)
    }

    /// Same number allowing a country code or trunk prefix: `+44 3457 740740` matches `03457 740 740`.
    static func samePhone(_ published: String, _ digits: String) -> Bool {
        let a = String(published.filter(\.isASCIIDigitChar).drop { $0 == "0" })
        let b = String(digits.drop { $0 == "0" })
        guard !a.isEmpty, !b.isEmpty else { return false }
        if a == b { return true }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        return short.count >= 5 && long.hasSuffix(short) && long.count - short.count <= 3
    }
}
