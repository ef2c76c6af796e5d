import Foundation
import Testing
import TestSupport

@Suite("posttrace keys", .scratch)
struct KeysCLITests {
    @Test("create prints the id and the secret once, with a warning on stderr")
    func create() async throws {
        let run = try await CLI.launch(["keys", "create", "--name", "shop", "--scope", "ingest", "--db", "memory"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("scope:  ingest"))
        let secret = run.stdout.split(separator: "\n").first { $0.hasPrefix("secret: ") }?.dropFirst(8)
        #expect(secret?.hasPrefix("pt_") == true && secret?.count == 67)
        #expect(run.stderr.contains("shown only now"))
    }

    @Test("keys kept in an SQLite file: created, listed, accepted by the server for ingestion, then revoked")
    func lifecycleWithSQLite() async throws {
        let db = Scratch.databaseFile("posttrace-keys")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + suffix) } }
        let created = try await CLI.launch(["keys", "create", "--name", "feed", "--scope", "ingest", "--db", db.path])
        #expect(created.status == 0)
        let line = { (prefix: String) in created.stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
        let id = try #require(line("id:     ")), secret = try #require(line("secret: "))
        let listed = try await CLI.launch(["keys", "list", "--db", db.path])
        #expect(listed.stdout.contains("\(id)\tingest\tactive\tnever used\tfeed"))
        #expect(!listed.stdout.contains(secret))

        let serve = try ServeProcess(["--port", "0", "--no-access-log", "--db", db.path])
        let port = try await serve.port()
        let event = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}"#
        let ingest = try await curl("http://127.0.0.1:\(port)/v1/events", ["-H", "Authorization: Bearer \(secret)",
                                                                     "-H", "Content-Type: application/x-ndjson", "--data-binary", event])
        #expect(ingest.status == 200 && ingest.body.contains(#""accepted":1"#))
        #expect(try await curl("http://127.0.0.1:\(port)/v1/trackings/EE123456785CN").status == 200)
        // The server notes the use (to the minute, without making the request wait): keys list shows it.
        var used = ""
        for _ in 0..<50 {
            used = try await CLI.launch(["keys", "list", "--db", db.path]).stdout
            if used.contains("\(id)\tingest\tactive\tused 20") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(used.contains("\(id)\tingest\tactive\tused 20"), "\(used)")

        #expect(try await CLI.launch(["keys", "revoke", id, "--db", db.path]).status == 0)
        let refused = try await curl("http://127.0.0.1:\(port)/v1/events", ["-H", "Authorization: Bearer \(secret)",
                                                                      "-H", "Content-Type: application/x-ndjson", "--data-binary", event])
        #expect(refused.status == 401)
        #expect(await serve.stop() == 0)
        #expect(try await CLI.launch(["keys", "list", "--db", db.path]).stdout.contains("\(id)\tingest\trevoked"))
    }

    @Test("usage mistakes exit 64; revoking an unknown key exits 1")
    func mistakes() async throws {
        #expect(try await CLI.launch(["keys"]).status == 64)
        #expect(try await CLI.launch(["keys", "mint"]).status == 64)
        #expect(try await CLI.launch(["keys", "create", "--name", "x", "--scope", "root", "--db", "memory"]).status == 64)
        #expect(try await CLI.launch(["keys", "create", "--scope", "read", "--db", "memory"]).status == 64)
        #expect(try await CLI.launch(["keys", "revoke", "--db", "memory"]).status == 64)
        let unknown = try await CLI.launch(["keys", "revoke", "k_nope", "--db", "memory"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no active key"))
        let list = try await CLI.launch(["keys", "list", "--json", "--db", "memory"])
        #expect(list.status == 0 && list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
