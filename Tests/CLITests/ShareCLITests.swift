import Foundation
import Testing
import TestSupport

/// Parcel shares through the real `posttrace serve` with its access log on: the token never reaches the log or
/// the database file, and the link follows `--public-url`.
@Suite("posttrace serve: parcel shares", .serialized, .scratch)
struct ShareCLITests {
    @Test("a share's whole life leaves its token in neither the access log nor the store, which holds its hash")
    func tokenNeverKept() async throws {
        let db = Scratch.databaseFile("posttrace-share-cli")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) } }
        let serve = try ServeProcess(["--port", "0", "--db", db.path, "--public-url", "https://track.example/pt"])
        let base = "http://127.0.0.1:\(try await serve.port())"
        let made = try await curl(base + "/v1/shares", ["-X", "POST", "-H", "Content-Type: application/json",
                                                        "-d", #"{"numbers": ["EE123456785CN", "RR000020265US"]}"#])
        #expect(made.status == 201, "\(made.body)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(made.body.utf8)) as? [String: Any])
        let token = try #require(answer["token"] as? String)
        #expect(answer["link"] as? String == "https://track.example/pt/s/\(token)")
        #expect(try await curl(base + "/v1/shares/\(token)").status == 200)
        #expect(try await curl(base + "/s/\(token)").status == 200)
        #expect(try await curl(base + "/s/\(token)/qr.svg").status == 200)
        #expect(try await curl(base + "/v1/shares/\(token)", ["-X", "DELETE"]).status == 204)
        #expect(try await curl(base + "/s/\(token)").status == 404)
        let dump = try await CLI.launch([db.path, "SELECT token_hash || ' ' || numbers || ' ' || (revoked_at IS NOT NULL) FROM shares"],
                                        program: URL(fileURLWithPath: "/usr/bin/sqlite3"))
        #expect(await serve.stop() == 0)
        let log = serve.stderr
        for route in ["shares.create", "shares.get", "page.share", "page.share.qr", "shares.delete"] {
            #expect(log.contains("\"route\":\"\(route)\""), "the access log names \(route)")
        }
        #expect(!log.contains(token), "the token is in the access log")
        #expect(dump.status == 0 && dump.stdout.range(of: #"^[0-9a-f]{64}  1\n$"#, options: .regularExpression) != nil,
                "one row: the hash, no numbers once revoked: \(dump.stdout)")
        var files = Data()
        for suffix in ["", "-wal"] { files += (try? Data(contentsOf: URL(fileURLWithPath: db.path + suffix))) ?? Data() }
        #expect(files.range(of: Data(token.utf8)) == nil, "the token is in the database's files")
    }
}
