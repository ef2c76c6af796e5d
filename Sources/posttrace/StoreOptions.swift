import Foundation
import PostTraceStore

/// The `--db` option shared by the store commands.
enum StoreOptions {
    static let help = """
          --db LOCATION      posttrace.db (an SQLite file, the default) or postgres://user@host/db;
                             default: $POSTTRACE_DATABASE_URL, else ./posttrace.db
        """

    /// Resolves `--db` / `POSTTRACE_DATABASE_URL`; a value naming no store is a usage error.
    static func location(_ args: Arguments) throws -> StoreLocation {
        do {
            return try StoreLocation.resolve(option: args.value("db"), environment: ProcessInfo.processInfo.environment)
        } catch {
            throw UsageError(message: error.description)
        }
    }

    /// Opens the store or prints why not; nil means exit 74.
    static func open(_ location: StoreLocation, command: String) -> (any PostTraceStorage)? {
        do {
            return try location.open()
        } catch {
            printError("posttrace \(command): cannot open the store \(location): \(error)")
            return nil
        }
    }
}
