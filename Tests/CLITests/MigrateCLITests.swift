import Foundation
import Testing
import TestSupport

@Suite("posttrace migrate", .scratch)
struct MigrateCLITests {
    @Test("applies the migrations once; a second run says up to date")
    func twice() async throws {
        let db = cliTempDir().appendingPathComponent("m.db").path
        let first = try await CLI.launch(["migrate", "--db", db])
        #expect(first.status == 0)
        #expect(first.stdout.contains("applied 2026-11-25-events"))
        let second = try await CLI.launch(["migrate", "--db", db])
        #expect(second.status == 0 && second.stdout.contains("up to date"))
    }

    @Test("POSTTRACE_DATABASE_URL is used when --db is absent; a PostgreSQL cluster from the test script migrates")
    func environmentAndPostgres() async throws {
        let db = cliTempDir().appendingPathComponent("env.db").path
        let run = try await CLI.launch(["migrate"], environment: ["POSTTRACE_DATABASE_URL": db])
        #expect(run.status == 0 && run.stdout.contains(db))
        guard let url = CLI.testDatabaseURL() else { return }
        let pg = try await CLI.launch(["migrate", "--db", url])
        #expect(pg.status == 0, "\(pg.stderr)")
        let again = try await CLI.launch(["migrate", "--db", url])
        #expect(again.stdout.contains("up to date"))
        // Server notices ("relation … already exists, skipping") are not printed at people.
        #expect(!again.stderr.contains("NOTICE"), "\(again.stderr)")
        let prune = try await CLI.launch(["prune", "--db", url, "--older-than", "36500", "--dry-run"])
        #expect(prune.status == 0 && prune.stderr.isEmpty, "\(prune.stderr)")
    }

    @Test("an unreachable PostgreSQL is exit 74 without leaking the password")
    func unreachable() async throws {
        let run = try await CLI.launch(["migrate", "--db", "postgres://u:hunter2@127.0.0.1:1/db"])
        #expect(run.status == 74)
        #expect(!run.stderr.contains("hunter2"))
    }
}
