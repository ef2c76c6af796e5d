/// A catalogue sentence split at load into literal text and `{name}` placeholders.
struct Template: Sendable {
    enum Segment: Sendable {
        case literal(String)
        case placeholder(String)
    }
    /// The sentence as written in the catalogue.
    let text: String
    let segments: [Segment]
    /// Bytes of the literal parts, to reserve the output once.
    private let literalLength: Int
    private let hasPlaceholder: Bool

    /// Splits with the rules `Catalogue.fill` has always had: `{` starts a name (dropping an unfinished one),
    /// `}` ends it, an unclosed brace stays text.
    init(_ template: String) {
        var segments: [Segment] = [], literal = "", name: String?
        for ch in template {
            if ch == "{" { name = "" }
            else if ch == "}", let n = name {
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(.placeholder(n)); name = nil
            }
            else if name != nil { name!.append(ch) }
            else { literal.append(ch) }
        }
        if let name { literal += "{" + name }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.text = template
        self.segments = segments
        self.hasPlaceholder = segments.contains { if case .placeholder = $0 { true } else { false } }
        self.literalLength = segments.reduce(0) { n, s in if case .literal(let l) = s { n + l.utf8.count } else { n } }
    }

    /// The sentence with its placeholders replaced; unknown names stay as `{name}`.
    func filled(_ args: [String: String]) -> String { filled { args[$0] } }

    /// The sentence with each placeholder asked of `value` only when the sentence has it; nil keeps `{name}`.
    func filled(_ value: (String) -> String?) -> String {
        // Without placeholders there is at most one literal (not always `text`: a dropped `{name` is not in it).
        guard hasPlaceholder else {
            if case .literal(let l)? = segments.first { return l }
            return ""
        }
        var out = ""
        out.reserveCapacity(literalLength + 64)
        for segment in segments {
            switch segment {
            case .literal(let l): out += l
            case .placeholder(let n):
                if let v = value(n) { out += v } else { out += "{"; out += n; out += "}" }
            }
        }
        return out
    }
}
