import Foundation
import Testing
import TestSupport

@Suite("posttrace backup", .serialized, .scratch)
struct BackupCLITests {
    @Test("a backup taken while the server ingests is consistent, complete up to its moment, and answers like the original")
    func whileServing() async throws {
        let dir = cliTempDir()
        let db = dir.appendingPathComponent("live.db").path
        let demo = try await CLI.launch(["demo-data", "--items", "300", "--seed", "7"])
        #expect(try await CLI.launch(["import", "--db", db, "-"], stdin: Data(demo.stdout.utf8)).status == 0)
        let quiet = try await CLI.launch(["backup", "--db", db, "--to", dir.appendingPathComponent("before.db").path])
        let before = try #require(Self.number(after: ": ", before: " items", in: quiet.stdout), "\(quiet.stdout) \(quiet.stderr)")
        let serve = try ServeProcess(["--port", "0", "--db", db, "--no-access-log"])
        let port = try await serve.port()
        let keyRun = try await CLI.launch(["keys", "create", "--db", db, "--name", "feed", "--scope", "ingest"])
        let secret = try #require(keyRun.stdout.split(separator: "\n").first { $0.hasPrefix("secret:") }?.split(separator: " ").last)
        // Scans keep arriving over HTTP while the backup runs.
        let feeding = Task.detached {
            for k in 0..<40 {
                let line = #"{"number":"EE\#(String(format: "%08d", 10_000 + k))\#(Self.checkDigit(10_000 + k))CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}"#
                _ = try? await curl("http://127.0.0.1:\(port)/v1/events", ["-H", "Authorization: Bearer \(secret)",
                                                                    "-H", "Content-Type: application/x-ndjson", "--data-binary", line])
            }
        }
        let copy = dir.appendingPathComponent("copy.db").path
        let backup = try await CLI.launch(["backup", "--db", db, "--to", copy])
        await feeding.value
        #expect(await serve.stop() == 0)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("→ \(copy)"))
        let items = try #require(Self.number(after: ": ", before: " items", in: backup.stdout))
        #expect((before...before + 40).contains(items), "\(backup.stdout)")
        // The copy is a working store: a number reads the same from both.
        let number = try #require(demo.stdout.split(separator: "\n").first.flatMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["number"] as? String
        })
        let original = try await CLI.launch(["track", "--db", db, "--json", number])
        let restored = try await CLI.launch(["track", "--db", copy, "--json", number])
        // The scans, not the whole answer: serve may save a fresh lane table (estimates) after the backup's
        // moment, and wording that counts days since a scan may cross midnight between the two runs.
        func events(_ run: CLIRun) -> NSArray? {
            (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["events"] as? NSArray
        }
        #expect(original.status == 0 && restored.status == 0)
        #expect(events(original) != nil && events(restored) == events(original), "\(original.stdout)\n\(restored.stdout)")
        // No partial file is left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }
        #expect(left.isEmpty)
    }

    @Test("refusals: an existing file is never overwritten, a missing directory, PostgreSQL, no --to")
    func refusals() async throws {
        let dir = cliTempDir()
        let db = dir.appendingPathComponent("s.db").path
        #expect(try await CLI.launch(["migrate", "--db", db]).status == 0)
        let existing = dir.appendingPathComponent("keep.db")
        try Data("precious".utf8).write(to: existing)
        let over = try await CLI.launch(["backup", "--db", db, "--to", existing.path])
        #expect(over.status == 73 && over.stderr.contains("never overwrites"))
        #expect(try Data(contentsOf: existing) == Data("precious".utf8))
        let nowhere = try await CLI.launch(["backup", "--db", db, "--to", "/nonexistent-dir/x.db"])
        #expect(nowhere.status == 73, "\(nowhere.stderr)")
        let pg = try await CLI.launch(["backup", "--db", "postgres://nobody@127.0.0.1:1/x", "--to", dir.appendingPathComponent("p").path])
        #expect(pg.status == 69 && pg.stderr.contains("pg_dump"))
        // The file name is a bound value, never SQL: quotes and a statement in it are just a name.
        let odd = dir.appendingPathComponent("x'); DROP TABLE items; --.db").path
        let named = try await CLI.launch(["backup", "--db", db, "--to", odd])
        #expect(named.status == 0 && FileManager.default.fileExists(atPath: odd), "\(named.stderr)")
        #expect(try await CLI.launch(["backup", "--db", db, "--to", dir.appendingPathComponent("again.db").path]).status == 0)
        #expect(try await CLI.launch(["backup", "--db", db]).status == 64)
        #expect(try await CLI.launch(["backup", "--db", db, "--to", ""]).status == 64)
    }

    static func number(after prefix: String, before suffix: String, in text: String) -> Int? {
        guard let end = text.range(of: suffix), let start = text[..<end.lowerBound].range(of: prefix, options: .backwards) else { return nil }
        return Int(text[start.upperBound..<end.lowerBound])
    }

    /// The S10 check digit of an 8-digit serial (weights 8 6 4 2 3 5 9 7).
    static func checkDigit(_ serial: Int) -> Int {
        let digits = String(format: "%08d", serial).compactMap(\.wholeNumberValue)
        let sum = zip(digits, [8, 6, 4, 2, 3, 5, 9, 7]).reduce(0) { $0 + $1.0 * $1.1 }
        let c = 11 - sum % 11
        return c == 10 ? 0 : c == 11 ? 5 : c
    }
}
