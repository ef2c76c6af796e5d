/// One named schema change with its SQL for each backend; applied once, in order, recorded by name.
public struct Migration: Sendable, Hashable {
    /// A stable name, e.g. `2026-11-25-events`; recorded in `schema_migrations` once applied.
    public let name: String
    /// Statements for SQLite, run in one transaction.
    public let sqlite: [String]
    /// Statements for PostgreSQL, run in one transaction.
    public let postgres: [String]

    /// Makes a migration; names must be unique and never change once released.
    public init(name: String, sqlite: [String], postgres: [String]) {
        self.name = name; self.sqlite = sqlite; self.postgres = postgres
    }
}

/// The registry of migrations, in the order they run.
///
/// A later feature (subscriptions, outbox) defines its migration as a `static let` in an
/// `extension Migrations` in its own file and appends it to `all`: never edit or reorder a released one.
public enum Migrations {
    /// Every migration, oldest first.
    public static let all: [Migration] = [events, apiKeys, subscriptions, apiKeysLastUsed, laneTables, estimateAlerts, shares]

    /// The bookkeeping table; created before anything else (the same SQL on both backends).
    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)
        """

    /// Migrations in `all` not yet in `applied`, in order.
    static func pending(applied: Set<String>) -> [Migration] { all.filter { !applied.contains($0.name) } }
}
