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
            printError("posttrace \(command): cannot open the store \(location): \(explain(error, at: location))")
            return nil
        }
    }

    /// An open failure for people. Connection failures carry libpq's text (host, port, reason; never the
    /// password), which is what a user needs; other PostgreSQL errors stay generic.
    /// libpq's text may quote the URL it could not parse: any fragment of `location`'s password is scrubbed.
    static func explain(_ error: any Error, at location: StoreLocation? = nil) -> String {
        if let store = error as? StoreError, let code = store.code, case .postgres(let state) = code, state.errorClass == "08",
           let message = store.backendMessage {
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            guard case .postgres(let url)? = location else { return text }
            return StoreLocation.scrubbed(text, of: url)
        }
        return "\(error)"
    }
}
