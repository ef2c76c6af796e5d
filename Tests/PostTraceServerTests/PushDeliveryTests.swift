import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// Web Push end to end: a browser's subscription registered over the API, a scan ingested, the worker's
/// encrypted, VAPID-signed request to a push service on loopback, and an independent peer (Mozilla's http_ece
/// and pyca/cryptography, scripts/test-tools/webpush_peer.py) reading it as the browser would.
@Suite("Web Push delivery", .serialized, .scratch)
struct PushDeliveryTests {
    static func peer(_ arguments: [String], stdin: String? = nil) async throws -> [String: Any] {
        let python = try await ContactsChromiumTests.run(["bash", "scripts/webpush-peer-venv.sh"]).trimmingCharacters(in: .whitespacesAndNewlines)
        var command = [python, "scripts/test-tools/webpush_peer.py"] + arguments
        if let stdin {
            let file = Scratch.file("push", extension: "json")
            try Data(stdin.utf8).write(to: file)
            command = ["bash", "-c", command.map { "'\($0)'" }.joined(separator: " ") + " < '\(file.path)'"]
        }
        let output = try await ContactsChromiumTests.run(command)
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
    }

    static func vapid() -> VAPID { VAPID(key: P256Key.generate(), subject: "mailto:ops@posttrace.example") }

    @Test("a first scan reaches the browser: aes128gcm the peer decrypts, a VAPID JWT it verifies, the text in the subscriber's language",
          arguments: NotificationBackend.allCases)
    func deliveredAndReadable(_ backend: NotificationBackend) async throws {
        let h = try NotificationHarness(backend, vapid: Self.vapid())
        let service = try WebhookReceiver { _, _ in (201, [], 0) }
        defer { service.stop() }
        let folder = Scratch.directory("posttrace-peer")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let browser = try await Self.peer(["keys", folder.path])
        let keys = ["p256dh": try #require(browser["p256dh"] as? String), "auth": try #require(browser["auth"] as? String)]
        let body = try JSONSerialization.data(withJSONObject: ["subscription": ["endpoint": service.url("/push/abc"), "keys": keys],
                                                               "numbers": ["ee 123 456 785 cn"], "lang": "de-CH"])
        let created = try await h.request("POST", "/v1/push/subscriptions", json: String(decoding: body, as: UTF8.self))
        #expect(created.status == 201, "\(created.text)")
        let answer = try created.json()
        #expect(answer["numbers"] as? [String] == ["EE123456785CN"] && answer["lang"] as? String == "de")
        let id = try #require(answer["id"] as? String)
        #expect(id.hasPrefix("push_") && id.count >= 37, "an unguessable id")
        let serverKey = try #require(try await h.request("GET", "/v1/push/vapid-public-key").json()["public_key"] as? String)

        let key = try await h.key(.ingest)
        let ingest = try await h.request("POST", "/v1/events", key: key,
                                         json: #"[{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}]"#)
        #expect(ingest.status == 200, "\(ingest.text)")
        try await h.drive { service.requests.count == 1 }
        let sent = try #require(service.requests.first)
        #expect(sent.method == "POST" && sent.path == "/push/abc")
        #expect(sent.headers["content-encoding"] == "aes128gcm" && sent.headers["ttl"] == "86400")
        #expect(sent.headers["urgency"] == "normal" && sent.headers["topic"] == "EE123456785CN")
        let opened = try await Self.peer(["open", folder.path], stdin: String(decoding: try JSONSerialization.data(withJSONObject: [
            "body": Data(sent.body).base64EncodedString(), "authorization": sent.headers["authorization"] ?? "",
            "audience": "http://127.0.0.1:\(service.port)", "server_key": serverKey]), as: UTF8.self))
        #expect(opened["vapid_valid"] as? Bool == true && opened["key_matches"] as? Bool == true && opened["audience_matches"] as? Bool == true)
        #expect((opened["header"] as? [String: Any])?["alg"] as? String == "ES256")
        let expires = try #require(opened["expires_in"] as? Int)
        #expect(expires > 3600 && expires <= 86_400, "exp within 24 hours: \(expires) s")
        let message = try #require(try JSONSerialization.jsonObject(with: Data((opened["plaintext"] as? String ?? "").utf8)) as? [String: Any])
        #expect(message["type"] as? String == "tracking.first_record" && message["number"] as? String == "EE123456785CN")
        #expect(message["url"] as? String == "/t/EE123456785CN?lang=de" && message["lang"] as? String == "de")
        let text = message["body"] as? String ?? ""
        #expect(ItemStatus.allCases.contains { text.hasPrefix($0.title(in: .de)) }, "the status in German: \(text)")
        #expect(!text.contains(EventCode.posting.title(in: .en)) && text.contains(EventCode.posting.title(in: .de)), "\(text)")

        // The push service says the browser is gone: the subscription goes, and nothing more is sent.
        let gone = try WebhookReceiver { _, _ in (410, [], 0) }
        defer { gone.stop() }
        let again = try JSONSerialization.data(withJSONObject: ["subscription": ["endpoint": gone.url("/push/old"), "keys": keys],
                                                                "numbers": ["EE123456785CN"]])
        let old = try await h.request("POST", "/v1/push/subscriptions", json: String(decoding: again, as: UTF8.self)).json()
        let oldID = try #require(old["id"] as? String)
        _ = try await h.request("POST", "/v1/events", key: key,
                                json: #"[{"number":"EE123456785CN","code":"EMB","time":"2026-03-03T19:10:00+08:00","office":"CNPEKA"}]"#)
        try await h.drive { gone.requests.count == 1 }
        #expect(try await h.store.subscription(id: oldID) == nil, "410 removes the subscription")
        #expect(try await h.request("DELETE", "/v1/push/subscriptions/\(oldID)").status == 404)
        #expect(try await h.request("DELETE", "/v1/push/subscriptions/\(id)").status == 204)
        #expect(try await h.store.subscription(id: id) == nil)
        await h.server.shutdown()
    }

    @Test("hostile registrations get coded problems: endpoints, keys, numbers, languages, bodies")
    func hostile() async throws {
        let h = try NotificationHarness(.sqlite, hosts: CallbackURLPolicy(), vapid: Self.vapid())
        let good = ["p256dh": Base64URL.encode(P256Key.generate().publicPoint), "auth": Base64URL.encode(LibCrypto.randomBytes(16))]
        func register(_ endpoint: String, keys: [String: String] = good, numbers: [String] = ["EE123456785CN"], lang: String? = nil) async throws -> RawResponse {
            var object: [String: Any] = ["subscription": ["endpoint": endpoint, "keys": keys], "numbers": numbers]
            if let lang { object["lang"] = lang }
            return try await h.request("POST", "/v1/push/subscriptions", json: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        for endpoint in ["http://push.example.net/x", "ftp://push.example.net/x", "https://127.0.0.1/x", "https://10.1.2.3/x",
                         "https://[::1]/x", "https://169.254.169.254/latest", "not a url", "https://user:pw@push.example.net/x",
                         "https://push.example.net/" + String(repeating: "a", count: 3000)] {
            let r = try await register(endpoint)
            #expect(r.status == 422, "\(endpoint.prefix(60)): \(r.status) \(r.text)")
        }
        let offCurve = Base64URL.encode([4] + [UInt8](repeating: 1, count: 64))
        for keys in [["p256dh": "AAAA", "auth": good["auth"]!], ["p256dh": offCurve, "auth": good["auth"]!],
                     ["p256dh": good["p256dh"]! + "AA", "auth": good["auth"]!], ["p256dh": good["p256dh"]!, "auth": "AAAA"],
                     ["p256dh": "!!!", "auth": good["auth"]!]] {
            let r = try await register("https://push.example.net/x", keys: keys)
            #expect(r.status == 422 && (r.text.contains("invalid-push-key") || r.text.contains("invalid-push-auth")), "\(keys): \(r.text)")
        }
        let many = (0..<51).map { String(format: "EE%08d", $0) }
        #expect(try await register("https://push.example.net/x", numbers: many).status == 422)
        #expect(try await register("https://push.example.net/x", numbers: []).status == 422)
        #expect(try await register("https://push.example.net/x", numbers: ["EE123456789CN"]).text.contains("invalid-number"))
        #expect(try await register("https://push.example.net/x", lang: "xx").text.contains("invalid-lang"))
        let malformed = try await h.request("POST", "/v1/push/subscriptions", json: #"{"subscription": {"endpoint": 1}}"#)
        #expect(malformed.status == 400 || malformed.status == 422, "\(malformed.text)")
        let huge = try await h.request("POST", "/v1/push/subscriptions", json: "{\"numbers\":[\"" + String(repeating: "E", count: 9_000_000) + "\"]}")
        #expect(huge.status == 413, "\(huge.status)")
        #expect(try await h.request("DELETE", "/v1/push/subscriptions/sub_123").status == 404)
        #expect(try await h.request("DELETE", "/v1/push/subscriptions/push_" + String(repeating: "0", count: 32)).status == 404)
        #expect(try await h.store.subscriptions(ownerKeyID: nil).isEmpty, "nothing refused was stored")
        await h.server.shutdown()
    }

    @Test("a server without a VAPID key says so: 501 push-unavailable")
    func unavailable() async throws {
        let h = try NotificationHarness(.sqlite)
        let r = try await h.request("GET", "/v1/push/vapid-public-key")
        #expect(r.status == 501 && r.text.contains("push-unavailable"))
        await h.server.shutdown()
    }
}
