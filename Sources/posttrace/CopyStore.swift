import Foundation
import PostTraceStore

enum CopyStoreCommand {
    static let command = Command(
        name: "copy-store",
        summary: "Copy events, API keys, subscriptions and parcel shares into another store (SQLite → PostgreSQL)",
        help: """
            Usage: posttrace copy-store --from LOCATION --to LOCATION [--events-only]

            Copies every event, then every API key (only its hash is stored: clients keep their secrets;
            revoked keys stay revoked), then every subscription (its id, callback, numbers, owner and signing
            secret: start the new server with the same --secrets-key-file if secrets are sealed), then every
            parcel share (its token's hash and numbers: the links keep working). What the target already has is
            skipped, so the copy can be repeated; a key or share revoked since an earlier copy is revoked in the
            target too. The target's schema is created or migrated first.

            Moving to PostgreSQL with a short stop:
              1. posttrace copy-store --from posttrace.db --to postgres://… --events-only   (while serving)
              2. stop the old server once its webhook backlog is empty (/metrics), then
                 posttrace copy-store --from posttrace.db --to postgres://…               (the rest)
              3. serve from postgres://…
            Events copied once the target has subscriptions are notified by the new server, so copy them
            all (step 2) before subscriptions arrive, as this order does.

            Options:
              --from, --to       posttrace.db (SQLite) or postgres://user@host/db; they must differ
              --events-only      copy events only (the bulk, while the old server still runs)

            Exit status: 0 copied, 64 usage, 66 the --from file does not exist, 74 a store cannot be opened,
            read or written.
            """,
        run: run)

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["from", "to"], flags: ["events-only"])
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
        guard let from = args.value("from"), let to = args.value("to"), !from.isEmpty, !to.isEmpty else {
            throw UsageError(message: "--from LOCATION and --to LOCATION are required")
        }
        let source: StoreLocation, target: StoreLocation
        do {
            source = try StoreLocation(from)
            target = try StoreLocation(to)
        } catch {
            throw UsageError(message: error.description)
        }
        guard source != target else { throw UsageError(message: "--from and --to name the same store") }
        // Opening a missing SQLite file would create an empty store and copy nothing from it.
        if case .sqlite(let path) = source, !FileManager.default.fileExists(atPath: path) {
            printError("posttrace copy-store: \(path) does not exist")
            return ExitCode.noInput
        }
        guard let sourceStore = try StoreOptions.open(source, command: "copy-store") else { return ExitCode.ioError }
        guard let targetStore = try StoreOptions.open(target, command: "copy-store") else { await sourceStore.close(); return ExitCode.ioError }
        let status = await copy(from: sourceStore, source, to: targetStore, target, eventsOnly: args.has("events-only"))
        await sourceStore.close()
        await targetStore.close()
        return status
    }

    static func copy(from sourceStore: any PostTraceStorage, _ source: StoreLocation, to targetStore: any PostTraceStorage,
                     _ target: StoreLocation, eventsOnly: Bool) async -> Int32 {
        let started = Date()
        do {
            let s = try await StoreCopy.run(from: sourceStore, to: targetStore, parts: eventsOnly ? .events : .all)
            var line = "copy-store: \(source) → \(target): \(s.items) items, \(s.eventsAccepted) events new, \(s.eventsDuplicate) already there"
            if !eventsOnly {
                line += "; keys \(s.keysCopied) copied, \(s.keysSkipped) already there; subscriptions \(s.subscriptionsCopied) copied, "
                    + "\(s.subscriptionsSkipped) already there; shares \(s.sharesCopied) copied, \(s.sharesSkipped) already there"
            }
            print(line + " (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            return ExitCode.ok
        } catch {
            printError("posttrace copy-store: \(StoreOptions.explain(error))")
            return ExitCode.ioError
        }
    }
}
