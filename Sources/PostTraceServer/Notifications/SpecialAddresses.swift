/// Address blocks that must not receive webhooks unless an operator allows them explicitly:
/// a callback into them would let a subscriber probe or attack the network PostTrace runs in.
enum SpecialAddresses {
    /// Loopback blocks: allowed only by `CallbackURLPolicy.allowLoopback` (tests, local receivers).
    static let loopback: [IPRange] = ["127.0.0.0/8", "::1/128"].compactMap(IPRange.init)

    /// Every other internal or non-routable block, with the reason shown to the subscriber.
    static let internalBlocks: [(range: IPRange, name: String)] = [
        ("0.0.0.0/8", "\"this network\""), ("10.0.0.0/8", "private"), ("100.64.0.0/10", "carrier-grade NAT"),
        ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private"), ("192.0.0.0/24", "IETF protocol"),
        ("192.0.2.0/24", "documentation"), ("192.88.99.0/24", "6to4 relay"), ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"), ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
        ("::/96", "unspecified or IPv4-compatible"), ("64:ff9b:1::/48", "local NAT64"), ("100::/64", "discard"),
        ("2001::/32", "Teredo"), ("2001:db8::/32", "documentation"), ("fc00::/7", "unique local"),
        ("fe80::/10", "link-local"), ("fec0::/10", "site-local"), ("ff00::/8", "multicast"),
    ].compactMap { entry in IPRange(entry.0).map { ($0, entry.1) } }

    /// Why `address` is internal ("loopback", "private" …), or nil for a public address.
    /// IPv6 forms that embed an IPv4 address are judged by that address.
    static func classify(_ address: IPAddress) -> String? {
        if let inner = address.embeddedIPv4 { return classify(inner) }
        if loopback.contains(where: { $0.contains(address) }) { return "loopback" }
        return internalBlocks.first { $0.range.contains(address) }?.name
    }
}
