import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import S10
import Testing
import TestSupport

/// kill -9 of the real `posttrace serve` (SQLite store file) while a client posts events: after every kill the
/// store passes `PRAGMA integrity_check`, opens again, and holds every event the server answered 200 for.
/// `POSTTRACE_CRASH_TRIALS` sets the number of trials (`make crash` runs 100 against the release build).
@Suite("posttrace serve survives kill -9 during ingestion", .serialized, .scratch)
struct KillServeCLITests {
    static let trials = ProcessInfo.processInfo.environment["POSTTRACE_CRASH_TRIALS"].flatMap { Int($0) } ?? 10
    static let eventsPerBatch = 40

    @Test("every batch answered 200 is stored after kill -9 at a random moment")
    func killDuringIngestion() async throws {
        let dir = Scratch.directory("posttrace-kill")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("store.db").path
        let created = try await CLI.launch(["keys", "create", "--name", "crash-test", "--scope", "ingest", "--db", db])
        let secret = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("secret:") }?
            .split(separator: " ").last.map(String.init), "keys create printed \(created.stdout) \(created.stderr)")
        var acknowledged: [String: Int] = [:]  // event line → trial that saw it answered 200
        for trial in 0..<Self.trials {
            let serve = try ServeProcess(["--port", "0", "--db", db, "--no-access-log", "--rate-limit", "0", "--key-rate-limit", "0"])
            let port = try await serve.port()
            let client = IngestClient(port: port, secret: secret, trial: trial)
            let sending = Task.detached { await client.run() }
            // Kill somewhere between the first answered batch and a few hundred milliseconds later.
            try await client.waitForFirstAnswer(seconds: 60)
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...300)))
            kill(serve.process.processIdentifier, SIGKILL)
            _ = serve.terminate()
            #expect(serve.process.terminationReason == .uncaughtSignal, "trial \(trial): the server was not killed")
            let outcome = await sending.value
            for line in outcome.acknowledged { acknowledged[line] = trial }

            let check = try await Self.sqlite(db, "PRAGMA integrity_check;")
            #expect(check == "ok", "trial \(trial): integrity_check says \(check)")
            let stored = try await Self.storedLines(db)
            let missing = acknowledged.keys.filter { !stored.contains($0) }
            #expect(missing.isEmpty, "trial \(trial): \(missing.count) events answered 200 are not stored, e.g. \(missing.prefix(2))")
            if !missing.isEmpty { break }
        }
        #expect(acknowledged.count >= Self.trials * Self.eventsPerBatch)
        print("kill -9 trials: \(Self.trials), events answered 200 and found after restart: \(acknowledged.count)")
    }

    /// The stored events, exported by the CLI as NDJSON lines (the events the client sent, as exported).
    static func storedLines(_ db: String) async throws -> Set<String> {
        let export = try await CLI.launch(["export", "--db", db, "--format", "ndjson"])
        guard export.status == 0 else { throw CLIFailure(description: "export failed (\(export.status)): \(export.stderr)") }
        return Set(export.stdout.split(separator: "\n").map { IngestClient.key(String($0)) })
    }

    static func sqlite(_ db: String, _ sql: String) async throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, sql]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = try await offPool { let data = out.fileHandleForReading.readDataToEndOfFile(); p.waitUntilExit(); return String(decoding: data, as: UTF8.self) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Posts batches of distinct events, one request at a time, until the server stops answering; keeps the
/// events of every batch answered 200 with all of them accepted.
final class IngestClient: @unchecked Sendable {
    struct Outcome: Sendable { var acknowledged: [String] = [] }
    let port: Int, secret: String, trial: Int
    private let lock = NSLock()
    private var answered = 0

    init(port: Int, secret: String, trial: Int) { self.port = port; self.secret = secret; self.trial = trial }

    /// What identifies an event in both the request and the export: its number, code, time and office.
    static func key(_ line: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return line }
        return ["number", "code", "time", "office"].map { "\(object[$0] ?? "")" }.joined(separator: "|")
    }

    func batch(_ index: Int) -> [String] {
        (0..<KillServeCLITests.eventsPerBatch).map { i in
            let serial = UInt32(trial * 200_000 + index * KillServeCLITests.eventsPerBatch + i)
            let number = S10Number(serviceIndicator: "RR", serial: serial, countryCode: "CN")!
            return "{\"number\":\"\(number)\",\"code\":\"EMA\",\"time\":\"2026-11-05T09:\(10 + i % 50):00+08:00\",\"office\":\"CNPEKA\",\"source\":\"kill-9\"}"
        }
    }

    func run() async -> Outcome {
        var outcome = Outcome()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        let session = URLSession(configuration: configuration)
        for index in 0..<10_000 {
            let lines = batch(index)
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/events")!)
            request.httpMethod = "POST"
            request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
            request.setValue("Bearer \(secret)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data(lines.joined(separator: "\n").utf8)
            guard let (data, response) = try? await session.data(for: request) else { break }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            if status == 200, body?["accepted"] as? Int == lines.count { outcome.acknowledged += lines.map(Self.key) }
            lock.withLock { answered += 1 }
        }
        session.invalidateAndCancel()
        return outcome
    }

    func waitForFirstAnswer(seconds: Double) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (lock.withLock { answered }) > 0 { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CLIFailure(description: "the server answered no batch within \(seconds) s")
    }
}
