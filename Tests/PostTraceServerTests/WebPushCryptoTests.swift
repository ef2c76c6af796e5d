import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

/// Web Push message encryption (RFC 8291) and VAPID (RFC 8292), through libcrypto.
@Suite("Web Push cryptography", .scratch)
struct WebPushCryptoTests {
    // RFC 8291 §5 and Appendix A.
    static let plaintext = "When I grow up, I want to be a watermelon"
    static let uaPublic = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    static let uaPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
    static let asPrivate = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"
    static let asPublic = "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
    static let auth = "BTBZMqHH6r4Tts7J_aSIgg"
    static let salt = "DGv6ra1nlYgDCS1FRnbzlw"
    static let body = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"

    static func bytes(_ text: String) throws -> [UInt8] { try #require(Base64URL.decode(text), "\(text)") }

    @Test("RFC 8291's example message, byte for byte, and the keys it names")
    func rfcExample() throws {
        let ephemeral = try #require(P256Key(privateScalar: try Self.bytes(Self.asPrivate)))
        #expect(ephemeral.publicPoint == (try Self.bytes(Self.asPublic)), "the scalar's point is the example's as_public")
        #expect(ephemeral.privateScalar == (try Self.bytes(Self.asPrivate)))
        let encrypted = try WebPushMessage.encrypt(Array(Self.plaintext.utf8), p256dh: try Self.bytes(Self.uaPublic),
                                                   auth: try Self.bytes(Self.auth), ephemeral: ephemeral, salt: try Self.bytes(Self.salt))
        #expect(Base64URL.encode(encrypted) == Self.body)
        // The browser's side, as the RFC's receiver: the same ECDH secret from the other half.
        let browser = try #require(P256Key(privateScalar: try Self.bytes(Self.uaPrivate)))
        #expect(browser.sharedSecret(with: try #require(P256Key(publicPoint: try Self.bytes(Self.asPublic))))
                == ephemeral.sharedSecret(with: try #require(P256Key(publicPoint: try Self.bytes(Self.uaPublic)))))
    }

    @Test("every message gets its own key and salt; the browser decrypts each")
    func freshKeys() throws {
        let browser = P256Key.generate(), auth = LibCrypto.randomBytes(16)
        let one = try WebPushMessage.encrypt(Array("{}".utf8), p256dh: browser.publicPoint, auth: auth)
        let two = try WebPushMessage.encrypt(Array("{}".utf8), p256dh: browser.publicPoint, auth: auth)
        #expect(one.prefix(16) != two.prefix(16) && one[21..<86] != two[21..<86])
        for message in [one, two] {
            let server = try #require(P256Key(publicPoint: Array(message[21..<86])))
            let shared = try #require(browser.sharedSecret(with: server))
            let ikm = try #require(LibCrypto.hkdfSHA256(salt: auth, ikm: shared, info: Array("WebPush: info".utf8) + [0] + browser.publicPoint
                                                        + Array(message[21..<86]), length: 32))
            let salt = Array(message.prefix(16))
            let key = try #require(LibCrypto.hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: aes128gcm".utf8) + [0], length: 16))
            let nonce = try #require(LibCrypto.hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: nonce".utf8) + [0], length: 12))
            #expect(LibCrypto.aes128GCMOpen(key: key, nonce: nonce, Array(message.dropFirst(86))) == Array("{}".utf8) + [2])
        }
    }

    @Test("hostile subscriber keys are refused: wrong length, not a point, off the curve; auth secrets of the wrong size")
    func hostileKeys() throws {
        let good = P256Key.generate().publicPoint
        for bad in [[UInt8](), Array(good.prefix(64)), good + [0], [2] + Array(good.dropFirst()), [4] + [UInt8](repeating: 1, count: 64),
                    [4] + [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xFF, count: 65)] {
            #expect(P256Key(publicPoint: bad) == nil, "\(bad.prefix(4))… (\(bad.count) bytes)")
            #expect(throws: WebPushMessage.Failure.badSubscriberKey) { try WebPushMessage.encrypt([1], p256dh: bad, auth: LibCrypto.randomBytes(16)) }
        }
        for auth in [[UInt8](), LibCrypto.randomBytes(15), LibCrypto.randomBytes(17)] {
            #expect(throws: WebPushMessage.Failure.badAuthSecret) { try WebPushMessage.encrypt([1], p256dh: good, auth: auth) }
        }
        #expect(throws: WebPushMessage.Failure.tooLarge) {
            try WebPushMessage.encrypt([UInt8](repeating: 65, count: 4_000), p256dh: good, auth: LibCrypto.randomBytes(16))
        }
        #expect(P256Key(privateScalar: [UInt8](repeating: 0, count: 32)) == nil, "zero is no private key")
        #expect(P256Key(privateScalar: [UInt8](repeating: 0xFF, count: 32)) == nil, "above the group order")
    }

    @Test("VAPID: an ES256 JWT for the endpoint's origin, expiring within 24 hours, with the server's public key")
    func vapid() throws {
        let key = P256Key.generate()
        let vapid = VAPID(key: key, subject: "mailto:ops@posttrace.example")
        let header = try #require(vapid.authorization(endpoint: URL(string: "https://push.example.net:8443/send/abc?x=1")!, now: 1_800_000_000))
        #expect(header.hasPrefix("vapid t=") && header.hasSuffix(", k=\(vapid.publicKey)"))
        let token = String(header.dropFirst("vapid t=".count).prefix { $0 != "," })
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(try Self.bytes(parts[1]))) as? [String: Any])
        #expect(claims["aud"] as? String == "https://push.example.net:8443")
        #expect(claims["sub"] as? String == "mailto:ops@posttrace.example")
        let exp = try #require(claims["exp"] as? Int)
        #expect(exp > 1_800_000_000 && exp <= 1_800_000_000 + 86_400)
        #expect(try Self.bytes(parts[2]).count == 64, "raw r ‖ s")
        #expect(try Self.bytes(vapid.publicKey) == key.publicPoint)
        #expect(vapid.authorization(endpoint: URL(string: "mailto:x@y")!, now: 0) == nil)
    }
}
