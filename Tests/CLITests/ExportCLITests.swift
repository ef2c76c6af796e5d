import Foundation
import Testing
import TestSupport

@Suite("posttrace export", .serialized, .scratch)
struct ExportCLITests {
    /// A store filled from simulated data over more items than one export page holds; returns its path.
    /// Tests that share the PostgreSQL test database each use their own `seed`, so their items differ.
    static func filledStore(_ dir: URL, items: Int = 2_500, seed: Int = 11) async throws -> String {
        let db = dir.appendingPathComponent("source.db").path
        let demo = try await CLI.launch(["demo-data", "--items", String(items), "--seed", String(seed)])
        let imported = try await CLI.launch(["import", "--db", db, "-"], stdin: Data(demo.stdout.utf8))
        #expect(imported.status == 0, "\(imported.stderr)")
        return db
    }

    /// NDJSON lines as objects, without `received_at` (CSV does not carry it; its import stamps the time).
    static func withoutReceived(_ ndjson: String) async throws -> [NSDictionary] {
        try ndjson.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return NSDictionary(dictionary: object.filter { $0.key != "received_at" })
        }
    }

    /// What `gzip -dc` reads from `path`.
    static func gunzip(_ path: String) async throws -> String {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: "/bin/gzip")
        tool.arguments = ["-dc", path]
        let out = Pipe()
        tool.standardOutput = out
        try tool.run()
        let inflated = try await offPool { let data = out.fileHandleForReading.readDataToEndOfFile(); tool.waitUntilExit(); return data }
        #expect(tool.terminationStatus == 0)
        return String(decoding: inflated, as: UTF8.self)
    }

    @Test("export → import → export gives the same bytes; stdout and a file agree; items cross pages")
    func roundTrip() async throws {
        let dir = cliTempDir()
        let db = try await Self.filledStore(dir)
        let file = dir.appendingPathComponent("events.ndjson").path
        let written = try await CLI.launch(["export", "--db", db, "--to", file])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("→ \(file)"), "\(written.stdout)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let toStdout = try await CLI.launch(["export", "--db", db])
        #expect(toStdout.status == 0 && toStdout.stdout == text)
        #expect(toStdout.stderr.contains("→ stdout"))  // the summary stays out of the data
        // Every item's events are together: a number never comes back after another one started.
        let numbers = text.split(separator: "\n").map { $0.split(separator: "\"")[3] }
        var seen = Set<Substring>(), previous: Substring?
        for n in numbers where n != previous { #expect(seen.insert(n).inserted, "\(n) appears twice"); previous = n }
        // Some simulated items have no scan yet; the rest span more than two pages of a thousand.
        #expect(seen.count > 2_000 && written.stdout.contains(": \(seen.count) items, \(numbers.count) events"), "\(written.stdout)")

        let copy = dir.appendingPathComponent("copy.db").path
        #expect(try await CLI.launch(["import", "--db", copy, file]).status == 0)
        let again = try await CLI.launch(["export", "--db", copy])
        #expect(again.stdout == text)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }
        #expect(left.isEmpty)
    }

    @Test("CSV and gzip: chosen by the file name or the options; both import back")
    func formats() async throws {
        let dir = cliTempDir()
        let db = try await Self.filledStore(dir, items: 200)
        let plain = try await CLI.launch(["export", "--db", db]).stdout
        let csv = dir.appendingPathComponent("events.csv").path
        #expect(try await CLI.launch(["export", "--db", db, "--to", csv]).status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("number,code,time,office,"))
        let fromCSV = dir.appendingPathComponent("csv.db").path
        #expect(try await CLI.launch(["import", "--db", fromCSV, csv]).status == 0)
        let back = try await CLI.launch(["export", "--db", fromCSV]).stdout
        #expect(try await Self.withoutReceived(back) == Self.withoutReceived(plain))

        let gz = dir.appendingPathComponent("events.ndjson.gz").path
        #expect(try await CLI.launch(["export", "--db", db, "--to", gz]).status == 0)
        // The gzip tool reads what was written (not the code under test).
        #expect(try await Self.gunzip(gz) == plain)
        let data = dir.appendingPathComponent("events.data").path
        #expect(try await CLI.launch(["export", "--db", db, "--gzip", "--format", "CSV", "--to", data]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data)).prefix(2) == Data([0x1f, 0x8b]))
        #expect(try await Self.gunzip(data) == String(contentsOfFile: csv, encoding: .utf8))
        let fromGzip = dir.appendingPathComponent("gz.db").path
        #expect(try await CLI.launch(["import", "--db", fromGzip, gz]).status == 0)
        #expect(try await CLI.launch(["export", "--db", fromGzip]).stdout == plain)
    }

    @Test("refusals: an existing file, a missing directory, a full disk, a bad format, an unreachable store")
    func refusals() async throws {
        let dir = cliTempDir()
        let db = try await Self.filledStore(dir, items: 50)
        let existing = dir.appendingPathComponent("keep.ndjson")
        try Data("precious".utf8).write(to: existing)
        let over = try await CLI.launch(["export", "--db", db, "--to", existing.path])
        #expect(over.status == 73 && over.stderr.contains("never overwrites"))
        #expect(try Data(contentsOf: existing) == Data("precious".utf8))
        #expect(try await CLI.launch(["export", "--db", db, "--to", "/nonexistent-dir/x.ndjson"]).status == 73)
        // stdout on a full disk: the write fails, and says so.
        let full = try await offPool { () throws -> (Int32, String) in
            let process = Process(), err = Pipe()
            process.executableURL = CLI.binary
            process.arguments = ["export", "--db", db]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            process.standardError = err
            try process.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(full.0 == 74 && full.1.contains("No space left"), "\(full.1)")
        for bad in [["--format", "xml"], ["--to", ""], ["extra"], ["--format"]] {
            let run = try await CLI.launch(["export", "--db", db] + bad)
            #expect(run.status == 64, "\(bad): \(run.stderr)")
        }
        let unreachable = try await CLI.launch(["export", "--db", "postgres://u:hunter2@127.0.0.1:1/db", "--to", dir.appendingPathComponent("pg.ndjson").path])
        #expect(unreachable.status == 74 && !unreachable.stderr.contains("hunter2"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") || $0 == "pg.ndjson" }
        #expect(left.isEmpty, "\(left)")
    }

    @Test("interrupted while writing a file (SIGINT, SIGTERM): it exits as the signal says and leaves nothing behind")
    func interrupted() async throws {
        let dir = cliTempDir()
        let db = try await Self.filledStore(dir, items: 8_000, seed: 23)
        for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            let target = dir.appendingPathComponent("big-\(signal).ndjson.gz").path
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["export", "--db", db, "--to", target]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Signalled once the temporary file exists, i.e. in the middle of writing it.
            let started = Date()
            while process.isRunning, Date().timeIntervalSince(started) < 30,
                  (try FileManager.default.contentsOfDirectory(atPath: dir.path)).allSatisfy({ !$0.contains("partial") }) {
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(process.isRunning, "the export ended before it could be interrupted")
            kill(process.processIdentifier, signal)
            try await offPool { process.waitUntilExit() }
            #expect(process.terminationReason == .exit && process.terminationStatus == status)
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") || $0.hasPrefix("big-") }
            #expect(left.isEmpty, "\(left)")
        }
    }

    @Test("SQLite to PostgreSQL: what was exported reads the same from the new store")
    func toPostgres() async throws {
        guard let url = CLI.testDatabaseURL() else { return }
        let dir = cliTempDir()
        let db = try await Self.filledStore(dir, items: 300, seed: 21)
        let file = dir.appendingPathComponent("move.ndjson.gz").path
        #expect(try await CLI.launch(["export", "--db", db, "--to", file]).status == 0)
        let imported = try await CLI.launch(["import", "--db", url, file])
        #expect(imported.status == 0, "\(imported.stderr)")
        let source = try await CLI.launch(["export", "--db", db]).stdout
        let moved = try await CLI.launch(["export", "--db", url])
        #expect(moved.status == 0, "\(moved.stderr)")
        // The shared test database may hold other tests' items: compare these ones.
        let mine = Set(source.split(separator: "\n"))
        #expect(moved.stdout.split(separator: "\n").filter { mine.contains($0) }.count == mine.count)
        let number = try #require(source.split(separator: "\n").first?.split(separator: "\"")[3])
        let here = try await CLI.launch(["track", "--db", db, "--json", String(number)])
        let there = try await CLI.launch(["track", "--db", url, "--json", String(number)])
        #expect(here.status == 0 && there.stdout == here.stdout)
    }
}
