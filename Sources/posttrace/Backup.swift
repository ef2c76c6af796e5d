import Foundation
import PostTraceStore

enum BackupCommand {
    static let command = Command(
        name: "backup",
        summary: "Copy the SQLite store to a file, safely while it is in use",
        help: """
            Usage: posttrace backup --to FILE [--db PATH]

            Writes a consistent, compact copy of the SQLite store to FILE while the server keeps running
            (one read transaction: the copy is the store at one moment). The copy is checked and synced
            before it gets its name, and an existing FILE is never overwritten. To restore, stop the server
            and put the copy in place of the database file (and remove its -wal and -shm files).
            PostgreSQL has its own tools: use pg_dump.

            Options:
              --to FILE          the backup file to create
            \(StoreOptions.help)

            Exit status: 0 written, 64 usage, 69 not an SQLite store, 73 FILE exists or cannot be created,
            74 the store cannot be opened or read.
            """,
        run: run)

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["db", "to"], flags: [])
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
        guard let target = args.value("to"), !target.isEmpty else { throw UsageError(message: "--to FILE is required") }
        let location = try StoreOptions.location(args)
        guard case .sqlite = location else {
            printError("posttrace backup: \(location) is PostgreSQL; back it up with pg_dump")
            return ExitCode.unavailable
        }
        guard let store = try StoreOptions.open(location, command: "backup") as? SQLiteStore else { return ExitCode.ioError }
        let status = await backup(store, location: location, to: target)
        await store.close()
        return status
    }

    static func backup(_ store: SQLiteStore, location: StoreLocation, to target: String) async -> Int32 {
        let started = Date()
        do {
            let summary = try await store.backup(to: target)
            let megabytes = String(format: "%.1f", Double(summary.bytes) / 1_048_576)
            print("backup: \(location) → \(target): \(summary.items) items, \(summary.events) events, \(megabytes) MB"
                  + " in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            return ExitCode.ok
        } catch let error as BackupError {
            printError("posttrace backup: \(error)")
            if case .damaged = error { return ExitCode.ioError }
            return ExitCode.cannotCreate
        } catch {
            printError("posttrace backup: \(location): \(StoreOptions.explain(error, at: location))")
            return ExitCode.ioError
        }
    }
}
