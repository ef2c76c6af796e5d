import Foundation
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// A real server over a real SQLite file with the share routes and pages mounted as serve mounts them; the
/// test's `Scratch` stops it and deletes the file when the test ends.
struct ShareServer {
    let server: PostTraceServer
    let store: SQLiteStore
    let file: URL
    var port: UInt16 { server.port }

    init(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        adjust(&config)
        file = Scratch.databaseFile("posttrace-share")
        store = try SQLiteStore(path: file.path)
        server = try PostTraceServer(configuration: config, store: store, keyStore: store,
                                     extraRoutes: PageRoutes.routes(store: store) + ShareRoutes.routes(store: store))
        Scratch.atEnd { [server] in await server.shutdown() }
    }

    func send(_ method: String, _ path: String, body: String = "", type: String? = "application/json") async throws -> RawResponse {
        var headers: [String: String] = [:]
        if let type, !body.isEmpty { headers["Content-Type"] = type }
        return try await RawHTTP.exchange(port: port, request: RawHTTP.request(method, path, headers: headers, body: Array(body.utf8)))
    }

    func create(_ numbers: [String]) async throws -> RawResponse {
        try await send("POST", "/v1/shares", body: String(decoding: try JSONSerialization.data(withJSONObject: ["numbers": numbers]), as: UTF8.self))
    }
}

@Suite("Parcel shares over HTTP", .scratch)
struct ShareRoutesTests {
    static let numbers = ["EE123456785CN", "RR000020265US"]

    @Test("a share is made once, opens its numbers and page and QR code, is revoked, and then answers 404 everywhere")
    func lifecycle() async throws {
        let s = try ShareServer()
        let made = try await s.create(["ee 123 456 785 cn", "RR000020265US", "EE123456785CN"])
        #expect(made.status == 201, "\(made.text)")
        let body = try made.json()
        let token = try #require(body["token"] as? String)
        #expect(token.count == 43 && token.utf8.allSatisfy(\.isBase64URL))
        #expect(body["link"] as? String == "http://127.0.0.1/s/\(token)")
        #expect(body["qr"] as? String == "/s/\(token)/qr.svg")
        #expect(body["numbers"] as? [String] == Self.numbers, "canonical, each once, in order")
        #expect(made.headers["location"] == "/v1/shares/\(token)")
        for r in [made] { #expect(r.headers["cache-control"] == "no-store" && r.headers["referrer-policy"] == "no-referrer") }

        let shown = try await s.send("GET", "/v1/shares/\(token)")
        #expect(try shown.status == 200 && (shown.json()["numbers"] as? [String]) == Self.numbers)
        let page = try await s.send("GET", "/s/\(token)?lang=fr")
        #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains("href=\"/t/EE123456785CN?lang=fr\"") && page.text.contains("href=\"/t/RR000020265US?lang=fr\""))
        #expect(page.text.contains("Colis partagés avec vous"))
        let qr = try await s.send("GET", "/s/\(token)/qr.svg")
        #expect(qr.status == 200 && qr.headers["content-type"] == "image/svg+xml" && qr.text.hasPrefix("<svg"))
        for r in [shown, page, qr] {
            #expect(r.headers["cache-control"] == "no-store" && r.headers["referrer-policy"] == "no-referrer" && r.headers["etag"] == nil)
        }

        let revoked = try await s.send("DELETE", "/v1/shares/\(token)")
        #expect(revoked.status == 204 && revoked.headers["cache-control"] == "no-store")
        let after = try await s.send("GET", "/v1/shares/\(token)")
        #expect(try after.status == 404 && (after.json()["type"] as? String)?.hasSuffix("/share-not-found") == true)
        #expect(!after.text.contains(token), "the problem's instance names the route, not the token")
        let gone = try await s.send("GET", "/s/\(token)")
        #expect(gone.status == 404 && gone.text.contains("This link no longer works") && gone.headers["cache-control"] == "no-store")
        #expect(try await s.send("GET", "/s/\(token)/qr.svg").status == 404)
        #expect(try await s.send("DELETE", "/v1/shares/\(token)").status == 404, "revoked once")
    }

    @Test("unknown, revoked and malformed tokens get the same 404; hostile paths never echo the token")
    func hostileTokens() async throws {
        let s = try ShareServer()
        let unknown = try await s.send("GET", "/v1/shares/" + String(repeating: "A", count: 43))
        #expect(unknown.status == 404)
        let reference = try unknown.json()
        let huge = String(repeating: "x", count: 10_000)
        for token in ["abc", String(repeating: "!", count: 43), String(repeating: "A", count: 44), huge, "%C3%A9" + String(repeating: "a", count: 41)] {
            for method in ["GET", "DELETE"] {
                let r = try await s.send(method, "/v1/shares/\(token)")
                #expect(r.status == 404 || r.status == 414, "\(method) \(token.prefix(20)): \(r.status)")
                if r.status == 404 {
                    let problem = try r.json()
                    #expect(problem["type"] as? String == reference["type"] as? String && problem["detail"] as? String == reference["detail"] as? String)
                }
                #expect(!r.text.contains(token) || token.count < 5, "\(token.prefix(20)) echoed")
            }
            let page = try await s.send("GET", "/s/\(token)")
            #expect(page.status == 404 || page.status == 414)
        }
        for odd in ["..", "%2e%2e", "%2F", "A%20B"] {
            let r = try await s.send("GET", "/v1/shares/\(odd)")
            #expect([400, 404, 405].contains(r.status), "\(odd): \(r.status)")  // %2F: the path becomes /v1/shares, POST only
        }
        let nul = try await s.send("GET", "/v1/shares/%00" + String(repeating: "A", count: 40))
        #expect(try nul.status == 400 && (nul.json()["type"] as? String)?.hasSuffix("/bad-path") == true)
    }

    @Test("creation refuses 0 and 51 numbers, invalid numbers (listing them), wrong content types and bodies, and a huge body")
    func hostileCreation() async throws {
        let s = try ShareServer()
        let fiftyOne = (1...51).map { S10Number(serviceIndicator: "RR", serial: UInt32($0), countryCode: "CN")!.description }
        let tooMany = try await s.create(fiftyOne)
        #expect(try tooMany.status == 422 && (tooMany.json()["type"] as? String)?.hasSuffix("/numbers-count") == true)
        #expect(try tooMany.json()["limit"] as? Int == 50)
        #expect(try await s.create(Array(fiftyOne.prefix(50))).status == 201, "50 is the limit, not 49")
        #expect(try await s.create([]).status == 422)
        let invalid = try await s.create(["EE123456785CN", "EE123456784CN", "<script>", String(repeating: "9", count: 5000)])
        #expect(invalid.status == 422)
        let listed = try #require(try invalid.json()["invalid"] as? [[String: Any]])
        #expect(listed.map { $0["input"] as? String } == ["EE123456784CN", "<script>", String(repeating: "9", count: 64)])
        #expect((listed[0]["suggestions"] as? [String])?.contains("EE123456785CN") == true)
        let form = try await s.send("POST", "/v1/shares", body: "numbers=EE123456785CN", type: "application/x-www-form-urlencoded")
        #expect(form.status == 415)
        #expect(try await s.send("POST", "/v1/shares", body: "{\"numbers\": \"EE123456785CN\"}").status == 400)
        #expect(try await s.send("POST", "/v1/shares", body: "{\"numbers\": [1, 2]}").status == 400)
        #expect(try await s.send("POST", "/v1/shares", body: "{\"numbers\": [").status == 400)
        #expect(try await s.send("POST", "/v1/shares", body: "", type: nil).status == 415)
        let big = "{\"numbers\": [\"" + String(repeating: "E", count: 9 * 1024 * 1024) + "\"]}"
        #expect(try await s.send("POST", "/v1/shares", body: big).status == 413)
    }

    @Test("creation is rate limited by address, with no API key")
    func rateLimited() async throws {
        let s = try ShareServer { $0.addressLimit = RateLimit(perSecond: 0.0001, burst: 2) }
        #expect(try await s.create(["EE123456785CN"]).status == 201)
        #expect(try await s.create(["EE123456785CN"]).status == 201)
        let third = try await s.create(["EE123456785CN"])
        #expect(third.status == 429 && third.headers["retry-after"] != nil)
    }

    @Test("the store holds the token's SHA-256 and never the token: not in the database file, its WAL or any column")
    func hashOnly() async throws {
        let s = try ShareServer()
        var tokens: [String] = []
        for _ in 0..<5 { tokens.append(try #require(try await s.create(Self.numbers).json()["token"] as? String)) }
        try await Task.sleep(for: .milliseconds(100))
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] { bytes += (try? Data(contentsOf: URL(fileURLWithPath: s.file.path + suffix))) ?? Data() }
        for token in tokens {
            let hash = try #require(ShareRoutes.hash(token))
            #expect(try await s.store.share(tokenHash: hash)?.numbers.map(\.description) == Self.numbers)
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in the database's files")
            #expect(bytes.range(of: Data(hash.utf8)) != nil, "its hash is")
            #expect(bytes.range(of: Data(Base64URL.decode(token)!)) == nil, "nor its raw bytes")
        }
    }

    @Test("the QR code read back by zbarimg is the link", arguments: ["127.0.0.1", "track.example:8443"])
    func qrDecodes(host: String) async throws {
        let s = try ShareServer()
        let request = { (method: String, path: String, body: String) in
            RawHTTP.request(method, path, headers: ["Host": host, "Content-Type": "application/json"], body: Array(body.utf8))
        }
        let made = try await RawHTTP.exchange(port: s.port, request: request("POST", "/v1/shares", "{\"numbers\": [\"EE123456785CN\"]}"))
        let link = try #require(try made.json()["link"] as? String)
        let token = try #require(try made.json()["token"] as? String)
        #expect(link == "http://\(host)/s/\(token)")
        let svg = try await RawHTTP.exchange(port: s.port, request: request("GET", "/s/\(token)/qr.svg", ""))
        #expect(svg.status == 200)
        #expect(try await Self.decode(svg.body) == link)
    }

    /// What zbarimg reads from the SVG rendered to PNG by rsvg-convert: two independent tools.
    static func decode(_ svg: [UInt8]) async throws -> String {
        let png = try await IndependentTool.launch("/usr/bin/rsvg-convert", ["-w", "400", "-b", "white"], input: svg)
        try #require(png.status == 0 && !png.output.isEmpty, "rsvg-convert failed (apt-get install librsvg2-bin)")
        let file = Scratch.file("posttrace-qr", extension: "png")
        try Data(png.output).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let read = try await IndependentTool.launch("/usr/bin/zbarimg", ["--raw", "-q", file.path], input: [])
        try #require(read.status == 0, "zbarimg found no code (apt-get install zbar-tools)")
        return String(decoding: read.output, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    @Test("QR codes of short and long links decode; NUL and oversized texts are refused")
    func qrEdges() async throws {
        for text in ["https://track.example/s/" + String(repeating: "Z", count: 43), "http://[2001:db8::1]:8080/s/%C3%A9", String(repeating: "https://a.example/", count: 40)] {
            let code = try #require(QRCode(text))
            #expect(code.width >= 21 && (code.width - 17) % 4 == 0)
            #expect(try await Self.decode(Array(code.svg(title: "<t>&").utf8)) == text)
        }
        #expect(QRCode("a\u{0}b") == nil)
        #expect(QRCode(String(repeating: "x", count: 3000)) == nil)
        #expect(QRCode("x")?.svg(title: "<b>").contains("<title>&lt;b&gt;</title>") == true)
    }

    @Test("a share's token is masked in any path the server echoes or logs")
    func masking() {
        #expect(ShareRoutes.masked("/s/abc") == "/s/{token}")
        #expect(ShareRoutes.masked("/s/abc/qr.svg") == "/s/{token}/qr.svg")
        #expect(ShareRoutes.masked("/v1/shares/abc") == "/v1/shares/{token}")
        #expect(ShareRoutes.masked("/t/EE123456785CN") == "/t/EE123456785CN")
        #expect(ShareRoutes.masked("/v1/shares") == "/v1/shares")
    }
}
