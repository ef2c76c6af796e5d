import PostTraceCore

extension MessageChecker {
    /// Links found in a message: their signals and where they are (phone and number scans skip them).
    struct LinkFindings {
        var signals: [Signal] = []
        var ranges: [Range<Int>] = []
    }

    /// A host found in the text: with or without scheme, e-mail domains included.
    struct FoundLink {
        let range: Range<Int>
        let host: String
    }

    /// Finds links (with or without `http://`, bare domains, e-mail domains, IP addresses) and judges each host.
    /// `claimsCarrier`: the message presents itself as a post, courier or customs, whose page or address on a free
    /// host is a route of the sender's own.
    func linkSignals(in text: NormalizedText, claimed: [PostalOperator], claimsCarrier: Bool = false) -> LinkFindings {
        var findings = LinkFindings()
        var verdicts: [String: LinkJudge.Verdict] = [:], perKind: [SignalKind: Int] = [:]
        for link in findLinks(in: text) {
            findings.ranges.append(link.range)
            var verdict = verdicts[link.host] ?? links.judge(link.host)
            verdicts[link.host] = verdict
            if case .notOfficial = verdict, Self.looksShortened(text.string(link.range), host: link.host) { verdict = .shortener }
            // Count before building: explanations are the costly part of a signal.
            let kind = verdict.kind
            perKind[kind, default: 0] += 1
            if perKind[kind]! <= Self.maximumSignalsPerKind {
                findings.signals.append(linkSignal(link, verdict: verdict, claimed: claimed, claimsCarrier: claimsCarrier, in: text))
            }
        }
        return findings
    }

    /// Whether an unlisted link has the shape of a shortened one: a host of two labels whose name has at most three
    /// characters (`x.gd`, `rb.gy`, `u.to`) and a path of one segment of 4 to 12 letters and digits that looks drawn
    /// at random, as the key a shortener hands out does: both cases (`/kR7pQ`) or letters and digits mixed at least
    /// twice (`/3xk9q`). New shorteners appear every month; a list alone is always behind. A site's own page has a
    /// longer name, a path of words (`au.com/support`), or a word and a number (`hm.com/se5678`, `db.de/ticket1`):
    /// many shops and carriers have names of two or three letters.
    static func looksShortened(_ url: String, host: String) -> Bool {
        let labels = host.split(separator: ".")
        guard labels.count == 2, labels[0].count <= 3, let start = url.range(of: host)?.upperBound else { return false }
        var path = url[start...]
        guard path.first == "/" else { return false }
        path = path.dropFirst()
        while let last = path.last, last == "/" { path = path.dropLast() }
        let scalars = path.unicodeScalars
        guard (4...12).contains(scalars.count), scalars.allSatisfy(\.isASCIIAlnum), scalars.contains(where: \.isASCIIDigit),
              scalars.contains(where: \.isASCIILetter) else { return false }
        let upper = scalars.contains { (0x41...0x5A).contains($0.value) }, lower = scalars.contains { (0x61...0x7A).contains($0.value) }
        let switches = zip(scalars, scalars.dropFirst()).count { $0.isASCIIDigit != $1.isASCIIDigit }
        return (upper && lower) || switches >= 2
    }

    /// Scans runs of URL characters and keeps those whose host is plausible. Before the path only host
    /// characters count, so `ems.com.cn,thanks` stops at the comma; after `/` or `?` any URL character does.
    func findLinks(in text: NormalizedText) -> [FoundLink] {
        let s = text.scalars
        var found: [FoundLink] = []
        var i = 0
        while i < s.count {
            guard Self.isHostScalar(s[i]) else { i += 1; continue }
            var end = i + Self.schemeLength(s, at: i)
            var inPath = false
            while end < s.count {
                let c = s[end]
                if inPath { guard Self.isURLScalar(c) else { break } }
                else if c == "/" || c == "?" || c == "#" || c == "\\" { inPath = true }
                // A colon is a port only when digits follow (`Link:https://…` starts a new run).
                else if c == ":", !(end + 1 < s.count && s[end + 1].isASCIIDigit) { break }
                else if !(Self.isHostScalar(c) || c == "@" || c == ":") { break }
                end += 1
            }
            var lo = i, hi = end
            i = max(end, i + 1)
            while lo < hi, Self.trimmable.contains(s[lo]) { lo += 1 }
            while hi > lo, Self.trimmable.contains(s[hi - 1]) { hi -= 1 }
            guard hi - lo >= 4, let host = plausibleHost(text.string(lo..<hi)) else { continue }
            found.append(FoundLink(range: lo..<hi, host: host))
        }
        return found
    }

    /// The length of `http://`, `https://` (or the defanged `hxxp://`) at `i`, else 0.
    static func schemeLength(_ s: [Unicode.Scalar], at i: Int) -> Int {
        for scheme in schemes {
            let p = Array(scheme.unicodeScalars)
            if i + p.count <= s.count, Array(s[i..<(i + p.count)]) == p { return p.count }
        }
        return 0
    }
    static let schemes = ["https://", "http://", "hxxps://", "hxxp://"]

    static func isHostScalar(_ s: Unicode.Scalar) -> Bool {
        s.isASCIIAlnum || s.isLookalikeLetter || s == "-" || s == "." || s == "_"
    }

    /// The host of a candidate URL when it is plausibly a link, else nil.
    func plausibleHost(_ candidate: String) -> String? {
        var rest = Substring(candidate)
        var explicit = false
        for scheme in Self.schemes where rest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count); explicit = true; break
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" || $0 == "\\" } ?? rest.endIndex
        let hasPath = authorityEnd != rest.endIndex
        var authority = rest[..<authorityEnd]
        // `ems.com.cn@evil.top` leads to evil.top: what follows the last @ is the host.
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hasPort = false
        if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon]; hasPort = true }
        while authority.last == "." { authority = authority.dropLast() }
        let host = String(authority)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(Self.isHostLabel) else { return nil }
        if labels.count == 4, labels.allSatisfy({ $0.allSatisfy(\.isASCIIDigitChar) && $0.count <= 3 && Int($0)! <= 255 }) {
            return host
        }
        let clear = explicit || hasPort || host.hasPrefix("www.") || hasPath
        return links.isPlausibleHost(labels, explicit: clear) ? host : nil
    }

    static func isHostLabel(_ label: Substring) -> Bool {
        !label.isEmpty && label.count <= 63 && label.unicodeScalars.allSatisfy { $0.isASCIIAlnum || $0 == "-" || $0 == "_" || $0.isLookalikeLetter }
    }

    static let trimmable: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?", "'", "\"", ")", "]", "*", "-", "_", "~"]

    static func isURLScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCIIAlnum || s.isLookalikeLetter { return true }
        switch s {
        case "-", ".", "_", "~", ":", "/", "?", "#", "[", "]", "@", "!", "$", "&", "'", "*", "+", ",", ";", "=", "%", "\\": return true
        default: return false
        }
    }

    /// One signal for a judged link.
    func linkSignal(_ link: FoundLink, verdict: LinkJudge.Verdict, claimed: [PostalOperator], claimsCarrier: Bool = false,
                    in text: NormalizedText) -> Signal {
        var values: [String: CheckText] = ["domain": .same(link.host)]
        var details = ["domain": link.host]
        switch verdict {
        case .official(let index):
            let op = directory.operators[index]
            values["operator"] = rules.operatorNames([op]); details["operator"] = op.id
            return signal(.linkOfficial, weight: 0, range: link.range, in: text, values: values, details: details)
        case .ipAddress:
            return signal(.linkIPAddress, weight: 4, range: link.range, in: text, values: values, details: details)
        case .homoglyph(let readsAs):
            values["looks_like"] = .same(readsAs); details["looks_like"] = readsAs
            return signal(.linkHomoglyph, weight: 4, range: link.range, in: text, values: values, details: details)
        case .punycode:
            return signal(.linkPunycode, weight: 4, range: link.range, in: text, values: values, details: details)
        case .shortener:
            return signal(.linkShortener, weight: 3, range: link.range, in: text, values: values, details: details)
        case .lookalike(let brand):
            values["looks_like"] = .same(brand); details["looks_like"] = brand
            return signal(.linkLookalike, weight: 4, range: link.range, in: text, values: values, details: details)
        case .knownService:
            values["reasons"] = rules.fragment("known_service"); details["known_service"] = "true"
            return signal(.linkNotOfficial, weight: 1, range: link.range, in: text, values: values, details: details)
        case .freeHost:
            // Posts, couriers and customs have sites and addresses of their own; a page, form or mailbox on a free
            // service in a message that claims to be one is the sender's own route. Elsewhere (a shop's Gmail
            // address, a club's form) it is information.
            values["reasons"] = rules.fragment("free_host"); details["free_host"] = "true"
            return signal(.linkNotOfficial, weight: claimsCarrier ? 3 : 1, range: link.range, in: text, values: values, details: details)
        case .paymentLink:
            // Where to pay, not a site: a route of the sender's own in a message that claims to be a post, courier or
            // customs (which never collect through a payment app), information elsewhere (a friend's request link).
            details["payment_link"] = "true"
            return signal(.bankAccount, weight: claimsCarrier ? 3 : 1, range: link.range, in: text, values: values, details: details)
        case .notOfficial(let tld, let word):
            var reasons = CheckText.same("")
            var weight = 1
            if let tld { weight += 1; reasons = reasons + rules.fragment("risky_tld", ["tld": .same(tld)]); details["risky_tld"] = tld }
            if let word { weight += 1; reasons = reasons + rules.fragment("postal_words", ["word": .same(word)]); details["postal_word"] = word }
            if !claimed.isEmpty {
                weight += 1
                let official = claimed.flatMap(\.domains).joined(separator: ", ")
                reasons = reasons + rules.fragment("claimed_operator", ["operator": operatorName(claimed), "official": .same(official)])
            }
            values["reasons"] = reasons
            return signal(.linkNotOfficial, weight: min(weight, 3), range: link.range, in: text, values: values, details: details)
        }
    }
}
