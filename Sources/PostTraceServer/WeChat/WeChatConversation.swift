import PostTraceCore
import S10

/// Turns a follower's text into the reply: each tracking number's status and last scan, the
/// problem and suggestions for an invalid one, or a short help text when there is no number.
public struct WeChatConversation: Sendable {
    /// Numbers answered per message; more would not fit the platform's reply limit.
    public static let maximumNumbers = 5
    /// Suggestions shown for one invalid number.
    static let maximumSuggestions = 3

    /// The numbers in a message, found with `S10.find(in:)`, and the language to answer in.
    public struct Request: Sendable {
        public var matches: [S10Match]
        public var language: Language
        /// Valid numbers to look up, in message order, without repeats, at most `maximumNumbers`.
        public var numbers: [S10Number]
    }

    /// Reads the message text.
    public static func read(_ text: String) -> Request {
        // Longer texts are not messages people type; cap the scan so the 5-second budget holds.
        let scanned = String(text.unicodeScalars.prefix(4096))
        let matches = S10.find(in: scanned)
        var seen = Set<S10Number>(), numbers: [S10Number] = []
        for match in matches { if let n = match.validation.number, seen.insert(n).inserted { numbers.append(n) } }
        return Request(matches: matches, language: Language.ofWeChatMessage(scanned, ignoring: matches.map(\.range)),
                       numbers: Array(numbers.prefix(maximumNumbers)))
    }

    /// Every number whose events the reply can use: the valid numbers, the suggestions for invalid ones (those
    /// with records are named first) and the neighbours of valid ones (named when the number has no record).
    /// One store call for all of them keeps the reply within the platform's time limit.
    public static func wanted(by request: Request) -> [S10Number] {
        var seen = Set<S10Number>(), out: [S10Number] = []
        let invalid = request.matches.prefix(maximumNumbers).filter { $0.validation.number == nil }
        for n in request.numbers + invalid.flatMap(\.validation.suggestions) + request.numbers.flatMap(S10.neighbours(of:))
        where seen.insert(n).inserted { out.append(n) }
        return out
    }

    /// The reply text, given the stored events of `wanted(by: request)` (or at least of `request.numbers`).
    /// `lanes`: the prepared lane table the delivery estimates are read from.
    public static func reply(to request: Request, events: [S10Number: [TrackingEvent]], now: Int64, lanes: LaneTable = .empty) -> String {
        let lang = request.language
        guard !request.matches.isEmpty else { return Catalogue.text(.wechatHelp, lang) }
        var blocks: [String] = [], answered = Set<S10Number>(), shown = 0
        for match in request.matches {
            guard shown < maximumNumbers else {
                blocks.append(Catalogue.text(.wechatTooMany, lang, ["max": String(maximumNumbers)]))
                break
            }
            if let number = match.validation.number {
                guard answered.insert(number).inserted else { continue }
                let timeline = Timeline(number: number, events: events[number] ?? [], language: lang, now: now, lanes: lanes)
                var block = TimelineText.summary(timeline).trimmingTrailingNewlines
                if timeline.events.isEmpty {
                    // Often a slip the check digit cannot see (CM typed for CN): name near numbers with records.
                    let near = S10.neighbours(of: number).filter { !(events[$0] ?? []).isEmpty }
                    if !near.isEmpty { block += "\n" + didYouMean(near, lang) }
                }
                blocks.append(block)
            } else {
                blocks.append(invalid(match, known: { !(events[$0] ?? []).isEmpty }, lang))
            }
            shown += 1
        }
        return blocks.joined(separator: "\n\n")
    }

    /// `Not a valid number: EE12345678CN` + the first problem + up to three suggestions, those with records first.
    static func invalid(_ match: S10Match, known: (S10Number) -> Bool, _ lang: Language) -> String {
        var lines = [Catalogue.text(.wechatInvalidNumber, lang) + Catalogue.text(.labelSeparator, lang) + String(match.text)]
        if let error = match.validation.errors.first { lines.append(error.message(in: lang)) }
        let suggestions = match.validation.suggestions
        let ranked = suggestions.filter(known) + suggestions.filter { !known($0) }
        if !ranked.isEmpty { lines.append(didYouMean(ranked, lang)) }
        return lines.joined(separator: "\n")
    }

    /// `Did you mean: A, B, C?`, at most three.
    static func didYouMean(_ numbers: [S10Number], _ lang: Language) -> String {
        let list = numbers.prefix(maximumSuggestions).map(\.description).joined(separator: Catalogue.text(.listSeparator, lang))
        return Catalogue.text(.wechatDidYouMean, lang, ["numbers": list])
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var s = self
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
