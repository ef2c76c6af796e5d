extension Migrations {
    /// Events, items and the dictionaries that keep SQLite rows small.
    ///
    /// SQLite aims at ≤ 80 bytes per event: the item is its 51-bit `S10Number.storageKey`, the
    /// time is split into minute (the duplicate key) and second, and repeated strings (codes,
    /// offices, reasons, feeds, transports) are ids into one `texts` dictionary; office name and
    /// city pairs into `places`. The duplicate rule (number, code, office, minute) is the primary key.
    static let events = Migration(
        name: "2026-11-25-events",
        sqlite: [
            "CREATE TABLE texts (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)",
            "CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, UNIQUE (name, city))",
            """
            CREATE TABLE events (
                item INTEGER NOT NULL, minute INTEGER NOT NULL, code INTEGER NOT NULL, office INTEGER NOT NULL,
                sec INTEGER NOT NULL, off INTEGER NOT NULL, place INTEGER, reason INTEGER,
                next_office INTEGER, transport INTEGER, source INTEGER, received INTEGER,
                PRIMARY KEY (item, minute, code, office)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE items (
                key INTEGER PRIMARY KEY, last_time INTEGER NOT NULL, last_code INTEGER NOT NULL, events INTEGER NOT NULL
            )
            """,
            "CREATE INDEX items_by_last_time ON items (last_time)",
        ],
        postgres: [
            """
            CREATE TABLE events (
                item BIGINT NOT NULL, minute BIGINT NOT NULL, code TEXT NOT NULL, office TEXT NOT NULL,
                sec SMALLINT NOT NULL, off INTEGER NOT NULL, office_name TEXT, city TEXT, reason TEXT,
                next_office TEXT, transport TEXT, source TEXT, received BIGINT,
                PRIMARY KEY (item, minute, code, office)
            )
            """,
            """
            CREATE TABLE items (
                key BIGINT PRIMARY KEY, last_time BIGINT NOT NULL, last_code TEXT NOT NULL, events BIGINT NOT NULL
            )
            """,
            "CREATE INDEX items_by_last_time ON items (last_time)",
        ])

    /// API keys: only the SHA-256 of the secret is stored.
    static let apiKeys = Migration(
        name: "2026-11-25-api-keys",
        sqlite: [
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, secret_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL, revoked_at INTEGER
            )
            """,
            "CREATE INDEX api_keys_by_hash ON api_keys (secret_hash)",
        ],
        postgres: [
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, secret_hash TEXT NOT NULL,
                created_at BIGINT NOT NULL, revoked_at BIGINT
            )
            """,
            "CREATE INDEX api_keys_by_hash ON api_keys (secret_hash)",
        ])

    /// When each API key was last used, so that unused keys can be found and revoked.
    static let apiKeysLastUsed = Migration(
        name: "2026-12-01-api-keys-last-used",
        sqlite: ["ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER"],
        postgres: ["ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT"])
}
