/// A language PostTrace speaks to people in.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    /// English.
    case en
    /// Simplified Chinese.
    case zhHans = "zh-Hans"

    /// Reads a BCP 47 tag loosely: `zh`, `zh-CN`, `zh-Hans`, `zh_SG` → Chinese; `en`, `en-GB` → English.
    /// Traditional-Chinese tags also map to Chinese, the closer of the two languages offered.
    public init?(tag: some StringProtocol) {
        let lower = tag.lowercased()
        if lower == "en" || lower.hasPrefix("en-") || lower.hasPrefix("en_") { self = .en }
        else if lower == "zh" || lower.hasPrefix("zh-") || lower.hasPrefix("zh_") { self = .zhHans }
        else { return nil }
    }

    /// Picks the best language from an HTTP `Accept-Language` header, honouring q-values;
    /// English when nothing offered matches.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header else { return .en }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";")
            guard let first = pieces.first, let lang = Language(tag: first.trimmingASCIISpaces) else { continue }
            var q = 1.0
            for p in pieces.dropFirst() {
                let kv = p.trimmingASCIISpaces
                if kv.hasPrefix("q="), let v = Double(kv.dropFirst(2)) { q = v }
            }
            if q > 0, q > (best?.1 ?? -1) { best = (lang, q) }
        }
        return best?.0 ?? .en
    }
}

extension Substring {
    var trimmingASCIISpaces: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
