import Foundation
import Testing
import TestSupport

/// A formation of scripts/pg-ha-cluster.sh (primary, synchronous standby, replica cascading from the standby),
/// driven through the script as an operator would.
final class HAFormation: Sendable {
    let directory: String
    let urls: [String: String]

    static let scriptPath: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("scripts/pg-ha-cluster.sh").path
    }()

    init() throws {
        directory = Scratch.directory("posttrace-ha").path
        try Self.script("start", directory)
        let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        urls = Dictionary(uniqueKeysWithValues: env.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))) : nil
        })
    }

    func url(_ name: String) throws -> String { try #require(urls["PG_HA_\(name)_URL"]) }

    func run(_ command: String) throws { try Self.script(command, directory) }

    func stop() { try? Self.script("stop", directory) }

    /// Runs the script with its output in a file, through posix_spawn and waitpid: the daemons it leaves running
    /// keep no pipe of ours open, and Foundation's `Process.waitUntilExit` was seen never to return here.
    private static func script(_ command: String, _ directory: String) throws {
        let log = Scratch.file("posttrace-ha", extension: "log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let words: [String] = ["/bin/bash", scriptPath, command, directory]
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ)
        guard spawned == 0 else { throw CLIFailure(description: "cannot start pg-ha-cluster.sh: error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED and WEXITSTATUS, which Swift does not import.
        let exited = status & 0x7F == 0, code = (status >> 8) & 0xFF
        guard exited, code == 0 else {
            throw CLIFailure(description: "pg-ha-cluster.sh \(command) failed (status \(status)): "
                             + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
    }
}

/// One value from psql (the replica's own view of who is connected).
private func psql(_ url: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
    process.arguments = ["-X", "-A", "-t", "-q", url, "-c", sql]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// POSTs NDJSON events with a key; the status and whether a Retry-After came with it.
private func ingest(_ base: String, key: String, lines: [String]) throws -> (status: Int, retryAfter: Bool) {
    let (status, body) = try curlBlocking(base + "/v1/events", ["-i", "-X", "POST", "-H", "Authorization: Bearer \(key)",
                                                      "-H", "Content-Type: application/x-ndjson", "--data-binary", lines.joined(separator: "\n")])
    return (status, body.lowercased().contains("\nretry-after: "))
}

/// The value of one unlabelled or labelled sample in Prometheus text.
private func sample(_ metrics: String, _ prefix: String) -> Double? {
    metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
}

private func waitFor(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw CLIFailure(description: "timed out waiting for \(what)")
}

@Suite("serve with read replicas and a failover", .serialized, .scratch)
struct ReplicaCLITests {
    @Test("--db-read and --replica-max-lag: bad values are usage errors that never print a password")
    func usage() async throws {
        let sqlite = try await CLI.launch(["serve", "--port", "0", "--db", "/tmp/never-created-\(UUID().uuidString).db",
                                           "--db-read", "postgresql://u:hunter2@h/db"])
        #expect(sqlite.status == 64 && sqlite.stderr.contains("--db-read needs a PostgreSQL --db"))
        let memory = try await CLI.launch(["serve", "--port", "0", "--db", "memory"],
                                          environment: ["POSTTRACE_DATABASE_READ_URL": "postgresql://h/db"])
        #expect(memory.status == 64)
        let notURL = try await CLI.launch(["serve", "--db", "postgresql://h/db", "--db-read", "mysql://u:hunter2@h/db"])
        #expect(notURL.status == 64 && notURL.stderr.contains("mysql://u:***@h/db") && !notURL.stderr.contains("hunter2"))
        for lag in ["0", "-1", "abc", "nan", "inf", "3601", ""] {
            let run = try await CLI.launch(["serve", "--db", "postgresql://h/db", "--db-read", "postgresql://h/db", "--replica-max-lag", lag])
            #expect(run.status == 64 && run.stderr.contains("--replica-max-lag"), "\(lag)")
        }
        // An unreachable primary is exit 74 with libpq's reason, the password masked by libpq's own message.
        let down = try await CLI.launch(["serve", "--port", "0", "--db", "postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=1",
                                         "--db-read", "postgresql://u:hunter2@127.0.0.1:1/db"])
        #expect(down.status == 74 && !down.stderr.contains("hunter2"))
    }

    @Test("reads go to a fresh replica, a lagging one is set aside, ETags never go back; a killed primary loses no acknowledged event, answers 503 with Retry-After (never 500) and lookups go on from the replica")
    func formation() async throws {
        let formation = try await offPool { try HAFormation() }
        defer { formation.stop() }
        let multi = try formation.url("MULTI"), replica = try formation.url("REPLICA")
        let created = try await CLI.launch(["keys", "create", "--name", "ha", "--scope", "ingest", "--db", multi])
        let key = try #require(created.stdout.split(separator: "\n").first { $0.hasPrefix("secret:") }?.split(separator: " ").last.map(String.init))
        let demo = try await CLI.launch(["demo-data", "--items", "2000", "--seed", "20"])
        let lines = demo.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count > 1000)
        // S1 sets a replica aside past 1 s of lag; S2 tolerates an hour, so it keeps reading a paused replica.
        let strict = try ServeProcess(["--port", "0", "--no-access-log", "--db", multi, "--db-read", replica, "--replica-max-lag", "1"])
        let lenient = try ServeProcess(["--port", "0", "--no-access-log", "--db", multi, "--replica-max-lag", "3600"],
                                       environment: ["POSTTRACE_DATABASE_READ_URL": replica])
        defer { _ = strict.terminate(); _ = lenient.terminate() }
        let s1 = "http://127.0.0.1:\(try await strict.port())", s2 = "http://127.0.0.1:\(try await lenient.port())"

        // (1) Reads go to the replica: an item written through S1 is read by S2 over posttrace-read connections.
        let number = String(lines[0].dropFirst(11).prefix(13))
        let first = lines.prefix { $0.contains("\"\(number)\"") }
        #expect(try await offPool { try ingest(s1, key: key, lines: Array(first)) }.status == 200)
        try await waitFor("the replica to have the first item") { try await curl(s2 + "/v1/trackings/" + number).status == 200 }
        #expect(try await offPool { try psql(replica, "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'posttrace-read'") } == "t")
        let metrics = try await curl(s1 + "/metrics").body
        #expect(metrics.contains("posttrace_replica_usable{replica=\"\(replica)\"} 1"))
        #expect(sample(metrics, "posttrace_replica_lag_seconds{") != nil)
        #expect(try await curl(s1 + "/readyz").body.contains("\"ready\""))

        // (4) Replay paused: S1 sets the replica aside and reads the primary; S2 still reads the replica's older
        // answer, but a client holding the newer tag is answered from the primary (304, not the older 200).
        try await Task.sleep(for: .seconds(1.2))  // the last replayed commit is now older than S1's bound
        try await offPool { try formation.run("pause-replica") }
        // One more scan of the item, at a time none of its scans has.
        let extra = "{\"number\":\"\(number)\",\"code\":\"EMA\",\"time\":\"2026-11-01T07:07:00+08:00\",\"office\":\"CN100010\"}"
        #expect(try await offPool { try ingest(s1, key: key, lines: [extra]) }.status == 200)
        try await waitFor("S1 to set the paused replica aside") {
            try await curl(s1 + "/metrics").body.contains("posttrace_replica_usable{replica=\"\(replica)\"} 0")
        }
        let fresh = try await curl(s1 + "/v1/trackings/" + number, ["-i"])
        #expect(fresh.status == 200 && fresh.body.contains("2026-11-01T07:07"))
        let tag = try #require(fresh.body.split(separator: "\r\n").first { $0.lowercased().hasPrefix("etag:") }?.split(separator: " ").last.map(String.init))
        let stale = try await curl(s2 + "/v1/trackings/" + number)
        #expect(stale.status == 200 && !stale.body.contains("2026-11-01T07:07"), "S2 reads the paused replica")
        #expect(try await curl(s2 + "/v1/trackings/" + number, ["-H", "If-None-Match: \(tag)"]).status == 304)
        try await offPool { try formation.run("resume-replica") }
        try await waitFor("S1 to read the replica again") {
            try await curl(s1 + "/metrics").body.contains("posttrace_replica_usable{replica=\"\(replica)\"} 1")
        }

        // (2) and (3): ingestion in a loop through S1 while the primary is killed and the standby promoted.
        let rest = Array(lines.dropFirst(first.count))
        let log = IngestLog()
        let loop = Thread {
            var offset = 0
            while !log.stopped, offset < rest.count {
                let batch = Array(rest[offset..<min(rest.count, offset + 40)])
                let answer = (try? ingest(s1, key: key, lines: batch)) ?? (status: 0, retryAfter: false)
                log.record(answer.status, retryAfter: answer.retryAfter, batch: batch)
                if answer.status == 200 { offset += batch.count }
            }
        }
        loop.start()
        try await waitFor("some acknowledged batches") { log.count(200) >= 3 }
        try await offPool { try formation.run("kill-primary") }
        try await waitFor("ingestion to answer 503") { log.count(503) >= 1 }
        // No primary: lookups answer from the replica, readiness says read-only.
        #expect(try await curl(s1 + "/v1/trackings/" + number).status == 200)
        #expect(try await curl(s1 + "/readyz").body.contains("read-only"))
        let acknowledgedBefore = log.count(200)
        try await offPool { try formation.run("promote") }
        try await waitFor("ingestion to be acknowledged by the new primary") { log.count(200) > acknowledgedBefore }
        log.stop()
        while loop.isExecuting { try await Task.sleep(for: .milliseconds(50)) }
        #expect(log.statuses.subtracting([200, 503]).isEmpty, "statuses seen: \(log.statuses)")
        #expect(log.unmarked503 == 0, "every 503 carries Retry-After")

        // Every event answered 200 is in the promoted standby.
        let export = try await CLI.launch(["export", "--db", try formation.url("STANDBY")])
        #expect(export.status == 0)
        let stored = Set(export.stdout.split(separator: "\n").compactMap(scanKey))
        let acknowledged = log.acknowledged.compactMap { scanKey(Substring($0)) }
        #expect(!acknowledged.isEmpty)
        #expect(acknowledged.allSatisfy(stored.contains), "\(acknowledged.count(where: { !stored.contains($0) })) acknowledged events missing")
    }
}

/// number, code and local time of an NDJSON event: what identifies a scan.
private func scanKey(_ line: Substring) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
          let number = object["number"] as? String, let code = object["code"] as? String, let time = object["time"] as? String else { return nil }
    return "\(number) \(code) \(time.prefix(16))"
}

/// What the ingestion loop saw, shared with the test.
private final class IngestLog: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var counts: [Int: Int] = [:]
    private var lines: [String] = []
    private var missingRetryAfter = 0
    private var done = false

    func record(_ status: Int, retryAfter: Bool, batch: [String]) {
        lock.withLock {
            counts[status, default: 0] += 1
            if status == 200 { lines += batch }
            if status == 503, !retryAfter { missingRetryAfter += 1 }
        }
    }
    func count(_ status: Int) -> Int { lock.withLock { counts[status] ?? 0 } }
    var statuses: Set<Int> { lock.withLock { Set(counts.keys) } }
    var acknowledged: [String] { lock.withLock { lines } }
    var unmarked503: Int { lock.withLock { missingRetryAfter } }
    var stopped: Bool { lock.withLock { done } }
    func stop() { lock.withLock { done = true } }
}
