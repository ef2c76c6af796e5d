import Foundation
import Testing
import TestSupport

/// A fresh directory for one CLI test, removed when the test ends.
func cliTempDir() -> URL { Scratch.directory("posttrace-cli") }

@Suite("posttrace import", .scratch)
struct ImportCLITests {
    let dir = cliTempDir()
    var db: String { dir.appendingPathComponent("t.db").path }

    @Test("demo-data piped into import, then re-imported: 0 new")
    func pipeAndReimport() async throws {
        let demo = try await CLI.launch(["demo-data", "--items", "200", "--seed", "7", "--now", "1790000000"])
        #expect(demo.status == 0)
        let first = try await CLI.launch(["import", "-", "--db", db], stdin: Data(demo.stdout.utf8), currentDirectory: dir)
        #expect(first.status == 0 || first.status == 65)
        let counts = try #require(Self.summary(first.stderr))
        #expect(counts.read == demo.stdout.split(separator: "\n").count)
        #expect(counts.read == counts.imported + counts.duplicates + counts.rejected)
        #expect(counts.imported > 0)
        if counts.rejected > 0 {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("stdin.rejects.ndjson").path))
        }
        let again = try await CLI.launch(["import", "-", "--db", db], stdin: Data(demo.stdout.utf8), currentDirectory: dir)
        let second = try #require(Self.summary(again.stderr))
        #expect(second.imported == 0 && second.duplicates == counts.imported + counts.duplicates)
    }

    @Test("a clean CSV file exits 0; rejects exit 65 with FILE.rejects.ndjson; quiet on a pipe")
    func exitStatuses() async throws {
        let good = dir.appendingPathComponent("good.csv")
        try "number,code,time,office\nEE123456785CN,EMA,2026-03-01T09:10:00+08:00,CNPEKA\n".write(to: good, atomically: true, encoding: .utf8)
        let ok = try await CLI.launch(["import", good.path, "--db", db])
        #expect(ok.status == 0)
        #expect(ok.stderr.contains("read 1: 1 imported, 0 duplicates, 0 rejected"))
        #expect(!ok.stderr.contains("\r"), "no progress bar when stderr is not a terminal")
        let bad = dir.appendingPathComponent("bad.ndjson")
        try "{\"number\":\"EE123456784CN\",\"code\":\"EMA\",\"time\":\"2026-03-01T09:10:00Z\",\"office\":\"CNPEKA\"}\n".write(to: bad, atomically: true, encoding: .utf8)
        let rejected = try await CLI.launch(["import", bad.path, "--db", db])
        #expect(rejected.status == 65)
        let rejects = try String(contentsOf: URL(fileURLWithPath: bad.path + ".rejects.ndjson"), encoding: .utf8)
        #expect(rejects.contains("\"code\":\"check_digit\"") && rejects.contains("\"line\":1"))
    }

    @Test("missing file 66, bad --format 64, bad --db 64, no file 64")
    func usageAndMissing() async throws {
        #expect(try await CLI.launch(["import", dir.appendingPathComponent("nope.csv").path, "--db", db]).status == 66)
        #expect(try await CLI.launch(["import", "x.csv", "--format", "xml", "--db", db]).status == 64)
        let wrongDB = try await CLI.launch(["import", "x.csv", "--db", "mysql://h/db"])
        #expect(wrongDB.status == 64 && wrongDB.stderr.contains("unsupported URL scheme"))
        #expect(try await CLI.launch(["import", "--db", db]).status == 64)
    }

    @Test("a --db that is not an SQLite database, or cannot be created, is exit 74 with a message")
    func unusableDatabase() async throws {
        let good = dir.appendingPathComponent("one.csv")
        try "number,code,time,office\nEE123456785CN,EMA,2026-03-01T09:10:00Z,CNPEKA\n".write(to: good, atomically: true, encoding: .utf8)
        let notDB = dir.appendingPathComponent("text.db")
        try String(repeating: "not a database\n", count: 100).write(to: notDB, atomically: true, encoding: .utf8)
        let run = try await CLI.launch(["import", good.path, "--db", notDB.path])
        #expect(run.status == 74 && run.stderr.contains("cannot open the store"))
        let missingDir = try await CLI.launch(["import", good.path, "--db", dir.appendingPathComponent("no/such/dir/x.db").path])
        #expect(missingDir.status == 74)
    }

    @Test("a corrupt gzip file is an I/O error (74)")
    func corruptGzip() async throws {
        let file = dir.appendingPathComponent("c.ndjson.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xFF, 0xFF, 0xFF]).write(to: file)
        #expect(try await CLI.launch(["import", file.path, "--db", db]).status == 74)
    }

    @Test("on a terminal, a progress bar with percentage, rate and ETA")
    func progressOnTTY() async throws {
        let file = dir.appendingPathComponent("p.ndjson")
        let demo = try await CLI.launch(["demo-data", "--items", "100", "--seed", "2", "--now", "1790000000"])
        try demo.stdout.write(to: file, atomically: true, encoding: .utf8)
        // script(1) gives the child a pseudo-terminal, as an interactive shell would.
        let command = "'\(CLI.binary.path)' import '\(file.path)' --db '\(db)'"
        let run = Process()
        run.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        run.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        run.standardOutput = out
        run.standardInput = FileHandle.nullDevice
        try run.run()
        let text = try await offPool { let data = out.fileHandleForReading.readDataToEndOfFile(); run.waitUntilExit(); return String(decoding: data, as: UTF8.self) }
        #expect(text.contains("\r") && text.contains("%") && text.contains("ETA") && text.contains("/s"))
        #expect(text.contains(" imported, "))
    }

    /// Parses "read N: I imported, D duplicates, R rejected".
    static func summary(_ text: String) -> (read: Int, imported: Int, duplicates: Int, rejected: Int)? {
        guard let line = text.split(separator: "\n").last(where: { $0.contains(" imported, ") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 4 else { return nil }
        let n = numbers.suffix(4).map { $0 }
        return (n[0], n[1], n[2], n[3])
    }
}
