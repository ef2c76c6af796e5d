import PostTraceCore
import S10

/// Checks the text of an SMS, e-mail or chat message for signs of a postal scam.
///
/// Pure and local: it never fetches a link, never stores the message, and explains every signal
/// in every language of its rules. Rules come from data files (`RuleBook`) and the postal contacts directory.
public struct MessageChecker: Sendable {
    /// The largest message accepted, in UTF-8 bytes (20 KB).
    public static let maximumBytes = 20 * 1024
    /// At most this many signals of one kind are reported (the score is the same; a 20 KB message
    /// repeating one link 500 times would otherwise produce a huge answer).
    public static let maximumSignalsPerKind = 20

    let rules: RuleBook
    let directory: PostalDirectory
    let phrases: CompiledPhrases
    let links: LinkJudge

    /// A checker with the shipped rules and directory.
    public static let shipped = MessageChecker()

    /// Makes a checker from rules and a directory (defaults: the shipped ones).
    public init(rules: RuleBook = .shipped, directory: PostalDirectory = .shipped) {
        self.rules = rules
        self.directory = directory
        phrases = CompiledPhrases(rules: rules, directory: directory)
        links = LinkJudge(rules: rules.links, directory: directory)
    }

    /// Checks a message. Throws `message_too_large` above 20 KB of UTF-8 and `message_empty` for blank text.
    public func check(_ text: String) throws(MessageCheckError) -> MessageCheckResult {
        let bytes = text.utf8.count
        guard bytes <= Self.maximumBytes else { throw .tooLarge(bytes) }
        let normalized = NormalizedText(text)
        guard normalized.scalars.contains(where: { $0 != " " }) else { throw .empty }
        let hits = phrases.table.matches(in: normalized)
        let claimed = claimedOperators(in: normalized, hits: hits)
        // A directory operator named as the sender (`Почта России:`, `【中国邮政】`) is a carrier's claim too.
        let carrier = claimsCarrier(normalized, hits: hits) || !claimed.isEmpty
        let linkFindings = linkSignals(in: normalized, claimed: claimed, claimsCarrier: carrier)
        // Words inside a URL (`/pay`) are part of the link, judged as a link; requests an anti-fraud warning
        // quotes are described, not made.
        let warnings = warningSentences(in: normalized, hits: hits, outside: linkFindings.ranges)
        var signals = phraseSignals(in: normalized, hits: hits, outside: linkFindings.ranges, describing: warnings, claimsCarrier: carrier)
        signals += linkFindings.signals
        let tracking = trackingSignals(in: normalized, claimed: claimed)
        signals += tracking.signals
        let accounts = bankAccountSignals(in: normalized, hits: hits, claimsCarrier: carrier, skipping: linkFindings.ranges + tracking.ranges,
                                          describing: warnings)
        signals += accounts.signals
        signals += qrCodeSignals(in: normalized, hits: hits, claimsCarrier: carrier, describing: warnings)
        signals += attachmentSignals(in: normalized, hits: hits, claimsCarrier: carrier, skipping: linkFindings.ranges, describing: warnings)
        signals += phoneSignals(in: normalized, claimed: claimed, skipping: linkFindings.ranges + tracking.ranges + accounts.ranges)
        signals += hiddenCharacterSignals(in: normalized, linkRanges: linkFindings.ranges)
        signals = softenWithoutOutsideRoute(signals)
        signals = signals.map { pointingToContacts($0, claimed: claimed) }
        signals.sort { ($0.span.start, $0.span.end, $0.kind.rawValue) < ($1.span.start, $1.span.end, $1.kind.rawValue) }
        return verdict(for: signals, claimed: claimed, claimsCarrier: carrier)
    }

    /// Whether the message presents itself as sent by a post, courier, driver or customs: a `sender_claims`
    /// word where a sender names itself (near the start or in 【】 brackets), as for operators' names.
    func claimsCarrier(_ text: NormalizedText, hits: PhraseHits) -> Bool {
        let s = text.scalars
        return hits[.senderClaims].contains { match in
            let r = match.range
            return r.lowerBound < Self.senderZone || r.lowerBound > 0 && ["【", "[", "［"].contains(s[r.lowerBound - 1])
        }
    }

    /// How far into a message a name still reads as the sender (`USPS:`, `【中国邮政】`, `From: Royal Mail`).
    static let senderZone = 60

    /// The operators a message claims to come from, in directory order: named near the start or in
    /// 【】/[] brackets (a Chinese SMS signature). A later mention (`shipped with USPS`) is not a claim.
    func claimedOperators(in text: NormalizedText, hits: PhraseHits) -> [PostalOperator] {
        let s = text.scalars
        let tags = Set(hits[.operatorNames].filter { match in
            let r = match.range
            let bracketed = r.lowerBound > 0 && ["【", "[", "［"].contains(s[r.lowerBound - 1])
                || r.upperBound < s.count && ["】", "]", "］"].contains(s[r.upperBound])
            return r.lowerBound < Self.senderZone || bracketed
        }.map(\.tag))
        return directory.operators.enumerated().filter { tags.contains($0.offset) }.map(\.element)
    }

    /// A request for money or details, and pressure, weigh less when the message offers no route other than
    /// the operator's own (no unofficial link, no unpublished phone, no other channel, no request for
    /// credentials to send back): real notices say a charge is due or an item will be returned and point to
    /// the official site; a scam needs a route of its own to collect.
    func softenWithoutOutsideRoute(_ signals: [Signal]) -> [Signal] {
        let outside: Set<SignalKind> = [.linkNotOfficial, .linkLookalike, .linkHomoglyph, .linkPunycode, .linkShortener,
                                         .linkIPAddress, .phoneNotPublished, .contactOutside, .credentialRequest, .bankAccount, .qrCode,
                                         .attachment]
        // A card number merely mentioned (weight 2) is no route; one asked for is. A bank account is a route
        // only where the sender claims to be a carrier (weight 3); a shop's account is information.
        // A link to a well-known shop or courier is information, not a route of the scammer's own; so is a
        // card named as a way to pay the courier at the door. A QR code or an attachment to open is a route where a
        // carrier asks (weight 3).
        let notRoute = { (kind: SignalKind) in
            kind == .credentialRequest ? 2 : kind == .bankAccount || kind == .qrCode || kind == .attachment ? 1 : 0
        }
        guard !signals.contains(where: { outside.contains($0.kind) && $0.weight > notRoute($0.kind)
            && $0.details["known_service"] == nil && $0.details[Self.atDeliveryDetail] == nil }) else { return signals }
        // Where the message's only place to act is the operator's or a well-known company's own site (`ups.com`), a
        // card or payment named there is how that site takes payment, not a request through the message.
        let ownSite = signals.contains { $0.kind == .linkOfficial || $0.details["known_service"] != nil }
        return signals.map { signal in
            let softened: Int
            switch (signal.kind, signal.weight) {
            // Paying the driver in cash, by card or electronic money is how cash on delivery works.
            case (.paymentRequest, 2...) where signal.details[Self.atDeliveryDetail] != nil: softened = 1
            case (.credentialRequest, 2...) where signal.details[Self.atDeliveryDetail] != nil: softened = 1
            case (.paymentRequest, 2...3) where ownSite: softened = 1
            case (.credentialRequest, 2) where ownSite: softened = 1
            case (.paymentRequest, 3): softened = 2
            case (.detailsRequest, 2), (.urgency, 2): softened = 1
            default: return signal
            }
            return Signal(kind: signal.kind, severity: softened <= 1 ? .info : .warning, weight: softened, span: signal.span,
                          text: signal.text, explanation: signal.explanation, details: signal.details)
        }
    }

    /// Builds a signal for a normalized range.
    func signal(_ kind: SignalKind, weight: Int, range: Range<Int>, in text: NormalizedText,
                values: [String: CheckText] = [:], details: [String: String] = [:]) -> Signal {
        signal(kind, weight: weight, span: text.span(range), in: text, values: values, details: details)
    }

    /// Builds a signal for a UTF-16 span of the original text.
    func signal(_ kind: SignalKind, weight: Int, span: TextSpan, in text: NormalizedText,
                values: [String: CheckText] = [:], details: [String: String] = [:]) -> Signal {
        let original = text.originalText(span)
        var values = values
        if values["text"] == nil { values["text"] = .same(Self.shortened(original)) }
        let severity: Severity = weight <= 1 ? .info : (weight >= 4 ? .danger : .warning)
        return Signal(kind: kind, severity: severity, weight: weight, span: span, text: original,
                      explanation: rules.explain(kind, values), details: details)
    }

    /// Long quotes are cut in explanations (a 2,000-character URL would drown the sentence).
    static func shortened(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "…"
    }

    /// The operator names for explanations: "China Post / EMS" or "any postal operator in our directory".
    func operatorName(_ claimed: [PostalOperator]) -> CheckText {
        claimed.isEmpty ? rules.fragment("any_operator") : rules.operatorNames(claimed)
    }
}
