import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("key buckets and Vary: Origin", .scratch)
struct KeyBucketAndVaryTests {
    @Test("a valid key uses its own bucket: its address's empty bucket does not stop it; unknown keys pay the address's")
    func keyHasItsOwnBucket() async throws {
        let s = try TestServer {
            $0.addressLimit = RateLimit(perSecond: 0.0001, burst: 3)
            $0.keyLimit = RateLimit(perSecond: 0.0001, burst: 20)
        }
        let key = try await s.key(.read)
        let path = "/v1/trackings/RR999999987CN"
        // Known to this server: once a key has authenticated, an empty address bucket never stops it.
        #expect(try await s.get(path, headers: ["Authorization": "Bearer \(key)"]).status == 404)
        for _ in 0..<3 { #expect(try await s.get(path).status == 404) }
        #expect(try await s.get(path).status == 429, "the address's bucket is empty")
        for i in 0..<10 {  // 10 > the address's burst of 3
            let r = try await s.get(path, headers: ["Authorization": "Bearer \(key)"])
            #expect(r.status == 404, "request \(i) with a valid key: \(r.status)")
            #expect(r.headers["ratelimit-limit"] == "20", "the key's standing is reported")
        }
        let unknown = try await s.get(path, headers: ["Authorization": "Bearer pt_" + String(repeating: "0", count: 64)])
        #expect(unknown.status == 429, "an unknown key from an address out of tokens is not even looked up")
        let other = try TestServer { $0.addressLimit = RateLimit(perSecond: 0.0001, burst: 2) }
        let statuses = try await Array(0..<4).asyncMap { _ in try await other.get(path, headers: ["Authorization": "Bearer pt_wrong"]).status }
        #expect(statuses == [401, 401, 429, 429], "unknown keys are charged to the address: \(statuses)")
    }

    @Test("with CORS and caching on, answers to other origins and to none say Vary: Origin too")
    func varyOrigin() async throws {
        let s = try TestServer {
            $0.corsOrigins = ["https://shop.example"]
            $0.lookupMaxAgeSeconds = 60
        }
        _ = try await s.seed("RR999999987CN")
        for origin in ["https://evil.example", nil, "https://shop.example"] {
            let r = try await s.get("/v1/trackings/RR999999987CN", headers: origin.map { ["Origin": $0] } ?? [:])
            #expect(r.status == 200)
            #expect(r.headers["cache-control"]?.contains("max-age=60") == true)
            #expect(r.vary.isSuperset(of: ["Origin", "Accept-Language"]), "\(origin ?? "no origin"): Vary \(r.vary)")
            #expect((r.headers["access-control-allow-origin"] != nil) == (origin == "https://shop.example"))
        }
    }
}
