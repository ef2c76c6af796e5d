/// A language PostTrace speaks to people in. Each has one catalogue file named by its `rawValue`
/// (PostTraceCore's `Resources/Catalogue/<tag>.json`); adding a language is one case and one file.
public enum Language: String, Sendable, Hashable, CaseIterable, Codable {
    /// English, the fallback when nothing offered matches.
    case en
    /// Chinese in simplified characters (mainland China, Singapore).
    case zhHans = "zh-Hans"
    /// Chinese in traditional characters (Taiwan, Hong Kong, Macau).
    case zhHant = "zh-Hant"
    /// Japanese.
    case ja
    /// Korean.
    case ko
    /// Russian.
    case ru
    /// Spanish.
    case es
    /// French.
    case fr
    /// German.
    case de
    /// Portuguese.
    case pt
    /// Arabic, written right to left.
    case ar

    /// Whether the language is written right to left (pages carry `dir="rtl"`).
    public var isRightToLeft: Bool { self == .ar }

    /// RFC 4647 lookup of one language range (`pt-BR`, `zh_TW`, `ZH-hant-hk`, `es-419`): Chinese ranges are
    /// first expanded by script, then subtags are dropped from the end until a supported tag matches.
    /// Nil for ranges that match nothing offered (`sv`, `*`, garbage).
    public init?(tag: some StringProtocol) {
        guard let found = Language.lookup(Array(tag.utf8)) else { return nil }
        self = found
    }

    /// The best language for an HTTP `Accept-Language` header (RFC 9110 §12.5.4): ranges are tried in
    /// descending q order (ties keep the header's order) with `init(tag:)`; q=0 ranges are refused;
    /// English when none matches or the header is absent.
    public static func negotiate(acceptLanguage header: String?) -> Language {
        guard let header else { return .en }
        var ranges: [(tag: ArraySlice<UInt8>, q: Int)] = []
        for part in Array(header.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true).prefix(maximumRanges) {
            let pieces = part.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            let tag = trimmed(pieces[0])
            guard !tag.isEmpty else { continue }
            var q = 1000
            for parameter in pieces.dropFirst() {
                let p = trimmed(parameter)
                if p.count >= 2, p.first! | 0x20 == UInt8(ascii: "q"), p[p.startIndex + 1] == UInt8(ascii: "=") {
                    q = weight(p.dropFirst(2)) ?? -1
                }
            }
            if q > 0 { ranges.append((tag, q)) }
        }
        // A stable sort: equal weights keep the order the client wrote them in.
        for (tag, _) in ranges.enumerated().sorted(by: { ($0.element.q, -$0.offset) > ($1.element.q, -$1.offset) }).map(\.element) {
            if let language = lookup(Array(tag)) { return language }
        }
        return .en
    }

    /// `?lang=` first (when it names a language we speak), then `Accept-Language`, then English.
    public static func choose(query: String?, acceptLanguage: String?) -> Language {
        if let query, let language = Language(tag: query) { return language }
        return negotiate(acceptLanguage: acceptLanguage)
    }

    /// More ranges than any browser sends are ignored, so a hostile header costs bounded work.
    static let maximumRanges = 32

    /// A qvalue (`1`, `0.8`, `0.125`, `1.000`) in thousandths; nil when malformed (RFC 9110 §12.4.2).
    static func weight(_ text: ArraySlice<UInt8>) -> Int? {
        guard let first = text.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = Int(first - UInt8(ascii: "0")) * 1000
        let rest = text.dropFirst()
        guard !rest.isEmpty else { return value }
        guard rest.first == UInt8(ascii: "."), rest.count <= 4 else { return nil }
        var scale = 100
        for digit in rest.dropFirst() {
            guard digit &- UInt8(ascii: "0") < 10 else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }

    /// The lookup itself over the range's bytes, lower-cased, `_` read as `-`.
    static func lookup(_ range: [UInt8]) -> Language? {
        guard range.count <= 64 else { return nil }
        var subtags: [[UInt8]] = [[]]
        for byte in range {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "_"): subtags.append([])
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): subtags[subtags.count - 1].append(byte | 0x20)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): subtags[subtags.count - 1].append(byte)
            default: return nil
            }
        }
        if subtags[0] == Array("zh".utf8) { return chinese(subtags.dropFirst()) }
        while !subtags.isEmpty {
            let candidate = subtags.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "-")
            if let match = allCases.first(where: { $0.rawValue.lowercased() == candidate }) { return match }
            subtags.removeLast()
        }
        return nil
    }

    /// Chinese by script: an explicit script wins; Taiwan, Hong Kong and Macau write traditional
    /// characters; every other region, and bare `zh`, simplified.
    private static func chinese(_ rest: ArraySlice<[UInt8]>) -> Language {
        if rest.contains(Array("hant".utf8)) { return .zhHant }
        if rest.contains(Array("hans".utf8)) { return .zhHans }
        let traditional = [Array("tw".utf8), Array("hk".utf8), Array("mo".utf8)]
        return rest.contains(where: { traditional.contains($0) }) ? .zhHant : .zhHans
    }

    private static func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == UInt8(ascii: " ") || f == UInt8(ascii: "\t") { s.removeFirst() }
        while let l = s.last, l == UInt8(ascii: " ") || l == UInt8(ascii: "\t") { s.removeLast() }
        return s
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
