import PostTraceCore
import S10

/// Judges a host name found in a message against the directory's official domains and the link rules.
struct LinkJudge: Sendable {
    /// What a host turned out to be.
    enum Verdict: Equatable {
        case official(operatorIndex: Int)
        case ipAddress
        case homoglyph(readsAs: String)
        case punycode
        case shortener
        case lookalike(brand: String)
        case notOfficial(riskyTLD: String?, postalWord: String?)
        /// A well-known company (marketplace, courier, tracking site): not the post, not a warning sign.
        case knownService
        /// A free website, form or e-mail service anyone can sign up for (`sites.google.com`, `gmail.com`).
        case freeHost
        /// A payment app's request or profile link (`pay.paypay.ne.jp/…`, `paypal.me/…`): an account to pay into.
        case paymentLink

        /// The signal kind this verdict becomes.
        var kind: SignalKind {
            switch self {
            case .official: .linkOfficial
            case .ipAddress: .linkIPAddress
            case .homoglyph: .linkHomoglyph
            case .punycode: .linkPunycode
            case .shortener: .linkShortener
            case .lookalike: .linkLookalike
            case .notOfficial, .knownService, .freeHost: .linkNotOfficial
            case .paymentLink: .bankAccount
            }
        }
    }

    let directory: PostalDirectory
    let shorteners: Set<String>
    let knownServices: Set<String>
    let freeHosts: Set<String>
    let paymentLinks: Set<String>
    let riskyTLDs: Set<String>
    let knownTLDs: Set<String>
    let postalWords: [String]
    /// Brand tokens as written and in skeleton form, in the order they are tried.
    let brands: [Brand]
    /// Official domains (and operators' own short-link domains) to the first operator that has them.
    let officialDomains: [String: Int]
    let affixMinLength: Int
    let exactOnly: Set<String>
    let confusables: Confusables

    init(rules: RuleBook.LinkFile, directory: PostalDirectory) {
        self.directory = directory
        shorteners = Set(rules.shorteners)
        knownServices = Set(rules.knownServices ?? [])
        freeHosts = Set(rules.freeHosts ?? [])
        paymentLinks = Set(rules.paymentLinks ?? [])
        riskyTLDs = Set(rules.riskyTLDs)
        // Country-code TLDs come from the ISO list of the S10 module's countries, plus `uk`.
        knownTLDs = Set(rules.genericTLDs).union(Self.countryTLDs)
        postalWords = rules.postalWords
        affixMinLength = rules.affixBrandMinLength
        exactOnly = Set(rules.exactOnlyBrandTokens)
        let folds = Confusables(rules.confusables)
        confusables = folds
        var tokens = Set(rules.brandTokens)
        for op in directory.operators {
            for domain in op.domains { tokens.insert(Self.registrableLabel(of: domain)) }
            for alias in op.aliases where alias.unicodeScalars.allSatisfy({ $0.isASCII }) {
                tokens.insert(String(alias.lowercased().unicodeScalars.filter { $0.isASCIIAlnum }))
            }
        }
        tokens.subtract(rules.genericBrandTokens)
        let exactOnly = self.exactOnly, affixMinLength = self.affixMinLength
        brands = tokens.filter { $0.count >= 3 }.sorted().map { token in
            Brand(token: token, skeleton: folds.fold(token),
                  affix: token.count >= affixMinLength && !exactOnly.contains(token) && token.first!.isLetter)
        }
        var official: [String: Int] = [:]
        for (index, op) in directory.operators.enumerated() {
            for domain in op.domains + op.shortLinkDomains where official[domain] == nil { official[domain] = index }
        }
        officialDomains = official
    }

    static let countryTLDs: Set<String> = {
        var set: Set<String> = ["uk"]
        for country in Country.all { set.insert(country.code.lowercased()) }
        return set
    }()

    /// Whether a dotted name is plausibly a host: known TLD, or a scheme / `www.` / path says so.
    func isPlausibleHost(_ labels: [Substring], explicit: Bool) -> Bool {
        guard labels.count >= 2, let tld = labels.last, labels.allSatisfy({ !$0.isEmpty }) else { return false }
        if tld.hasPrefix("xn--") { return true }
        guard tld.count >= 2, tld.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isLookalikeLetter }) else { return false }
        if explicit { return true }
        let name = String(tld)
        return knownTLDs.contains(name.unicodeScalars.allSatisfy(\.isASCII) ? name : skeletonTLD(name))
    }

    private func skeletonTLD(_ tld: String) -> String { confusables.fold(tld, foreignOnly: true) }

    /// Classifies a lower-case host name (no port, no user info).
    func judge(_ host: String) -> Verdict {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count == 4, labels.allSatisfy({ $0.count <= 3 && !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitChar) && Int($0)! <= 255 }) {
            return .ipAddress
        }
        if host.unicodeScalars.contains(where: { !$0.isASCII }) {
            return .homoglyph(readsAs: confusables.fold(host, foreignOnly: true))
        }
        if labels.contains(where: { $0.hasPrefix("xn--") }) { return .punycode }
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        // The host is ASCII here: a domain `d` is `bare` or a suffix `.d` exactly when it is one of these.
        let names = Self.parentNames(bare)
        if let index = names.compactMap({ officialDomains[$0] }).min() { return .official(operatorIndex: index) }
        // Before known services: `sites.google.com` is Google's host for anyone's pages, not Google speaking. A
        // brand in the name chosen there (`kuroneko-redeli.web.app`) still makes it a look-alike.
        if names.contains(where: freeHosts.contains) { return lookalikeBrand(labels).map { .lookalike(brand: $0) } ?? .freeHost }
        if names.contains(where: paymentLinks.contains) { return .paymentLink }
        if names.contains(where: knownServices.contains) { return .knownService }
        if names.contains(where: shorteners.contains) { return .shortener }
        if let brand = lookalikeBrand(labels) { return .lookalike(brand: brand) }
        let tld = String(labels.last ?? "")
        let risky = riskyTLDs.contains(tld) ? tld : nil
        let word = postalWords.first { bare.contains($0) }
        return .notOfficial(riskyTLD: risky, postalWord: word)
    }

    /// `name` and every name after one of its dots (`a.b.c`: `a.b.c`, `b.c`, `c`).
    static func parentNames(_ name: String) -> [String] {
        var names = [name]
        var rest = Substring(name)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            names.append(String(rest))
        }
        return names
    }

    /// The brand a host imitates: a label equal to a brand, equal once digits/confusables are folded,
    /// within a small edit distance of a long brand, or a long brand with extra words (`uspsdelivery`).
    /// The first brand in `brands` order that any word matches, words tried in order.
    func lookalikeBrand(_ labels: [Substring]) -> String? {
        // Each label, its hyphen-separated words, and the label without hyphens (`royal-mail` → `royalmail`).
        let parts = labels.dropLast().flatMap { label in
            label.split(separator: "-").map(String.init) + (label.contains("-") ? [label.filter { $0 != "-" }] : [])
        }
        var row: [Int] = []
        for part in parts where !part.isEmpty {
            let skel = confusables.fold(part)
            let word = BrandWord(part: part, skeleton: skel)
            for brand in brands where brand.isImitated(by: word, row: &row) { return brand.token }
        }
        return nil
    }

    /// The label before the public suffix: `ems` for `ems.com.cn`, `japanpost` for `post.japanpost.jp`.
    static func registrableLabel(of domain: String) -> String {
        let labels = domain.lowercased().split(separator: ".").map(String.init)
        guard labels.count >= 2 else { return domain }
        let secondLevel: Set<String> = ["com", "co", "net", "org", "gov", "edu", "ac", "or", "go", "ne", "gob", "gouv", "nic"]
        if labels.count >= 3, labels.last!.count == 2, secondLevel.contains(labels[labels.count - 2]) { return labels[labels.count - 3] }
        return labels[labels.count - 2]
    }

    /// Levenshtein distance when it is at most `limit`, else nil. Short strings only (domain labels).
    static func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard abs(x.count - y.count) <= limit, x.count <= 64, y.count <= 64 else { return nil }
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var previous = row[0]; row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        let d = x.isEmpty ? y.count : row[y.count]
        return d <= limit ? d : nil
    }
}

extension Character {
    var isASCIIDigitChar: Bool { isASCII && isNumber }
}

/// Look-alike characters folded to one form: `chinap0st` and `сhinapost` (Cyrillic с) both become `chlnapost`.
struct Confusables: Sendable {
    /// One scalar to one scalar (`о` → `o`, `0` → `o`).
    let single: [Unicode.Scalar: Unicode.Scalar]
    /// Two scalars to one (`rn` → `m`, `vv` → `w`), tried first.
    let pairs: [Unicode.Scalar: [(second: Unicode.Scalar, to: Unicode.Scalar)]]

    init(_ table: [String: String]) {
        var single: [Unicode.Scalar: Unicode.Scalar] = [:], pairs: [Unicode.Scalar: [(Unicode.Scalar, Unicode.Scalar)]] = [:]
        for (from, to) in table.sorted(by: { $0.key < $1.key }) {
            let f = Array(from.unicodeScalars)
            guard let t = to.unicodeScalars.first, to.unicodeScalars.count == 1 else { continue }
            if f.count == 1 { single[f[0]] = t } else if f.count == 2 { pairs[f[0], default: []].append((f[1], t)) }
        }
        self.single = single
        self.pairs = pairs
    }

    /// Folds `text`; with `foreignOnly`, only non-ASCII look-alikes (to read a homoglyph domain as it appears).
    func fold(_ text: String, foreignOnly: Bool = false) -> String {
        let s = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            if !foreignOnly, i + 1 < s.count, let pair = pairs[c]?.first(where: { $0.second == s[i + 1] }) {
                out.append(pair.to); i += 2; continue
            }
            if let to = single[c], !(foreignOnly && c.isASCII) { out.append(to) } else { out.append(c) }
            i += 1
        }
        return String(out)
    }
}
