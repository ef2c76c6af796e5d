import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("webhook signing secrets sealed at rest", .scratch)
struct WebhookSecretSealingTests {
    static let keyFile = Data((0..<32).map { UInt8($0 * 7 & 0xFF) }).base64EncodedString() + "\n"
    static var sealer: SecretSealer { SecretSealer(keyFile: keyFile)! }

    static func hex(_ text: String) -> [UInt8] {
        var out: [UInt8] = [], chars = Array(text.utf8)[...]
        while chars.count >= 2 { out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)!); chars = chars.dropFirst(2) }
        return out
    }

    @Test("AES-256-GCM matches the published test vector (GCM spec, test case 16) and refuses any change")
    func gcmVector() throws {
        let key = Self.hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
        let nonce = Self.hex("cafebabefacedbaddecaf888")
        let plain = Self.hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        let aad = Self.hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let expected = Self.hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                                + "76fc6ece0f4e1768cddf8853bb2d551b")
        let sealed = try #require(LibCrypto.aes256GCMSeal(key: key, nonce: nonce, plain, aad: aad))
        #expect(sealed == expected)
        #expect(LibCrypto.aes256GCMOpen(key: key, nonce: nonce, sealed, aad: aad) == plain)
        var altered = sealed
        altered[5] ^= 1
        #expect(LibCrypto.aes256GCMOpen(key: key, nonce: nonce, altered, aad: aad) == nil)
        #expect(LibCrypto.aes256GCMOpen(key: key, nonce: nonce, sealed, aad: aad + [0]) == nil)
        #expect(LibCrypto.aes256GCMOpen(key: key, nonce: nonce, Array(sealed.prefix(15)), aad: aad) == nil)
        #expect(LibCrypto.aes256GCMSeal(key: Array(key.prefix(16)), nonce: nonce, plain, aad: aad) == nil)
    }

    @Test("a sealed secret opens only with its key and for its own subscription; plain ones pass through")
    func sealing() throws {
        let sealed = Self.sealer.seal("whsec_abc", for: "sub_1")
        #expect(SecretSealer.isSealed(sealed) && !sealed.contains("whsec_abc"))
        #expect(SecretSealer.open(sealed, for: "sub_1", with: Self.sealer) == "whsec_abc")
        #expect(Self.sealer.seal("whsec_abc", for: "sub_1") != sealed)  // a fresh nonce every time
        #expect(SecretSealer.open(sealed, for: "sub_2", with: Self.sealer) == nil)  // moved to another subscription
        #expect(SecretSealer.open(sealed, for: "sub_1", with: nil) == nil)  // the server lacks the key
        let other = try #require(SecretSealer(keyFile: Data(repeating: 9, count: 32).base64EncodedString()))
        #expect(SecretSealer.open(sealed, for: "sub_1", with: other) == nil)
        for broken in ["enc1:", "enc1:!!!", "enc1:" + Data(repeating: 0, count: 40).base64EncodedString(), String(sealed.dropLast(4))] {
            #expect(SecretSealer.open(broken, for: "sub_1", with: Self.sealer) == nil, "\(broken)")
        }
        #expect(SecretSealer.open("whsec_plain", for: "sub_1", with: Self.sealer) == "whsec_plain")
        for bad in ["", "short", Data(repeating: 1, count: 31).base64EncodedString(), String(repeating: "A", count: 44) + "x"] {
            #expect(SecretSealer(keyFile: bad) == nil, "\(bad)")
        }
    }

    @Test("a subscription made with a sealer stores the sealed secret, shows the plain one once, and its webhook is signed with it")
    func endToEnd() async throws {
        var settings = NotificationSettings()
        settings.hosts = CallbackURLPolicy(allowLoopback: true)
        settings.secrets = Self.sealer
        let store = try SQLiteStore(path: Scratch.databaseFile("posttrace-seal").path)
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let registry = SubscriptionRegistry(store: store, hosts: settings.hosts, sealer: Self.sealer)
        let created = try await registry.create(numbers: ["EE123456785CN"], callbackURL: receiver.url("/hook"), triggers: ["every_event"], owner: nil)
        #expect(created.secret.hasPrefix("whsec_"))
        let stored = try #require(try await store.subscription(id: created.id))
        #expect(SecretSealer.isSealed(stored.secret) && !stored.secret.contains(created.secret))

        let service = NotificationService(settings: settings, store: store)
        let configuration = try #require(service.deliveryConfiguration(listeningBase: "http://127.0.0.1:1"))
        let worker = DeliveryWorker(store: store, configuration: configuration)
        let delivery = OutboxDelivery(id: "dlv_1", subscriptionID: created.id, kind: .statusChanged, number: created.numbers[0], event: nil,
                                      status: .inTransit, previousStatus: nil, stage: nil, createdAt: 1, nextAttemptAt: 1)
        #expect(await worker.send(delivery, to: stored) == .response(status: 200, retryAfter: nil))
        let arrived = try #require(receiver.requests.first)
        let header = try #require(arrived.headers["posttrace-signature"].flatMap(WebhookSignature.init(header:)))
        #expect(header.verifies(body: arrived.body, secret: created.secret, now: Int64(Date().timeIntervalSince1970)))

        // A server without the key cannot sign, and says so instead of signing with the sealed text.
        var keyless = configuration
        keyless.secrets = nil
        let refused = await DeliveryWorker(store: store, configuration: keyless).send(delivery, to: stored)
        guard case .connectionFailed(let why) = refused else { Issue.record("got \(refused)"); return }
        #expect(why.contains("signing secret unavailable"))
        await store.close()
    }
}
