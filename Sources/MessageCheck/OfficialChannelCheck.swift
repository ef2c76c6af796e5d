import PostTraceCore

/// The answer to "is this link or phone number really the post?": one link or number judged against the
/// directory and the link rules, without fetching anything.
public struct OfficialChannelCheck: Sendable, Equatable {
    /// The overall answer.
    public enum Verdict: String, Sendable, Equatable {
        case official, lookalike, shortener, unknown
    }

    /// Why the verdict was given; each reason has its own explanation.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// The host is an official domain of `operator`.
        case officialDomain = "official_domain"
        /// The number is a published number of `operator`.
        case officialPhone = "official_phone"
        /// The host uses letters from other alphabets that read as `readsAs`.
        case homoglyph
        /// The host is written in Punycode (`xn--…`) and reads as `readsAs`.
        case punycode
        /// The host imitates a postal brand (`chinap0st.com`, `usps-delivery.top`).
        case lookalikeBrand = "lookalike_brand"
        /// A link-shortening service that hides where the link leads.
        case shortener
        /// A bare IP address instead of a name.
        case ipAddress = "ip_address"
        /// A well-known company (marketplace, courier, tracking site) that is not a postal operator.
        case knownService = "known_service"
        /// A name that belongs to no operator in the directory.
        case notInDirectory = "not_in_directory"
        /// An internationalized name that imitates no post.
        case internationalName = "international_name"
        /// A number no operator in the directory publishes.
        case unpublishedPhone = "unpublished_phone"
        /// A post's name placed before an `@` (`https://ems.com.cn@evil.example`): the browser goes to `host`.
        case disguisedByUserInfo = "disguised_by_user_info"
    }

    public let verdict: Verdict
    public let reason: Reason
    /// The host that was judged (lower case, without user info, port or trailing dot), for links.
    public let host: String?
    /// What a homoglyph or Punycode host reads as (`chinapost.com`).
    public let readsAs: String?
    /// The operator that owns the link or number, or the one it imitates.
    public let postalOperator: PostalOperator?
    /// The official website to use instead (the owner's, or the imitated operator's), when one is known.
    public var officialAlternative: String? { postalOperator?.website }
}

/// Why a link or number could not be judged; `code` is stable, `message` is for people.
public struct OfficialChannelInputError: Error, Sendable, Equatable {
    /// `url_empty`, `url_too_long`, `invalid_url`, `unsupported_scheme`, `phone_empty`, `invalid_phone`.
    public let code: String
    /// What is wrong, in English.
    public let message: String
}

extension MessageChecker {
    /// The longest URL judged, in UTF-8 bytes: longer ones are refused rather than cut (browsers and servers
    /// commonly stop near this length, and a longer link is itself unusual).
    public static let maximumURLBytes = 2048
    /// The longest phone input judged, in characters.
    public static let maximumPhoneCharacters = 64

    /// Judges one link. Never fetches it: only its host is read, as a browser would (after user info, before the port).
    public func checkLink(_ url: String) throws(OfficialChannelInputError) -> OfficialChannelCheck {
        let (host, userInfo) = try ChannelInput.parts(ofURL: url)
        let result = checkHost(host)
        guard result.verdict != .official, let shown = userInfo.flatMap(disguise(in:)) else { return result }
        return .init(verdict: .lookalike, reason: .disguisedByUserInfo, host: host, readsAs: shown.text, postalOperator: shown.imitated)
    }

    /// The post a link's user info pretends to be (`ems.com.cn`, `usps.com:x`), judged as a host would be.
    func disguise(in userInfo: String) -> (text: String, imitated: PostalOperator)? {
        let user = String(userInfo.prefix { $0 != ":" }).lowercased()
        guard user.contains("."), let readsAs = try? ChannelInput.host(ofURL: user) else { return nil }
        let judged = checkHost(readsAs)
        guard judged.verdict == .official || judged.verdict == .lookalike, let op = judged.postalOperator else { return nil }
        return (user, op)
    }

    func checkHost(_ host: String) -> OfficialChannelCheck {
        if ChannelInput.isIPAddress(host) { return .init(verdict: .unknown, reason: .ipAddress, host: host, readsAs: nil, postalOperator: nil) }
        let labels = host.split(separator: ".")
        if labels.contains(where: { $0.hasPrefix("xn--") }) {
            let decoded = labels.map { $0.hasPrefix("xn--") ? Punycode.decode($0.dropFirst(4)) ?? String($0) : String($0) }.joined(separator: ".")
            return internationalCheck(host: host, unicode: decoded, reason: .punycode)
        }
        if host.unicodeScalars.contains(where: { !$0.isASCII }) { return internationalCheck(host: host, unicode: host, reason: .homoglyph) }
        switch links.judge(host) {
        case .official(let index):
            return .init(verdict: .official, reason: .officialDomain, host: host, readsAs: nil, postalOperator: directory.operators[index])
        case .shortener: return .init(verdict: .shortener, reason: .shortener, host: host, readsAs: nil, postalOperator: nil)
        case .lookalike(let brand):
            return .init(verdict: .lookalike, reason: .lookalikeBrand, host: host, readsAs: nil, postalOperator: operatorOwning(brand: brand))
        case .knownService: return .init(verdict: .unknown, reason: .knownService, host: host, readsAs: nil, postalOperator: nil)
        case .ipAddress: return .init(verdict: .unknown, reason: .ipAddress, host: host, readsAs: nil, postalOperator: nil)
        case .homoglyph, .punycode, .notOfficial, .freeHost, .paymentLink:
            return .init(verdict: .unknown, reason: .notInDirectory, host: host, readsAs: nil, postalOperator: nil)
        }
    }

    /// A host with non-ASCII letters: a look-alike when, read with look-alike letters folded, it is an official
    /// domain or imitates a brand; otherwise an internationalized name of no post.
    func internationalCheck(host: String, unicode: String, reason: OfficialChannelCheck.Reason) -> OfficialChannelCheck {
        let readsAs = links.confusables.fold(unicode, foreignOnly: true)
        var imitated: PostalOperator?
        var isLookalike = false
        switch links.judge(readsAs) {
        case .official(let index): imitated = directory.operators[index]; isLookalike = true
        case .lookalike(let brand): imitated = operatorOwning(brand: brand); isLookalike = true
        default:
            let labels = readsAs.split(separator: ".", omittingEmptySubsequences: false)
            if let brand = links.lookalikeBrand(labels) { imitated = operatorOwning(brand: brand); isLookalike = true }
        }
        guard isLookalike else { return .init(verdict: .unknown, reason: .internationalName, host: host, readsAs: readsAs, postalOperator: nil) }
        return .init(verdict: .lookalike, reason: reason, host: host, readsAs: readsAs, postalOperator: imitated)
    }

    /// Judges one phone number: official when an operator in the directory publishes it (in any written form).
    public func checkPhone(_ phone: String) throws(OfficialChannelInputError) -> OfficialChannelCheck {
        let digits = try ChannelInput.phoneDigits(phone)
        let owner = directory.operators.first { op in
            op.phones.contains { $0.number == digits.e164 || Self.samePhone($0.number, digits.digits) || Self.samePhone($0.display, digits.digits) }
        }
        guard let owner else { return .init(verdict: .unknown, reason: .unpublishedPhone, host: nil, readsAs: nil, postalOperator: nil) }
        return .init(verdict: .official, reason: .officialPhone, host: nil, readsAs: nil, postalOperator: owner)
    }

    /// The operator a brand token belongs to: one of its domains' names or one of its (ASCII) aliases.
    func operatorOwning(brand: String) -> PostalOperator? {
        directory.operators.first { op in
            op.domains.contains { LinkJudge.registrableLabel(of: $0) == brand }
                || op.aliases.contains { String($0.lowercased().unicodeScalars.filter(\.isASCIIAlnum)) == brand }
        }
    }

    /// The `/contacts` page entry of an operator, e.g. `/contacts/CN#cn-chinapost`.
    public static func contactsPath(of op: PostalOperator) -> String {
        "/contacts/\(op.countries.first ?? "")#\(op.id)"
    }
}

extension MessageChecker {
    /// `signal` with a `contacts` detail (`/contacts/CN#cn-chinapost`) when it concerns one operator: the one it
    /// names, the one a look-alike imitates, or, for an unofficial link or number, the one the message claims.
    func pointingToContacts(_ signal: Signal, claimed: [PostalOperator]) -> Signal {
        let routes: Set<SignalKind> = [.linkNotOfficial, .linkShortener, .linkIPAddress, .linkPunycode, .linkHomoglyph, .phoneNotPublished]
        let named = signal.details["operator"].flatMap { id in directory.operators.first { $0.id == id } }
        let imitated = signal.details["looks_like"].flatMap { readsAs in
            operatorOwning(brand: readsAs) ?? links.lookalikeBrand(readsAs.split(separator: ".", omittingEmptySubsequences: false)).flatMap(operatorOwning(brand:))
        }
        guard let op = named ?? imitated ?? (routes.contains(signal.kind) ? claimed.first : nil) else { return signal }
        var details = signal.details
        details["contacts"] = Self.contactsPath(of: op)
        return Signal(kind: signal.kind, severity: signal.severity, weight: signal.weight, span: signal.span, text: signal.text,
                      explanation: signal.explanation, details: details)
    }
}
