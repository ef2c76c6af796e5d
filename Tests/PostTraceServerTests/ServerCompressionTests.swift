import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Response compression: Accept-Encoding: gzip", .scratch)
struct ServerCompressionTests {
    /// The bytes inside a gzip stream, read by Python's gzip module (not by the code under test).
    static func gunzip(_ data: [UInt8]) async throws -> [UInt8] {
        let run = try await IndependentTool.launch("/usr/bin/python3", ["-c", "import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))"],
                                          input: data)
        #expect(run.status == 0, "python3 could not read the gzip stream")
        return run.output
    }

    static let gzip = ["Accept-Encoding": "gzip"]

    /// A server with one stored item, and that item's lookup fetched plain and gzipped.
    static func bothCodings() async throws -> (s: TestServer, path: String, plain: RawResponse, packed: RawResponse) {
        let s = try TestServer()
        let path = "/v1/trackings/\(try await s.seed("EE123456785CN"))"
        return (s, path, try await s.get(path), try await s.get(path, headers: gzip))
    }

    @Test("a client that takes gzip gets the same bytes, smaller, under a tag of their own")
    func lookup() async throws {
        let (s, _, plain, packed) = try await Self.bothCodings()
        Scratch.atEnd { await s.server.shutdown() }
        #expect(plain.status == 200 && packed.status == 200)
        #expect(plain.headers["content-encoding"] == nil)
        #expect(packed.headers["content-encoding"] == "gzip")
        await #expect(try Self.gunzip(packed.body) == plain.body)
        #expect(packed.body.count < plain.body.count / 2, "\(packed.body.count) of \(plain.body.count) bytes")
        #expect(packed.headers["content-length"] == String(packed.body.count))
        // Both name what they vary on, so a cache keeps them apart.
        #expect(plain.vary == ["Accept-Language", "Accept-Encoding"] && packed.vary == plain.vary)
        let plainTag = try #require(plain.headers["etag"]), packedTag = try #require(packed.headers["etag"])
        #expect(packedTag == String(plainTag.dropLast()) + "-gzip\"")
    }

    @Test("revalidation: each coding's tag gets 304 only for that coding, with the length its 200 had")
    func revalidation() async throws {
        let (s, path, plain, packed) = try await Self.bothCodings()
        Scratch.atEnd { await s.server.shutdown() }
        let plainTag = try #require(plain.headers["etag"]), packedTag = try #require(packed.headers["etag"])
        let same = try await s.get(path, headers: ["Accept-Encoding": "gzip", "If-None-Match": packedTag])
        #expect(same.status == 304 && same.body.isEmpty)
        #expect(same.headers["content-length"] == nil || same.headers["content-length"] == String(packed.body.count))
        #expect(same.headers["content-encoding"] == nil && same.headers["etag"] == packedTag && same.vary == packed.vary)
        // The other coding's copy is not this one.
        #expect(try await s.get(path, headers: ["Accept-Encoding": "gzip", "If-None-Match": plainTag]).status == 200)
        #expect(try await s.get(path, headers: ["If-None-Match": packedTag]).status == 200)
        #expect(try await s.get(path, headers: ["If-None-Match": plainTag]).status == 304)
    }

    @Test("Accept-Encoding is read as RFC 9110 says: names, weights, the wildcard")
    func negotiation() {
        let yes = ["gzip", "GZIP", " gzip ", "x-gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "*", "*;q=0.1",
                   "gzip;q=0.001", "identity, gzip", "gzip ; q=1", "deflate;q=0, gzip"]
        for field in yes { #expect(HTTPCompression.acceptsGzip(field), "\(field)") }
        let no: [String?] = [nil, "", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.000", "*;q=0", "gzip;q=0, *",
                             "gzip;q=abc", "gzip;q=2", "gzip;q=-1", "gzipx", "g zip", ",;,;=", "gzip;q=", "*, gzip;q=0",
                             String(repeating: ";", count: 10_000), "gz\u{0}ip", "ｇｚｉｐ"]
        for field in no { #expect(!HTTPCompression.acceptsGzip(field), "\(field?.prefix(30) ?? "nil")") }
    }

    /// The rule written plainly with Foundation (the byte-level reader replaced this): the reference for generated fields.
    static func referenceAcceptsGzip(_ field: String) -> Bool {
        var named: Double?, wildcard: Double?
        for member in field.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = member.split(separator: ";", omittingEmptySubsequences: true)
            guard let first = parts.first else { continue }
            let coding = first.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let text = parameter.trimmingCharacters(in: CharacterSet(charactersIn: " \t")).lowercased()
                guard text.hasPrefix("q=") else { continue }
                weight = Double(text.dropFirst(2)).flatMap { (0...1).contains($0) ? $0 : nil } ?? 0
            }
            if coding == "gzip" || coding == "x-gzip" { named = max(named ?? 0, weight) } else if coding == "*" { wildcard = weight }
        }
        return (named ?? wildcard ?? 0) > 0
    }

    @Test("generated Accept-Encoding fields: the reader agrees with the plain rule on every one")
    func generatedFields() {
        let pieces = ["gzip", "GZip", "x-gzip", "*", "br", "deflate", "identity", ",", ",", ";", ";", "q=", "Q=", "0", "1", ".", "5", "e",
                      "-", " ", "\t", "nan", "inf", "0x1", "\u{0}", "é", "ｇ", "\u{2028}", "=", "\"", "gzip;q=0", "*;q=0"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let field = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            #expect(HTTPCompression.acceptsGzip(field) == Self.referenceAcceptsGzip(field), "\(field.debugDescription)")
        }
    }

    @Test("hostile Accept-Encoding fields get a plain answer and the server keeps serving")
    func hostileFields() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let plain = try await s.get("/v1/trackings/\(n)")
        for field in [String(repeating: "gzip;q=0,", count: 1_500), String(repeating: ";", count: 20_000), "gzip;q=\u{7F}",
                      "%67zip", "gzip;q=0.5e-400", "\u{FF}gzip"] {
            let r = try await s.get("/v1/trackings/\(n)", headers: ["Accept-Encoding": field])
            #expect(r.status == 200 && r.headers["content-encoding"] == nil && r.body == plain.body, "\(field.prefix(30))")
        }
        #expect(try await s.get("/healthz", headers: Self.gzip).status == 200)
    }

    @Test("not compressed: small bodies, answers marked no-store, and anything with compression off")
    func notCompressed() async throws {
        let s = try TestServer()
        let health = try await s.get("/healthz", headers: Self.gzip)
        #expect(health.headers["content-encoding"] == nil && !health.vary.contains("Accept-Encoding"))
        // The message check answers no-store (it repeats what the person pasted).
        let text = String(repeating: "Your parcel is held. Pay the redelivery fee at http://example.top/pay now. ", count: 40)
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["text": text]), as: UTF8.self)
        let check = try await s.post("/v1/check-message", body: body, headers: Self.gzip)
        #expect(check.status == 200 && check.body.count > 1024 && check.headers["content-encoding"] == nil)

        let off = try TestServer { $0.compression = false }
        let n = try await off.seed("EE123456785CN")
        let lookup = try await off.get("/v1/trackings/\(n)", headers: Self.gzip)
        #expect(lookup.status == 200 && lookup.body.count > 1024)
        #expect(lookup.headers["content-encoding"] == nil && lookup.vary == ["Accept-Language"])
    }

    @Test("a new subscription's secret is sent no-store and never compressed")
    func subscriptionSecret() async throws {
        let h = try NotificationHarness()
        Scratch.atEnd { await h.server.shutdown() }
        let key = try await h.key()
        // A long callback URL makes the answer large enough to be compressed, were it allowed.
        let url = "http://127.0.0.1:9/hook?ref=" + String(repeating: "a", count: 1_200)
        let body = #"{"numbers":["EE123456785CN"],"callback_url":"\#(url)"}"#
        let created = try await RawHTTP.exchange(port: h.port, request: RawHTTP.request("POST", "/v1/subscriptions", headers: [
            "Authorization": "Bearer \(key)", "Content-Type": "application/json", "Accept-Encoding": "gzip"], body: Array(body.utf8)))
        #expect(created.status == 201, "\(created.text)")
        #expect(created.body.count > 1024 && created.headers["cache-control"] == "no-store" && created.headers["content-encoding"] == nil)
        #expect(try created.json()["secret"] is String)
    }

    @Test("HEAD answers as GET does: the same coding and length, no body")
    func head() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let get = try await s.get("/v1/trackings/\(n)", headers: Self.gzip)
        let head = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("HEAD", "/v1/trackings/\(n)", headers: Self.gzip))
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers["content-encoding"] == "gzip" && head.headers["content-length"] == get.headers["content-length"])
        #expect(head.headers["etag"] == get.headers["etag"])
    }

    @Test("batches, problems, pages and fixed documents are compressed; fixed ones the same bytes each time")
    func everywhere() async throws {
        let s = try TestServer(extraRoutes: PageRoutes.routes(store: InMemoryStore()))
        _ = try await s.seed("EE123456785CN")
        let numbers = (0..<40).map { _ in "\"EE123456785CN\"" }.joined(separator: ",")
        let batch = try await s.post("/v1/trackings/batch", body: #"{"numbers":[\#(numbers)]}"#, headers: Self.gzip)
        #expect(batch.status == 200 && batch.headers["content-encoding"] == "gzip")
        let results = try await #require(try JSONSerialization.jsonObject(with: Data(try Self.gunzip(batch.body))) as? [String: Any])
        #expect((results["results"] as? [Any])?.count == 40)

        // A country cut short: a problem with many suggested completions.
        let invalid = try await s.get("/v1/trackings/LP607427673C", headers: Self.gzip)
        let invalidPlain = try await s.get("/v1/trackings/LP607427673C")
        #expect(invalid.status == 422 && invalidPlain.body.count >= 1024)
        #expect(invalid.headers["content-encoding"] == "gzip" && invalid.headers["content-type"] == invalidPlain.headers["content-type"])
        await #expect(try Self.gunzip(invalid.body) == invalidPlain.body)

        for path in ["/", "/assets/style.css", "/openapi.json"] {
            let plain = try await s.get(path)
            let first = try await s.get(path, headers: Self.gzip), second = try await s.get(path, headers: Self.gzip)
            #expect(first.status == 200 && first.headers["content-encoding"] == "gzip", "\(path)")
            await #expect(try Self.gunzip(first.body) == plain.body, "\(path)")
            #expect(second.body == first.body && second.headers["etag"] == first.headers["etag"], "\(path)")
        }
    }
}
