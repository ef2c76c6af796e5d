import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("HTTP caching: ETag, If-None-Match → 304, Vary: Accept-Language, lookup Cache-Control", .scratch)
struct ServerCachingTests {
    @Test("a lookup carries a strong ETag; the same tag back gets a bodiless 304 until the timeline changes")
    func revalidation() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let first = try await s.get("/v1/trackings/\(n)")
        #expect(first.status == 200)
        let tag = try #require(first.headers["etag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && tag.count == 18)
        #expect(first.headers["cache-control"] == "no-cache")
        #expect(first.vary.contains("Accept-Language"))
        // The same bytes give the same tag: another request, and a number typed differently.
        #expect(try await s.get("/v1/trackings/ee%20123%20456%20785%20cn").headers["etag"] == tag)

        let again = try await s.get("/v1/trackings/\(n)", headers: ["If-None-Match": tag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        // Content-Length in a 304 may only repeat the 200's (RFC 9110 §8.6).
        #expect(again.headers["content-length"] == nil || again.headers["content-length"] == first.headers["content-length"])
        #expect(again.headers["etag"] == tag)
        #expect(again.vary == first.vary && again.headers["cache-control"] == "no-cache")
        #expect(again.headers["content-type"] == nil && again.headers["content-language"] == nil)
        #expect(again.headers["x-content-type-options"] == "nosniff")  // security headers on every answer

        // A new scan changes the answer, so the old tag no longer matches.
        let delivered = TrackingEvent(number: n, code: .finalDelivery,
                                      time: LocalTime(epochSeconds: 1_780_100_000, utcOffsetSeconds: 28800)!, office: Office(code: "CNPEKA"))
        _ = try await s.store.insert([delivered])
        let changed = try await s.get("/v1/trackings/\(n)", headers: ["If-None-Match": tag])
        #expect(changed.status == 200)
        #expect(try changed.json()["status"] as? String == "delivered")
        #expect(changed.headers["etag"] != nil && changed.headers["etag"] != tag)
    }

    @Test("If-None-Match: weak comparison, lists, *, and malformed values get the full answer")
    func matching() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let tag = try #require(try await s.get("/v1/trackings/\(n)").headers["etag"])
        for field in ["W/\(tag)", "\"0000000000000000\", \(tag)", "*", " \(tag) ,"] {
            #expect(try await s.get("/v1/trackings/\(n)", headers: ["If-None-Match": field]).status == 304, "\(field)")
        }
        let hostile = ["\"0000000000000000\"", String(tag.dropLast()), "W/", "*, \(tag)", tag.replacingOccurrences(of: "\"", with: ""),
                       String(repeating: "\"a\",", count: 2_000), "\u{0}\(tag)"]
        for field in hostile {
            #expect(try await s.get("/v1/trackings/\(n)", headers: ["If-None-Match": field]).status == 200, "\(field.prefix(40))")
        }
    }

    @Test("each language has its own tag, and answers name the header they vary on")
    func languages() async throws {
        let s = try TestServer(extraRoutes: PageRoutes.routes(store: InMemoryStore()))
        let n = try await s.seed("EE123456785CN")
        let en = try await s.get("/v1/trackings/\(n)", headers: ["Accept-Language": "en"])
        let zh = try await s.get("/v1/trackings/\(n)", headers: ["Accept-Language": "zh-CN"])
        #expect(en.headers["content-language"] == "en" && zh.headers["content-language"] == "zh-Hans")
        #expect(en.headers["etag"] != zh.headers["etag"])
        // The Chinese copy does not satisfy an English request.
        let crossed = try await s.get("/v1/trackings/\(n)", headers: ["Accept-Language": "en", "If-None-Match": zh.headers["etag"] ?? ""])
        #expect(crossed.status == 200)
        // Problems and pages are negotiated too.
        let noRecord = try await s.get("/v1/trackings/RR999999987CN", headers: ["Accept-Language": "zh"])
        #expect(noRecord.status == 404, "\(noRecord.text)"); #expect(noRecord.vary.contains("Accept-Language") && noRecord.headers["etag"] == nil)
        let home = try await s.get("/", headers: ["Accept-Language": "zh"])
        #expect(home.headers["content-language"] == "zh-Hans" && home.vary.contains("Accept-Language"))
        let homeTag = try #require(home.headers["etag"])
        #expect(try await s.get("/", headers: ["Accept-Language": "zh", "If-None-Match": homeTag]).status == 304)
    }

    @Test("--cache-max-age lets caches keep lookups: public, or private when reads need a key")
    func maxAge() async throws {
        let open = try TestServer { $0.lookupMaxAgeSeconds = 60 }
        let n = try await open.seed("EE123456785CN")
        #expect(try await open.get("/v1/trackings/\(n)").headers["cache-control"] == "public, max-age=60")
        #expect(try await open.get("/v1/trackings/RR999999987CN").headers["cache-control"] == "public, max-age=60")
        // Other routes keep their own policy.
        #expect(try await open.get("/healthz").headers["cache-control"] == nil)

        let closed = try TestServer { $0.lookupMaxAgeSeconds = 60; $0.requireKeyForRead = true }
        _ = try await closed.seed("EE123456785CN")
        let key = try await closed.key(.read)
        let answer = try await closed.get("/v1/trackings/EE123456785CN", headers: ["Authorization": "Bearer \(key)"])
        #expect(answer.status == 200 && answer.headers["cache-control"] == "private, max-age=60")
        // A refusal is not a lookup's answer and is not made cacheable.
        let refused = try await closed.get("/v1/trackings/EE123456785CN")
        #expect(refused.status == 401 && refused.headers["cache-control"] == nil)
    }

    @Test("POST answers and no-store answers get no ETag")
    func notForEverything() async throws {
        let privateRoute = Route("GET", "/private", name: "private", rule: .open) { _ in
            HTTPResponse(status: 200, headers: [("Cache-Control", "no-store")], body: Array("secret".utf8))
        }
        let s = try TestServer(extraRoutes: [privateRoute])
        let batch = try await s.post("/v1/trackings/batch", body: #"{"numbers":["EE123456785CN"]}"#)
        #expect(batch.status == 200 && batch.headers["etag"] == nil)
        let check = try await s.post("/v1/check-message", body: #"{"text":"hello"}"#)
        #expect(check.status == 200 && check.headers["etag"] == nil && check.headers["cache-control"] == "no-store")
        let kept = try await s.get("/private")
        #expect(kept.status == 200 && kept.headers["etag"] == nil)
        #expect(try await s.get("/healthz").headers["etag"] != nil)  // the same server tags what may be cached
    }

    @Test("no-store is found as a directive, in any case and position, and not inside other words")
    func noStoreDirective() {
        for value in ["no-store", "NO-STORE", "private, no-store", "max-age=0 , No-Store ,must-revalidate"] {
            #expect(HTTPCaching.forbidsStorage(value), "\(value)")
        }
        for value in [nil, "", "no-cache", "private", "no-stored", "x-no-store", "ext=\"no-store\"", ",,,"] {
            #expect(!HTTPCaching.forbidsStorage(value), "\(value ?? "nil")")
        }
    }

    @Test("entity tags are deterministic and see every byte")
    func tags() {
        let body = Array(#"{"number":"EE123456785CN","status":"delivered"}"#.utf8)
        #expect(HTTPCaching.entityTag(of: body) == HTTPCaching.entityTag(of: body))
        var seen: Set<String> = [HTTPCaching.entityTag(of: body)]
        for i in body.indices {
            var changed = body
            changed[i] ^= 0x01
            seen.insert(HTTPCaching.entityTag(of: changed))
        }
        #expect(seen.count == body.count + 1)
        #expect(HTTPCaching.entityTag(of: body + [0]) != HTTPCaching.entityTag(of: body))
        #expect(HTTPCaching.entityTag(of: []) != HTTPCaching.entityTag(of: [0]))
    }

    @Test("webhook links use --public-url, else the address the server bound")
    func deliveryBase() throws {
        var settings = NotificationSettings()
        let store = try SQLiteStore(path: Scratch.databaseFile("posttrace-base").path)
        let bound = NotificationService(settings: settings, store: store).deliveryConfiguration(listeningBase: "https://127.0.0.1:50123")
        #expect(bound?.publicBaseURL == "https://127.0.0.1:50123")
        settings.publicBaseURL = "https://track.example"
        #expect(NotificationService(settings: settings, store: store).deliveryConfiguration(listeningBase: "http://x:1")?.publicBaseURL
                == "https://track.example")
        #expect(NotificationService(settings: settings, store: InMemoryStore()).deliveryConfiguration(listeningBase: "http://x:1") == nil)
    }
}
