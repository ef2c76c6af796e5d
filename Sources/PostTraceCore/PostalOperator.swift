import Foundation

/// A postal operator's official channels: web domains, customer-service phones, apps and WeChat accounts,
/// each fact with the public page it was taken from.
public struct PostalOperator: Sendable, Hashable, Codable {
    /// A stable identifier such as `cn-chinapost`.
    public let id: String
    /// The operator's name in each language the product speaks.
    public let name: LocalizedText
    /// The part of the world the directory page lists the operator under.
    public let region: Region
    /// ISO 3166-1 alpha-2 codes of the countries the operator serves.
    public let countries: [String]
    /// Official registrable domains (without `www.`), e.g. `ems.com.cn`; the same as `domainEntries`' names.
    public let domains: [String]
    /// The official domains with where each was taken from.
    public let domainEntries: [Domain]
    /// Published customer-service phone numbers.
    public let phones: [Phone]
    /// Official mobile apps, by the name shown in the app stores.
    public let apps: [App]
    /// Official WeChat accounts, by the name shown in WeChat.
    public let wechat: [WeChatAccount]
    /// The official website (its host is one of `domains`).
    public let website: String
    /// Public pages the entry as a whole was taken from.
    public let sources: [String]
    /// Names people and messages use for the operator (`USPS`, `中国邮政`); matched case-insensitively.
    public let aliases: [String]
    /// Link-shortener domains the operator itself is known to use in its messages (often none).
    public let shortLinkDomains: [String]

    /// Makes an operator entry (tests, custom deployments); a plain domain list gets the first source as its source.
    public init(id: String, name: LocalizedText, region: Region = .other, countries: [String], domains: [String], phones: [Phone],
                website: String, sources: [String], aliases: [String] = [], shortLinkDomains: [String] = [],
                apps: [App] = [], wechat: [WeChatAccount] = []) {
        let provenance = Provenance(source: sources.first ?? website, recorded: "", checked: nil)
        self.init(id: id, name: name, region: region, countries: countries,
                  domainEntries: domains.map { Domain(domain: $0, provenance: provenance) }, phones: phones, website: website,
                  sources: sources, aliases: aliases, shortLinkDomains: shortLinkDomains, apps: apps, wechat: wechat)
    }

    /// Makes an operator entry whose domains carry their own sources.
    public init(id: String, name: LocalizedText, region: Region, countries: [String], domainEntries: [Domain], phones: [Phone],
                website: String, sources: [String], aliases: [String], shortLinkDomains: [String], apps: [App], wechat: [WeChatAccount]) {
        self.id = id; self.name = name; self.region = region; self.countries = countries
        self.domainEntries = domainEntries; self.domains = domainEntries.map(\.domain); self.phones = phones
        self.website = website; self.sources = sources; self.aliases = aliases; self.shortLinkDomains = shortLinkDomains
        self.apps = apps; self.wechat = wechat
    }

    enum CodingKeys: String, CodingKey {
        case id, name, region, countries, domains, phones, apps, wechat, website, sources, aliases
        case shortLinkDomains = "short_link_domains"
    }

    /// Decodes an entry; `aliases`, `short_link_domains`, `apps` and `wechat` are optional.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), name: try c.decode(LocalizedText.self, forKey: .name),
                  region: try c.decodeIfPresent(Region.self, forKey: .region) ?? .other,
                  countries: try c.decode([String].self, forKey: .countries),
                  domainEntries: try c.decode([Domain].self, forKey: .domains),
                  phones: try c.decode([Phone].self, forKey: .phones), website: try c.decode(String.self, forKey: .website),
                  sources: try c.decode([String].self, forKey: .sources),
                  aliases: try c.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                  shortLinkDomains: try c.decodeIfPresent([String].self, forKey: .shortLinkDomains) ?? [],
                  apps: try c.decodeIfPresent([App].self, forKey: .apps) ?? [],
                  wechat: try c.decodeIfPresent([WeChatAccount].self, forKey: .wechat) ?? [])
    }

    /// Encodes the entry in the shape `contacts.json` uses.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(region, forKey: .region)
        try c.encode(countries, forKey: .countries); try c.encode(domainEntries, forKey: .domains)
        try c.encode(phones, forKey: .phones); try c.encode(apps, forKey: .apps); try c.encode(wechat, forKey: .wechat)
        try c.encode(website, forKey: .website); try c.encode(sources, forKey: .sources)
        try c.encode(aliases, forKey: .aliases); try c.encode(shortLinkDomains, forKey: .shortLinkDomains)
    }
}

/// Where a fact in the directory comes from, and whether anyone has compared it with that page since.
///
/// A fact that was never re-checked (`checked == nil`) is shown as such: it was correct on the source page when
/// recorded, and may have changed since.
public struct Provenance: Sendable, Hashable, Codable {
    /// The public page the fact was taken from (the operator's own site, or the UPU's list).
    public let source: String
    /// The date (`YYYY-MM-DD`) the fact was recorded from `source`.
    public let recorded: String
    /// The date it was last compared with `source` again, or nil when it has not been re-checked.
    public let checked: String?

    /// Makes a provenance record.
    public init(source: String, recorded: String, checked: String?) { self.source = source; self.recorded = recorded; self.checked = checked }

    /// Whether the fact has been compared with its source again after it was recorded.
    public var isRechecked: Bool { checked != nil }

    enum CodingKeys: String, CodingKey { case source, recorded, checked }

    /// Writes `checked` as an explicit null, so a reader of the JSON sees "not re-checked" rather than a missing field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source); try c.encode(recorded, forKey: .recorded); try c.encode(checked, forKey: .checked)
    }
}

extension PostalOperator {
    /// The parts of the world the directory page groups operators by.
    public enum Region: String, Sendable, Hashable, Codable, CaseIterable {
        case asia, europe, americas, oceania, africa, middleEast = "middle_east", other
    }

    /// Where a phone number can be called from.
    public enum CallFrom: String, Sendable, Hashable, Codable, CaseIterable {
        /// From any phone in the operator's country (for China: mainland China).
        case inCountry = "in_country"
        /// From a landline in the operator's country.
        case inCountryLandline = "in_country_landline"
        /// From a mobile phone in the operator's country.
        case inCountryMobile = "in_country_mobile"
        /// From outside the operator's country.
        case abroad
        /// From anywhere, in the country or abroad.
        case anywhere
    }

    /// An official web domain.
    public struct Domain: Sendable, Hashable, Codable {
        /// The registrable domain, lower case, without `www.`.
        public let domain: String
        public let provenance: Provenance
        /// Makes a domain entry.
        public init(domain: String, provenance: Provenance) { self.domain = domain; self.provenance = provenance }
        enum CodingKeys: String, CodingKey { case domain }
        public init(from decoder: any Decoder) throws {
            domain = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .domain)
            provenance = try Provenance(from: decoder)
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(domain, forKey: .domain); try provenance.encode(to: encoder)
        }
    }

    /// A published phone number with what it is for and where to call it from.
    public struct Phone: Sendable, Hashable, Codable {
        /// The number to dial: E.164 (`+441752387112`) or a national short code (`11183`).
        public let number: String
        /// The number as the operator prints it (`03457 740 740`).
        public let display: String
        /// What the number is for.
        public let label: LocalizedText
        public let callFrom: CallFrom
        public let provenance: Provenance
        /// Makes a phone entry (tests, custom deployments).
        public init(number: String, display: String? = nil, label: LocalizedText, callFrom: CallFrom = .inCountry,
                    provenance: Provenance = Provenance(source: "", recorded: "", checked: nil)) {
            self.number = number; self.display = display ?? number; self.label = label; self.callFrom = callFrom; self.provenance = provenance
        }
        enum CodingKeys: String, CodingKey { case number, display, label, callFrom = "call_from" }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let number = try c.decode(String.self, forKey: .number)
            self.init(number: number, display: try c.decodeIfPresent(String.self, forKey: .display),
                      label: try c.decode(LocalizedText.self, forKey: .label), callFrom: try c.decode(CallFrom.self, forKey: .callFrom),
                      provenance: try Provenance(from: decoder))
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number); try c.encode(display, forKey: .display)
            try c.encode(label, forKey: .label); try c.encode(callFrom, forKey: .callFrom); try provenance.encode(to: encoder)
        }
    }

    /// An official mobile app.
    public struct App: Sendable, Hashable, Codable {
        /// The app's name as the app stores show it.
        public let name: String
        public let provenance: Provenance
        /// Makes an app entry.
        public init(name: String, provenance: Provenance) { self.name = name; self.provenance = provenance }
        enum CodingKeys: String, CodingKey { case name }
        public init(from decoder: any Decoder) throws {
            name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
            provenance = try Provenance(from: decoder)
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name); try provenance.encode(to: encoder)
        }
    }

    /// An official WeChat account (公众号).
    public struct WeChatAccount: Sendable, Hashable, Codable {
        /// The account's name as WeChat shows it.
        public let name: String
        public let provenance: Provenance
        /// Makes a WeChat account entry.
        public init(name: String, provenance: Provenance) { self.name = name; self.provenance = provenance }
        enum CodingKeys: String, CodingKey { case name }
        public init(from decoder: any Decoder) throws {
            name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
            provenance = try Provenance(from: decoder)
        }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name); try provenance.encode(to: encoder)
        }
    }
}
