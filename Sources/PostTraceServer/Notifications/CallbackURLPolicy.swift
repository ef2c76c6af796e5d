import Foundation

/// Why a callback URL was refused: a stable machine code and a human message.
public struct CallbackURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable code: `callback_url_malformed`, `callback_url_scheme`, `callback_url_credentials`,
    /// `callback_url_host_denied`, `callback_url_unresolvable`.
    public let code: String
    public let message: String
    public var description: String { "\(code): \(message)" }
}

/// Which callback URLs subscriptions may use. Explicit deny entries always win; explicit allow
/// entries open internal addresses; otherwise internal and loopback addresses are refused after
/// resolving the host, so that a name pointing at 10.0.0.1 is caught as well as the literal.
public struct CallbackURLPolicy: Sendable {
    /// A host rule: an exact name, `*.example.com` (any subdomain), or an address block `10.1.0.0/16`.
    public enum HostRule: Sendable, Hashable {
        case name(String)
        case subdomains(of: String)
        case addresses(IPRange)

        /// Parses one entry of an allow or deny list; nil when it is empty or malformed.
        public init?(_ text: String) {
            let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard !t.isEmpty else { return nil }
            if let range = IPRange(t) { self = .addresses(range); return }
            if t.hasPrefix("*.") {
                let rest = String(t.dropFirst(2))
                guard CallbackURLPolicy.isHostName(rest) else { return nil }
                self = .subdomains(of: rest); return
            }
            guard CallbackURLPolicy.isHostName(t) else { return nil }
            self = .name(t)
        }

        func matches(host: String) -> Bool {
            switch self {
            case .name(let n): return host == n
            case .subdomains(let base): return host.hasSuffix("." + base)
            case .addresses: return false
            }
        }

        func matches(_ address: IPAddress) -> Bool {
            guard case .addresses(let range) = self else { return false }
            return range.contains(address) || address.embeddedIPv4.map(range.contains) == true
        }
    }

    /// When not empty, only hosts matching one of these are accepted.
    public var allow: [HostRule]
    /// Hosts never accepted.
    public var deny: [HostRule]
    /// Whether loopback addresses are accepted (tests and single-machine setups).
    public var allowLoopback: Bool

    /// Makes a policy; the default refuses every internal address and allows every public one.
    public init(allow: [HostRule] = [], deny: [HostRule] = [], allowLoopback: Bool = false) {
        self.allow = allow; self.deny = deny; self.allowLoopback = allowLoopback
    }

    /// Checks `text` and resolves its host; returns the normalized URL with the addresses it was checked
    /// against (a delivery connects to those and no others), or a refusal.
    public func check(_ text: String, resolver: any HostResolver) async -> Result<CheckedCallback, CallbackURLError> {
        let url: URL, host: String
        switch Self.parse(text) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): (url, host) = parsed
        }
        if deny.contains(where: { $0.matches(host: host) }) { return .failure(Self.denied(host, "is on the deny list")) }
        let namedAllow = allow.contains { $0.matches(host: host) }
        let addresses = await resolver.addresses(of: host)
        guard !addresses.isEmpty else {
            return .failure(CallbackURLError(code: "callback_url_unresolvable", message: "the host \(host) does not resolve"))
        }
        for address in addresses {
            if deny.contains(where: { $0.matches(address) }) { return .failure(Self.denied(host, "resolves to \(address), on the deny list")) }
            let allowed = namedAllow || allow.contains { $0.matches(address) }
            if !allow.isEmpty && !allowed { return .failure(Self.denied(host, "is not on the allow list")) }
            if allowed { continue }
            if let kind = SpecialAddresses.classify(address), !(kind == "loopback" && allowLoopback) {
                return .failure(Self.denied(host, "resolves to \(address), a \(kind) address"))
            }
        }
        return .success(CheckedCallback(url: url, addresses: addresses))
    }

    /// Syntax checks that need no network: length, scheme, credentials, host characters.
    static func parse(_ text: String) -> Result<(URL, String), CallbackURLError> {
        func malformed(_ why: String) -> Result<(URL, String), CallbackURLError> {
            .failure(CallbackURLError(code: "callback_url_malformed", message: why))
        }
        guard text.utf8.count <= 2048 else { return malformed("the callback URL is longer than 2048 bytes") }
        guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            return malformed("the callback URL contains spaces, control or non-ASCII characters (percent-encode them)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let url = components.url else { return malformed("the callback URL is not a valid absolute URL") }
        guard scheme == "https" || scheme == "http" else {
            return .failure(CallbackURLError(code: "callback_url_scheme", message: "the callback URL must use https or http, not \(scheme)"))
        }
        guard components.user == nil, components.password == nil else {
            return .failure(CallbackURLError(code: "callback_url_credentials",
                                             message: "the callback URL must not contain credentials; verify requests with the signature instead"))
        }
        guard components.fragment == nil else { return malformed("the callback URL must not have a #fragment") }
        var host = (components.host ?? "").lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty, IPAddress(host) != nil || isHostName(host) else {
            return malformed("the callback URL has no valid host name")
        }
        return .success((url, host))
    }

    static func isHostName(_ host: String) -> Bool {
        guard !host.isEmpty, host.utf8.count <= 253 else { return false }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { ($0 | 0x20) &- 97 < 26 || $0 &- 48 < 10 || $0 == 45 || $0 == 95 }
        }
    }

    private static func denied(_ host: String, _ why: String) -> CallbackURLError {
        CallbackURLError(code: "callback_url_host_denied", message: "the callback host \(host) \(why)")
    }
}

/// A callback URL that passed the policy, and the addresses its host resolved to when it did.
public struct CheckedCallback: Sendable {
    public let url: URL
    public let addresses: [IPAddress]
}
