import Foundation

/// Where the events live: an SQLite file (the embedded default) or a PostgreSQL URL.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// The environment variable that names the database when `--db` is not given.
    public static let environmentVariable = "POSTTRACE_DATABASE_URL"
    /// The file used when neither `--db` nor the environment names a database.
    public static let defaultPath = "posttrace.db"

    /// Parses `--db`: `postgres://…` / `postgresql://…` URLs, otherwise a file path (`x.db`, `x.sqlite`, `x.sqlite3`,
    /// or any path containing `/`). Anything else (another URL scheme, an empty string) is refused with a clear error.
    public init(_ text: String) throws(StoreLocationError) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.contains("://") || lower.hasPrefix("sqlite:") && !lower.hasPrefix("sqlite:/") {
            throw StoreLocationError(text: text, reason: "unsupported URL scheme (use a file path or postgres://…)")
        } else if text.isEmpty || text.hasSuffix("/") {
            throw StoreLocationError(text: text, reason: "expected a database file path or a postgres:// URL")
        } else {
            self = .sqlite(path: text.hasPrefix("sqlite:") ? String(text.dropFirst(7)) : text)
        }
    }

    /// The `--db` option when given, else `POSTTRACE_DATABASE_URL`, else `posttrace.db`.
    public static func resolve(option: String?, environment: [String: String]) throws(StoreLocationError) -> StoreLocation {
        if let option { return try StoreLocation(option) }
        if let env = environment[environmentVariable], !env.isEmpty { return try StoreLocation(env) }
        return .sqlite(path: defaultPath)
    }

    /// Opens the store, applying pending migrations; `sqliteWriterCache` sizes an SQLite store's writer page
    /// cache in bytes (nil: `SQLiteStore.defaultWriterCacheBytes`; PostgreSQL ignores it).
    public func open(sqliteWriterCache: Int? = nil) throws -> any PostTraceStorage {
        try openReportingMigrations(sqliteWriterCache: sqliteWriterCache).store
    }

    /// Opens the store with read replicas (`PostgresStore(url:readURLs:maxReplicaLag:)`); only a PostgreSQL
    /// store has them, so `readURLs` with an SQLite file is refused (`unsupported`).
    public func open(readURLs: [String], maxReplicaLag: Double = PostgresStore.defaultMaxReplicaLag, sqliteWriterCache: Int? = nil,
                     replicaChanged: @escaping @Sendable (ReplicaStatus) -> Void = { _ in }) throws -> any PostTraceStorage {
        switch self {
        case .sqlite where readURLs.isEmpty: return try open(sqliteWriterCache: sqliteWriterCache)
        case .sqlite: throw StoreError.unsupported("read replicas of an SQLite store")
        case .postgres(let url):
            return try PostgresStore(url: url, readURLs: readURLs, maxReplicaLag: maxReplicaLag, replicaChanged: replicaChanged)
        }
    }

    /// Opens the store and says which migrations were applied now (for `posttrace migrate`).
    public func openReportingMigrations(sqliteWriterCache: Int? = nil) throws -> (store: any PostTraceStorage, applied: [String]) {
        switch self {
        case .sqlite(let path):
            let store = try SQLiteStore(path: path, writerCacheBytes: sqliteWriterCache ?? SQLiteStore.defaultWriterCacheBytes)
            return (store, store.migrationsApplied)
        case .postgres(let url):
            let store = try PostgresStore(url: url)
            return (store, store.migrationsApplied)
        }
    }

    /// Safe to print: a PostgreSQL URL loses its password (`PostgresURL.redacted`).
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return PostgresURL.redacted(url)
        }
    }

    /// `message` (e.g. libpq's, which quotes the parts of a URL it could not parse) without any fragment of a
    /// password `location` carries: the password and each of its pieces between `@`, `:`, `/` or `&` of 3
    /// characters or more become `***`.
    public static func scrubbed(_ message: String, of location: String) -> String {
        var secrets: [Substring] = []
        if let scheme = location.range(of: "://") {
            let authority = location[scheme.upperBound...].prefix { $0 != "?" && $0 != "#" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                secrets.append(authority[authority.index(after: colon)..<at])
            }
        }
        var rest = location[...]
        while let found = rest.range(of: "password=", options: .caseInsensitive) {
            let end = rest[found.upperBound...].firstIndex { $0 == "&" || $0 == " " || $0 == "#" } ?? rest.endIndex
            secrets.append(rest[found.upperBound..<end])
            rest = rest[end...]
        }
        let pieces = secrets + secrets.flatMap { $0.split(whereSeparator: { "@:/&".contains($0) }) }
        var out = message
        for piece in pieces.filter({ $0.count >= 3 }).sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: String(piece), with: "***")
        }
        return out
    }
}

/// A `--db` value that names no store PostTrace can open.
public struct StoreLocationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The value given.
    public let text: String
    /// Why it was refused.
    public let reason: String
    public var description: String { "cannot use database '\(PostgresURL.redacted(text))': \(reason)" }
}
