import PostTraceCore
import S10

/// How the checker sums up a message. Never "safe": only whether warning signs were found.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case likelyScam = "likely_scam"
    case suspicious
    case noWarningSigns = "no_warning_signs"
}

/// How much a single signal weighs on the verdict.
public enum Severity: String, Sendable, Codable, CaseIterable {
    /// Worth knowing, not a warning sign (e.g. a link to an official site).
    case info
    case warning
    case danger
}

/// What a signal is about; the raw value is the stable machine code.
public enum SignalKind: String, Sendable, Codable, CaseIterable {
    case paymentRequest = "payment_request"
    case credentialRequest = "credential_request"
    case urgency
    case detailsRequest = "details_request"
    case contactOutside = "contact_outside"
    case linkOfficial = "link_official"
    case linkNotOfficial = "link_not_official"
    case linkLookalike = "link_lookalike"
    case linkHomoglyph = "link_homoglyph"
    case linkPunycode = "link_punycode"
    case linkShortener = "link_shortener"
    case linkIPAddress = "link_ip_address"
    case hiddenCharacters = "hidden_characters"
    case trackingNumberInvalid = "tracking_number_invalid"
    case trackingNumberCountryMismatch = "tracking_number_country_mismatch"
    case phoneOfficial = "phone_official"
    case phoneNotPublished = "phone_not_published"
    case bankAccount = "bank_account"
    case qrCode = "qr_code"
    case attachment
    case reshippingJob = "reshipping_job"
}

/// A stretch of the checked text, in UTF-16 code units from the start (as JavaScript strings count), end exclusive.
public struct TextSpan: Sendable, Hashable, Codable {
    public let start: Int
    public let end: Int
    /// Makes a span from UTF-16 offsets.
    public init(start: Int, end: Int) { self.start = start; self.end = end }
}

/// One thing the checker noticed, with where it is and why it matters.
public struct Signal: Sendable, Hashable, Codable {
    public let kind: SignalKind
    public let severity: Severity
    /// Points this signal adds to the score (0 for information).
    public let weight: Int
    /// Where in the original text; highlight `text[span.start..<span.end]` in UTF-16 units.
    public let span: TextSpan
    /// The original text of the span, as received (hidden characters included).
    public let text: String
    /// Why this matters, in every language of the rules.
    public let explanation: CheckText
    /// Extra facts used in the explanation (`domain`, `looks_like`, `operator`, `country`…).
    public let details: [String: String]

    /// Makes a signal (the checker does; tests and other rule sources may too).
    public init(kind: SignalKind, severity: Severity, weight: Int, span: TextSpan, text: String,
                explanation: CheckText, details: [String: String] = [:]) {
        self.kind = kind; self.severity = severity; self.weight = weight; self.span = span; self.text = text
        self.explanation = explanation; self.details = details
    }
}

/// The outcome of checking one message.
public struct MessageCheckResult: Sendable, Hashable, Codable {
    public let verdict: Verdict
    /// The sum of the heaviest signal of each kind; the verdict is derived from it and from combinations.
    public let score: Int
    /// A one-paragraph summary of the verdict in every language of the rules.
    public let summary: CheckText
    /// Every signal, in text order.
    public let signals: [Signal]
    /// Ids of the postal operators the message names (`cn-chinapost`, `us-usps`…).
    public let claimedOperators: [String]
    /// How `span` offsets count: always `utf16`.
    public let spanUnit: String

    enum CodingKeys: String, CodingKey {
        case verdict, score, summary, signals
        case claimedOperators = "claimed_operators"
        case spanUnit = "span_unit"
    }

    /// Makes a result; `span_unit` is always `utf16`.
    public init(verdict: Verdict, score: Int, summary: CheckText, signals: [Signal], claimedOperators: [String]) {
        self.verdict = verdict; self.score = score; self.summary = summary; self.signals = signals
        self.claimedOperators = claimedOperators; self.spanUnit = "utf16"
    }
}

/// Why a message could not be checked: a stable machine code and a human message.
public struct MessageCheckError: Error, Sendable, Hashable {
    /// Stable machine code: `message_too_large` or `message_empty`.
    public let code: String
    public let message: String

    /// The message is longer than `MessageChecker.maximumBytes` in UTF-8.
    public static func tooLarge(_ bytes: Int) -> MessageCheckError {
        MessageCheckError(code: "message_too_large",
                          message: "the message is \(bytes) bytes; at most \(MessageChecker.maximumBytes) bytes (20 KB) of UTF-8 can be checked")
    }
    /// The message is empty or only blank characters.
    public static let empty = MessageCheckError(code: "message_empty", message: "the message is empty: paste the text you received")
}
