import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

/// A resolver with fixed answers: stands in for DNS names that point at internal addresses.
struct PinnedResolver: HostResolver {
    let table: [String: [String]]
    func addresses(of host: String) async -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return (table[host] ?? []).compactMap(IPAddress.init)
    }
}

@Suite("webhook callback URL policy", .scratch)
struct WebhookCallbackURLTests {
    let dns = PinnedResolver(table: [
        "hooks.shop.example": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        "rebind.example": ["93.184.216.34", "10.1.2.3"],
        "metadata.example": ["169.254.169.254"],
        "intranet.corp.example": ["10.20.30.40"],
        "v6local.example": ["fd12:3456:789a::1"],
    ])

    func code(_ url: String, _ policy: CallbackURLPolicy = CallbackURLPolicy()) async -> String? {
        switch await policy.check(url, resolver: dns) {
        case .success: return nil
        case .failure(let error): #expect(!error.message.isEmpty); return error.code
        }
    }

    @Test("public https and http URLs are accepted")
    func publicURLs() async {
        #expect(await code("https://hooks.shop.example/posttrace?x=1") == nil)
        #expect(await code("http://hooks.shop.example:8443/a/b") == nil)
        #expect(await code("HTTPS://HOOKS.SHOP.EXAMPLE./x") == nil)
        #expect(await code("https://93.184.216.34/hook") == nil)
    }

    @Test("malformed and non-HTTP URLs get stable codes", arguments: [
        ("", "callback_url_malformed"), ("hooks.shop.example/x", "callback_url_malformed"),
        ("ftp://hooks.shop.example/", "callback_url_scheme"), ("file:///etc/passwd", "callback_url_scheme"),
        ("gopher://hooks.shop.example/", "callback_url_scheme"), ("javascript:alert(1)", "callback_url_scheme"),
        ("https://user:pw@hooks.shop.example/", "callback_url_credentials"), ("https://user@hooks.shop.example/", "callback_url_credentials"),
        ("https://hooks.shop.example/x#frag", "callback_url_malformed"), ("https:///nohost", "callback_url_malformed"),
        ("https://hooks shop.example/", "callback_url_malformed"), ("https://hooks.shop.example/\u{0}", "callback_url_malformed"),
        ("https://bücher.example/", "callback_url_malformed"), ("https://-bad-.example/", "callback_url_malformed"),
        ("https://nowhere.invalid/", "callback_url_unresolvable"),
    ])
    func rejected(url: String, expected: String) async {
        #expect(await code(url) == expected)
    }

    @Test("an over-long URL is refused")
    func tooLong() async {
        #expect(await code("https://hooks.shop.example/" + String(repeating: "a", count: 3000)) == "callback_url_malformed")
    }

    @Test("internal addresses are denied by default, literal or behind a name", arguments: [
        "http://127.0.0.1/", "http://127.8.9.10:9000/", "http://[::1]/", "http://10.0.0.1/", "http://172.16.5.4/",
        "http://172.31.255.255/", "http://192.168.1.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[fe80::1]/", "http://[fd00::1]/",
        "http://[ff02::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/",
        "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/", "http://[2001:db8::1]/",
        "http://metadata.example/", "http://intranet.corp.example/", "http://v6local.example/", "http://rebind.example/",
    ])
    func internalDenied(url: String) async {
        #expect(await code(url) == "callback_url_host_denied")
    }

    @Test("numeric host spellings that the system resolver maps to loopback are caught after resolving")
    func obfuscatedLoopback() async {
        let policy = CallbackURLPolicy()
        for url in ["http://2130706433/", "http://0x7f000001/", "http://127.1/", "http://localhost/"] {
            guard case .failure(let error) = await policy.check(url, resolver: SystemHostResolver()) else {
                Issue.record("\(url) was accepted"); continue
            }
            #expect(error.code == "callback_url_host_denied" || error.code == "callback_url_malformed", "\(url): \(error)")
        }
    }

    @Test("loopback is allowed only when configured, and then nothing else internal is")
    func loopbackOptIn() async {
        let tests = CallbackURLPolicy(allowLoopback: true)
        #expect(await code("http://127.0.0.1:8123/hook", tests) == nil)
        #expect(await code("http://[::1]:8123/hook", tests) == nil)
        #expect(await code("http://10.0.0.1/", tests) == "callback_url_host_denied")
        guard case .success = await tests.check("http://localhost:9/x", resolver: SystemHostResolver()) else {
            Issue.record("localhost refused with loopback allowed"); return
        }
    }

    @Test("allow and deny lists: deny wins, allow opens internal hosts and restricts everything else")
    func lists() async throws {
        let deny = CallbackURLPolicy(deny: [try #require(.init("*.shop.example")), try #require(.init("93.184.216.0/24"))])
        #expect(await code("https://hooks.shop.example/", deny) == "callback_url_host_denied")
        #expect(await code("https://93.184.216.34/", deny) == "callback_url_host_denied")
        let allow = CallbackURLPolicy(allow: [try #require(.init("intranet.corp.example"))])
        #expect(await code("https://intranet.corp.example/", allow) == nil, "an explicitly allowed internal host")
        #expect(await code("https://hooks.shop.example/", allow) == "callback_url_host_denied", "not on the allow list")
        let cidr = CallbackURLPolicy(allow: [try #require(.init("10.20.0.0/16"))])
        #expect(await code("https://intranet.corp.example/", cidr) == nil)
        #expect(await code("https://10.21.0.1/", cidr) == "callback_url_host_denied")
    }

    @Test("host rules parse names, wildcards and CIDR blocks; junk is refused", arguments: [
        ("example.com", true), ("*.example.com", true), ("10.0.0.0/8", true), ("::1", true), ("fc00::/7", true),
        ("", false), ("*.", false), ("10.0.0.0/33", false), ("a b", false), ("*", false), ("exa mple.com", false),
    ])
    func hostRules(text: String, valid: Bool) {
        #expect((CallbackURLPolicy.HostRule(text) != nil) == valid)
    }

    @Test("IP parsing is strict and ranges match only their family")
    func addresses() throws {
        #expect(IPAddress("0x7f.0.0.1") == nil)
        #expect(IPAddress("2130706433") == nil)
        #expect(IPAddress("1.2.3") == nil)
        #expect(IPAddress("fe80::1%eth0") == nil)
        #expect(IPAddress("[::1]")?.description == "::1")
        let v4 = try #require(IPRange("10.0.0.0/8"))
        #expect(v4.contains(try #require(IPAddress("10.255.0.1"))))
        #expect(!v4.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(!v4.contains(try #require(IPAddress("::ffff:10.0.0.1"))))
        #expect(try #require(IPRange("0.0.0.0/0")).contains(try #require(IPAddress("8.8.8.8"))))
        #expect(SpecialAddresses.classify(try #require(IPAddress("8.8.8.8"))) == nil)
        #expect(SpecialAddresses.classify(try #require(IPAddress("2606:4700::1111"))) == nil)
        #expect(SpecialAddresses.classify(try #require(IPAddress("::ffff:127.0.0.1"))) == "loopback")
        #expect(SpecialAddresses.classify(try #require(IPAddress("100.127.255.255"))) == "carrier-grade NAT")
        #expect(SpecialAddresses.classify(try #require(IPAddress("100.128.0.0"))) == nil)
    }
}
