import Foundation
import PostTraceStore
import Testing
import TestSupport

/// scripts/pg-ha-cluster.sh in a temporary directory: a primary, a synchronous standby and a replica.
private final class Formation: Sendable {
    let directory = Scratch.directory("posttrace-lease").path
    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/pg-ha-cluster.sh").path

    /// The multi-host URL of the writable node, from the formation's env file.
    func multiURL() throws -> String {
        let env = try String(contentsOfFile: directory + "/env", encoding: .utf8)
        let line = try #require(env.split(separator: "\n").first { $0.hasPrefix("PG_HA_MULTI_URL=") })
        return line.dropFirst("PG_HA_MULTI_URL=".count).trimmingCharacters(in: CharacterSet(charactersIn: "'"))
    }

    /// Runs the script through posix_spawn and waitpid, its output in a file (the daemons it starts hold no pipe of ours).
    func run(_ command: String) throws {
        let log = directory + ".\(command).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let words: [String] = ["/bin/bash", Self.scriptPath, command, directory]
        var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        argv.append(nil)
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/bash", &actions, nil, argv, environ) == 0 else { throw FixtureError(message: "cannot run \(Self.scriptPath)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
            throw FixtureError(message: "pg-ha-cluster.sh \(command) failed: " + ((try? String(contentsOfFile: log, encoding: .utf8)) ?? ""))
        }
    }
}

@Suite("Outbox leases across a PostgreSQL failover", .scratch)
struct LeaseFailoverTests {
    @Test("a lease taken on the old primary holds on the promoted standby and is taken again exactly once when it expires")
    func leaseSurvivesFailover() async throws {
        let formation = Formation()
        try formation.run("start")
        defer { try? formation.run("stop") }
        let url = try formation.multiURL()
        // Two servers' stores on the same formation.
        let a = try PostgresStore(url: url, poolSize: 1), b = try PostgresStore(url: url, poolSize: 1)
        let number = Sample.number(77)
        try await a.createSubscription(Subscription(id: "sub_lease", numbers: [number], callbackURL: "https://hooks.example/post",
                                                    triggers: [.everyEvent], secret: "s3cret", ownerKeyID: nil, createdAt: 1))
        _ = try await a.insert([Sample.event(number, .posting, "2026-11-20T10:00:00+08:00")])
        let now = Int64(Date().timeIntervalSince1970) + 10, lease: Int64 = 60
        let claimed = try await a.claimDueDeliveries(now: now, lease: lease, limit: 10)
        #expect(claimed.count == 1)

        try formation.run("kill-primary")
        // No primary: a claim is refused as unavailable (a worker backs off), never half-done.
        do {
            _ = try await b.claimDueDeliveries(now: now + lease + 1, lease: lease, limit: 10)
            Issue.record("a claim succeeded without a primary")
        } catch let error as StoreError {
            #expect(error.category == .unavailable, "\(error)")
        }
        try formation.run("promote")

        // The lease was committed synchronously, so the promoted standby has it: nobody takes the delivery before it expires.
        #expect(try await b.claimDueDeliveries(now: now + lease - 1, lease: lease, limit: 10).isEmpty)
        #expect(try await a.claimDueDeliveries(now: now + lease - 1, lease: lease, limit: 10).isEmpty)
        // Expired: exactly one of the two workers takes it again, the same delivery (same id for the receiver).
        let again = try await b.claimDueDeliveries(now: now + lease + 1, lease: lease, limit: 10)
        #expect(again.map(\.id) == claimed.map(\.id))
        #expect(try await a.claimDueDeliveries(now: now + lease + 1, lease: lease, limit: 10).isEmpty)
        await a.close()
        await b.close()
    }
}
