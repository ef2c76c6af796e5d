import Foundation
import Testing
import TestSupport

@Suite("posttrace copy-store", .serialized, .scratch)
struct CopyStoreCLITests {
    /// The secret and id `keys create` printed.
    static func createKey(_ db: String, name: String) async throws -> (id: String, secret: String) {
        let run = try await CLI.launch(["keys", "create", "--db", db, "--name", name, "--scope", "ingest"])
        #expect(run.status == 0, "\(run.stderr)")
        func field(_ label: String) -> String? {
            run.stdout.split(separator: "\n").first { $0.hasPrefix(label) }?.split(separator: " ").last.map(String.init)
        }
        return (try #require(field("id:")), try #require(field("secret:")))
    }

    @Test("a copied store serves the same timelines; copied keys still work there, revoked ones do not")
    func serveTheCopy() async throws {
        let dir = cliTempDir()
        let source = try await ExportCLITests.filledStore(dir, items: 300)
        let live = try await Self.createKey(source, name: "shop")
        let gone = try await Self.createKey(source, name: "old")
        #expect(try await CLI.launch(["keys", "revoke", gone.id, "--db", source]).status == 0)
        let target = dir.appendingPathComponent("target.db").path
        let copied = try await CLI.launch(["copy-store", "--from", source, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("keys 2 copied, 0 already there"), "\(copied.stdout)")
        let again = try await CLI.launch(["copy-store", "--from", source, "--to", target])
        #expect(again.stdout.contains("0 events new") && again.stdout.contains("keys 0 copied, 2 already there"), "\(again.stdout)")
        #expect(try await CLI.launch(["export", "--db", target]).stdout == (try await CLI.launch(["export", "--db", source]).stdout))

        let serve = try ServeProcess(["--port", "0", "--db", target, "--no-access-log"])
        let port = try await serve.port()
        let line = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}"#
        @Sendable func ingest(_ secret: String) async throws -> Int {
            try await curl("http://127.0.0.1:\(port)/v1/events", ["-H", "Authorization: Bearer \(secret)", "-H", "Content-Type: application/x-ndjson",
                                                            "--data-binary", line]).status
        }
        #expect(try await ingest(live.secret) == 200)
        #expect(try await ingest(gone.secret) == 401)
        #expect(await serve.stop() == 0)
    }

    @Test("SQLite to PostgreSQL")
    func toPostgres() async throws {
        guard let url = CLI.testDatabaseURL() else { return }
        let dir = cliTempDir()
        let source = try await ExportCLITests.filledStore(dir, items: 150, seed: 22)
        let key = try await Self.createKey(source, name: "to-postgres")
        let copied = try await CLI.launch(["copy-store", "--from", source, "--to", url, "--events-only"])
        #expect(copied.status == 0 && !copied.stdout.contains("keys"), "\(copied.stdout) \(copied.stderr)")
        #expect(!(try await CLI.launch(["keys", "list", "--db", url])).stdout.contains(key.id))
        #expect(try await CLI.launch(["copy-store", "--from", source, "--to", url]).status == 0)
        #expect(try await CLI.launch(["keys", "list", "--db", url]).stdout.contains(key.id))
        let number = try #require(try await CLI.launch(["export", "--db", source]).stdout.split(separator: "\"").dropFirst(3).first)
        let here = try await CLI.launch(["track", "--db", source, "--json", String(number)])
        let there = try await CLI.launch(["track", "--db", url, "--json", String(number)])
        #expect(here.status == 0 && there.stdout == here.stdout)
    }

    @Test("refusals: a missing source, the same store twice, missing options, an unreachable target")
    func refusals() async throws {
        let dir = cliTempDir()
        let source = try await ExportCLITests.filledStore(dir, items: 20)
        let missing = try await CLI.launch(["copy-store", "--from", dir.appendingPathComponent("nope.db").path, "--to", source])
        #expect(missing.status == 66 && missing.stderr.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nope.db").path))
        for bad in [["--from", source, "--to", source], ["--from", source], ["--to", source], ["--from", source, "--to", "ftp://x/y"],
                    ["--from", source, "--to", dir.appendingPathComponent("t.db").path, "extra"]] {
            #expect(try await CLI.launch(["copy-store"] + bad).status == 64, "\(bad)")
        }
        let unreachable = try await CLI.launch(["copy-store", "--from", source, "--to", "postgres://u:hunter2@127.0.0.1:1/db"])
        #expect(unreachable.status == 74 && !unreachable.stderr.contains("hunter2"), "\(unreachable.stderr)")
    }
}
