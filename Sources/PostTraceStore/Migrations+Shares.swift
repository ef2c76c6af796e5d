extension Migrations {
    /// Parcel shares ("open my parcels on another device"): the SHA-256 of the token as the key, never the
    /// token; the numbers as canonical S10 text joined by commas, emptied on revocation.
    static let shares = Migration(
        name: "2026-12-03-shares",
        sqlite: [
            """
            CREATE TABLE shares (
                token_hash TEXT PRIMARY KEY, numbers TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER
            ) WITHOUT ROWID
            """,
        ],
        postgres: [
            """
            CREATE TABLE shares (
                token_hash TEXT PRIMARY KEY, numbers TEXT NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT
            )
            """,
        ])
}
