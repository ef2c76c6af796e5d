import Foundation
import PostTraceServer
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

    /// Opens the store or prints why not; nil means exit 74. An SQLite store's writer cache is `sqliteCache`
    /// (serve's `--sqlite-cache`, read by `writerCache`) or else `POSTTRACE_SQLITE_CACHE`; a size that does not
    /// read is a usage error.
    static func open(_ location: StoreLocation, command: String, sqliteCache: Int? = nil) throws -> (any PostTraceStorage)? {
        let cache = try sqliteCache ?? writerCache(ProcessInfo.processInfo.environment["POSTTRACE_SQLITE_CACHE"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            return try location.open(sqliteWriterCache: cache)
        } catch {
            printError("posttrace \(command): cannot open the store \(location): \(explain(error, at: location))")
            return nil
        }
    }

    /// The SQLite writer's page cache in bytes, nil for the store's default.
    static func writerCache(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let bytes = ServerConfiguration.byteSize(text), bytes >= 1 << 20 else {
            throw UsageError(message: "--sqlite-cache (POSTTRACE_SQLITE_CACHE) must be a size of at least 1M such as 16M or 1G, got '\(text)'")
        }
        return bytes
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
