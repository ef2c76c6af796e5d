import Foundation
import PostTraceCore
@testable import PostTraceStore
import S10
import Testing
import TestSupport

/// kill -9 the real `posttrace import` at random moments: the store stays consistent, every batch the
/// import acknowledged is present, and running the import again completes it.
@Suite("Import survives kill -9", .serialized, .scratch)
struct KillImportTests {
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["POSTTRACE_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/posttrace")
    }()

    /// An NDJSON file of distinct valid events with an invalid line every 97 lines; returns the good lines' events by line.
    static func writeFile(_ url: URL, lines: Int) throws -> [Int: TrackingEvent] {
        var text = "", good: [Int: TrackingEvent] = [:]
        for line in 1...lines {
            if line % 97 == 0 { text += "{\"number\":\"not a number\"}\n"; continue }
            let e = TrackingEvent(number: Sample.number(UInt32(10_000_000 + line / 3)), code: .posting,
                                  time: LocalTime(epochSeconds: 1_772_000_000 + Int64(line % 3) * 3600, utcOffsetSeconds: 28800)!,
                                  office: Office(code: "CNPEKA"), source: "kill-test", receivedAt: 1)
            good[line] = e
            text += ExchangeWriter.ndjson(e) + "\n"
        }
        try Data(text.utf8).write(to: url)
        return good
    }

    /// Runs the import; with `killAfterBatches`, kills it (SIGKILL) a random few milliseconds after the
    /// ack log shows that many committed batches, so kills land at random points of real work.
    static func runImport(_ file: URL, db: URL, ack: URL, killAfterBatches: Int?) throws -> Int32? {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["import", file.path, "--db", db.path, "--ack", ack.path, "--batch", "500"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        if let killAfterBatches {
            let start = ackLines(ack)
            while p.isRunning && ackLines(ack) - start < killAfterBatches { usleep(1000) }
            usleep(UInt32.random(in: 0...8000))
            if p.isRunning { kill(p.processIdentifier, SIGKILL) }  // never signal a reaped (reusable) pid
        }
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal ? nil : p.terminationStatus
    }

    static func ackLines(_ ack: URL) -> Int {
        ((try? String(contentsOf: ack, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// The highest line the ack log says is committed (0 when none).
    static func ackedLine(_ ack: URL) -> Int {
        let text = (try? String(contentsOf: ack, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { $0.split(separator: "\t").dropFirst(2).first.flatMap { Int($0) } }.max() ?? 0
    }

    @Test("20 random kills, then a complete re-run")
    func randomKills() async throws {
        let dir = TempDir.make()
        let file = dir.appendingPathComponent("events.ndjson")
        let good = try Self.writeFile(file, lines: 6000)
        let expected = Set(good.values.map { ScanKey($0) })
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for trial in 0..<20 {
            let db = dir.appendingPathComponent("t\(trial).db"), ack = dir.appendingPathComponent("t\(trial).ack")
            let killAfter = Int.random(in: 0...9, using: &generator)
            let status = try await offPool { try Self.runImport(file, db: db, ack: ack, killAfterBatches: killAfter) }
            if status == nil { killedMidway += 1 }
            guard FileManager.default.fileExists(atPath: db.path) else { continue }  // killed before creating it
            let acked = Self.ackedLine(ack)
            // Open and verify with the store itself (it also recovers the WAL).
            let store = try SQLiteStore(path: db.path)
            let (integrity, rawCount) = try Self.check(db)
            #expect(integrity == "ok")
            let counts = try await store.counts()
            #expect(Int(rawCount) == counts.events, "items summary disagrees with the events table")
            let ackedEvents = Set(good.filter { $0.key <= acked }.values.map { ScanKey($0) })
            #expect(counts.events >= ackedEvents.count, "trial \(trial): acknowledged up to line \(acked)")
            let sample = good.filter { $0.key <= acked }.values.shuffled(using: &generator).prefix(50)
            for e in sample { #expect(try await store.events(for: e.number).contains { ScanKey($0) == ScanKey(e) }) }
            await store.close()
            // Re-running completes it: everything present, nothing twice.
            #expect(try await offPool { try Self.runImport(file, db: db, ack: ack, killAfterBatches: nil) } == 65)
            let done = try SQLiteStore(path: db.path)
            #expect(try await done.counts().events == expected.count)
            await done.close()
        }
        #expect(killedMidway >= 15, "most kills should land while the import runs")
    }

    /// `PRAGMA integrity_check` and the raw number of event rows, on a connection of its own.
    static func check(_ db: URL) throws -> (String?, Int64) {
        let connection = try SQLiteConnection(path: db.path, readOnly: true)
        defer { connection.finishStatements() }
        let stmt = try connection.statement("PRAGMA integrity_check")
        let integrity = try stmt.step() ? stmt.text(0) : nil
        return (integrity, try connection.scalar("SELECT count(*) FROM events") ?? -1)
    }
}

/// Runs blocking work (here a child process and the polling that kills it) on a thread of its own: every suite
/// of the test process shares the few cooperative threads, and the server tests' in-process servers answer on them.
