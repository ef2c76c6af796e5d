extension Migrations {
    /// The prepared lane table: one row per name (`current`), its JSON and when it was built.
    static let laneTables = Migration(
        name: "2026-12-02-lane-tables",
        sqlite: ["CREATE TABLE lane_tables (name TEXT PRIMARY KEY, built_at INTEGER NOT NULL, body TEXT NOT NULL)"],
        postgres: ["CREATE TABLE lane_tables (name TEXT PRIMARY KEY, built_at BIGINT NOT NULL, body TEXT NOT NULL)"])
}
