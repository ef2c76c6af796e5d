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
            printError("posttrace \(command): cannot open the store \(location): \(explain(error))")
            return nil
        }
    }

    /// An open failure for people. Connection failures carry libpq's text (host, port, reason; never the
    /// password), which is what a user needs; other PostgreSQL errors stay generic.
    static func explain(_ error: any Error) -> String {
        if let store = error as? StoreError, let code = store.code, case .postgres(let state) = code, state.errorClass == "08",
           let message = store.backendMessage {
            return message.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return "\(error)"
    }
}
