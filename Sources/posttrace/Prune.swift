import Foundation
import PostTraceStore

enum PruneCommand {
    static let command = Command(
        name: "prune",
        summary: "Delete items whose last scan is older than N days",
        help: """
            Usage: posttrace prune --older-than DAYS [--dry-run] [--db LOCATION]

            Deletes every item whose newest scan is more than DAYS days old, with all its events, for a
            retention policy (tracking data names places and times of people's parcels; keep it no longer
            than needed). Items with any newer scan are kept whole. It works in batches, so a running
            server keeps ingesting and answering meanwhile. Subscriptions keep their numbers.

            Options:
              --older-than DAYS  1 to 36500
              --dry-run          only count what would be deleted
            \(StoreOptions.help)

            Exit status: 0 done, 64 usage, 74 the store cannot be opened or written.
            """,
        run: run)

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["db", "older-than"], flags: ["dry-run"])
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
        guard args.value("older-than") != nil else { throw UsageError(message: "--older-than DAYS is required") }
        let days = try args.int("older-than", default: 0, in: 1...36_500)
        let dryRun = args.has("dry-run")
        let location = try StoreOptions.location(args)
        guard let store = try StoreOptions.open(location, command: "prune") else { return ExitCode.ioError }
        // Closed before exit, not in a deferred task: closing checkpoints and trims the WAL the deletes grew.
        let status = await prune(store, location: location, days: days, dryRun: dryRun)
        await store.close()
        return status
    }

    static func prune(_ store: any PostTraceStorage, location: StoreLocation, days: Int, dryRun: Bool) async -> Int32 {
        let cutoff = Int64(Date().timeIntervalSince1970) - Int64(days) * 86_400
        let since = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(cutoff)))
        do {
            let result = try await store.prune(lastEventBefore: cutoff, dryRun: dryRun)
            print("\(dryRun ? "would prune" : "pruned") \(result.items) item\(result.items == 1 ? "" : "s") (\(result.events) event\(result.events == 1 ? "" : "s"))"
                  + " whose last scan is before \(since)")
            return ExitCode.ok
        } catch {
            printError("posttrace prune: \(location): \(StoreOptions.explain(error, at: location))")
            return ExitCode.ioError
        }
    }
}
