import PostTraceCore

extension MessageChecker {
    /// Words that announce a phone number within a few characters before it.
    /// Cues that present a number as customer service: an unpublished one is then a strong sign.
    static let serviceCues = ["customer service", "hotline", "helpline", "agent", "department", "客服", "热线", "专员", "专线", "官方", "中心"]
    /// Cues that present a number as the courier's own phone, which is normal in delivery notices.
    static let courierCues = ["courier", "driver", "postman", "投递员", "快递员", "派送员", "揽投员", "配送员", "师傅", "小哥"]

    static let phoneCues = ["call", "phone", "tel", "telephone", "hotline", "contact", "text", "whatsapp", "sms", "dial", "ring", "mobile",
                            "电话", "致电", "拨打", "热线", "客服", "联系", "来电", "回拨", "回电", "咨询", "短信", "手机", "专线"]

    /// Phone numbers in the message: published ones of a directory operator are noted, others are a warning sign.
    /// A digit run counts as a phone when it starts with `+`, follows a cue word, or has the shape of a Chinese
    /// mobile or 400/800 service number or a North American toll-free number, so order numbers and amounts do not.
    func phoneSignals(in text: NormalizedText, claimed: [PostalOperator], skipping taken: [Range<Int>]) -> [Signal] {
        let s = text.scalars
        var signals: [Signal] = []
        var i = 0
        while i < s.count {
            guard s[i].isASCIIDigit || (s[i] == "+" && i + 1 < s.count && s[i + 1].isASCIIDigit),
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
            guard s[range.lowerBound] == "+" || hasPhoneCue(s, before: range.lowerBound) || Self.hasPhoneShape(number) else { continue }
            guard signals.count < Self.maximumSignalsPerKind * 2 else { break }
            if let signal = phoneSignal(number, range: range, claimed: claimed, in: text) { signals.append(signal) }
        }
        return signals
    }

    static let phoneSeparators: Set<Unicode.Scalar> = [" ", "-", "(", ")"]
    static let currency: Set<Unicode.Scalar> = ["$", "£", "€", "¥", "￥", "₹", "₽", "#", "№"]

    func hasPhoneCue(_ s: [Unicode.Scalar], before index: Int) -> Bool {
        let lo = max(0, index - 16)
        let window = String(String.UnicodeScalarView(s[lo..<index]))
        return Self.phoneCues.contains { window.contains($0) }
    }

    /// Chinese mobile (1[3-9] + 9 digits), 400/800 service numbers, North American 1-8xx toll-free numbers.
    static func hasPhoneShape(_ digits: String) -> Bool {
        let d = Array(digits.utf8)
        if d.count == 11, d[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(d[1]) { return true }
        if d.count == 10, digits.hasPrefix("400") || digits.hasPrefix("800") { return true }
        if d.count == 11, digits.hasPrefix("18") { return true }
        return false
    }

    func phoneSignal(_ digits: String, range: Range<Int>, claimed: [PostalOperator], in text: NormalizedText) -> Signal? {
        if let op = directory.operators.first(where: { $0.phones.contains { Self.samePhone($0.number, digits) } }) {
            return signal(.phoneOfficial, weight: 0, range: range, in: text, values: ["operator": op.name], details: ["operator": op.id])
        }
        // Five- and six-digit numbers are short codes (`Text STOP to 28777`) or national service numbers; only full numbers count.
        guard digits.count >= 7 else { return nil }
        let before = String(String.UnicodeScalarView(text.scalars[max(0, range.lowerBound - 24)..<range.lowerBound]))
        let weight = Self.courierCues.contains(where: before.contains) ? 1
            : (Self.serviceCues.contains(where: before.contains) || !claimed.isEmpty ? 2 : 1)
        return signal(.phoneNotPublished, weight: weight, range: range, in: text,
                      values: ["operator": operatorName(claimed)], details: ["digits": digits])
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
