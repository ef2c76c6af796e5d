import Testing
@testable import PostTraceServer
import TestSupport

@Suite("webhook signature", .scratch)
struct WebhookSignatureTests {
    @Test("HMAC-SHA256 matches RFC 4231 test case 2")
    func rfc4231() {
        let mac = LibCrypto.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(LibCrypto.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("SHA-1 matches the FIPS 180 'abc' vector")
    func sha1() {
        #expect(LibCrypto.hex(WeChatSignature.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test("the header signs 't.body' exactly as Python's hmac module computes it")
    func matchesPython() {
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test", b"1764000000.{\"a\":1}", hashlib.sha256).hexdigest())'
        let signature = WebhookSignature(secret: "whsec_test", timestamp: 1_764_000_000, body: Array(#"{"a":1}"#.utf8))
        #expect(signature.header == "t=1764000000,v1=c862972147a4361237a5bcb4f74195e2e5d448641115622fe658a65985c5ae8c")
    }

    @Test("a signed body verifies; a changed body, secret or timestamp does not")
    func verification() throws {
        let body = Array(#"{"id":"dlv_1"}"#.utf8)
        let header = WebhookSignature(secret: "s3cret", timestamp: 1000, body: body).header
        let parsed = try #require(WebhookSignature(header: header))
        #expect(parsed.verifies(body: body, secret: "s3cret", now: 1000))
        #expect(parsed.verifies(body: body, secret: "s3cret", now: 1299))
        #expect(!parsed.verifies(body: body + [32], secret: "s3cret", now: 1000))
        #expect(!parsed.verifies(body: body, secret: "s3cret!", now: 1000))
        #expect(!parsed.verifies(body: body, secret: "s3cret", now: 1301), "a replay after the tolerance is rejected")
        #expect(!parsed.verifies(body: body, secret: "s3cret", now: 699), "a timestamp from the future is rejected")
        var moved = parsed
        moved.timestamp = 1001
        #expect(!moved.verifies(body: body, secret: "s3cret", now: 1001), "the timestamp is part of the signed text")
    }

    @Test("several v1 values (secret rotation) verify when one matches; upper-case hex is accepted")
    func rotation() throws {
        let body = Array("x".utf8)
        let good = WebhookSignature(secret: "new", timestamp: 5, body: body).v1[0]
        let header = "t=5, v1=\(String(repeating: "0", count: 64)), v1=\(good.uppercased())"
        let parsed = try #require(WebhookSignature(header: header))
        #expect(parsed.v1.count == 2)
        #expect(parsed.verifies(body: body, secret: "new", now: 5))
    }

    @Test("hostile headers are rejected, never crash", arguments: [
        "", "t=", "v1=abc", "t=12", "t=abc,v1=00", "t=1,v2=00", ",,,,", "t=1=2,v1",
        "t=99999999999999999999999,v1=00", "\u{0}t=1,v1=00\u{0}",
    ])
    func hostileHeaders(header: String) {
        if let parsed = WebhookSignature(header: header) {
            #expect(!parsed.verifies(body: [], secret: "k", now: parsed.timestamp))
        } else {
            #expect(WebhookSignature(header: header) == nil)
        }
    }

    @Test("an oversized header is refused before it is split")
    func oversized() {
        let body = Array("x".utf8)
        let valid = WebhookSignature(secret: "k", timestamp: 1, body: body).header
        #expect(WebhookSignature(header: String(repeating: " ", count: 5000) + valid) == nil)
        #expect(WebhookSignature(header: valid) != nil)
    }

    @Test("an empty secret and an empty body still sign deterministically")
    func emptyInputs() {
        let a = WebhookSignature(secret: "", timestamp: 0, body: [])
        let b = WebhookSignature(secret: "", timestamp: 0, body: [])
        #expect(a == b)
        #expect(a.v1[0].count == 64)
    }
}
