extension Migrations {
    /// Webhook subscriptions, the items they watch, the durable outbox and the stale alerts already sent.
    ///
    /// `outbox.seq` is the delivery order; a subscription's deliveries are sent in `seq` order.
    /// Triggers are stored as `,every_event,stale,` so that one LIKE finds stale watchers.
    static let subscriptions = Migration(
        name: "2026-11-25-subscriptions",
        sqlite: [
            """
            CREATE TABLE subscriptions (
                id TEXT PRIMARY KEY, callback_url TEXT NOT NULL, triggers TEXT NOT NULL, secret TEXT NOT NULL,
                owner_key TEXT, created_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE subscription_items (
                item INTEGER NOT NULL, subscription_id TEXT NOT NULL, position INTEGER NOT NULL,
                PRIMARY KEY (item, subscription_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX subscription_items_by_subscription ON subscription_items (subscription_id, position)",
            """
            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, subscription_id TEXT NOT NULL,
                kind TEXT NOT NULL, item INTEGER NOT NULL, event TEXT, status TEXT NOT NULL, previous_status TEXT,
                stage TEXT, created_at INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
                first_attempt_at INTEGER, next_attempt_at INTEGER NOT NULL, last_error TEXT, delivered_at INTEGER
            )
            """,
            "CREATE INDEX outbox_by_subscription ON outbox (subscription_id, seq)",
            "CREATE INDEX outbox_pending ON outbox (state, subscription_id, seq)",
            """
            CREATE TABLE stale_alerts (
                subscription_id TEXT NOT NULL, item INTEGER NOT NULL, stage TEXT NOT NULL,
                PRIMARY KEY (subscription_id, item, stage)
            ) WITHOUT ROWID
            """,
        ],
        postgres: [
            """
            CREATE TABLE subscriptions (
                id TEXT PRIMARY KEY, callback_url TEXT NOT NULL, triggers TEXT NOT NULL, secret TEXT NOT NULL,
                owner_key TEXT, created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE subscription_items (
                item BIGINT NOT NULL, subscription_id TEXT NOT NULL, position INTEGER NOT NULL,
                PRIMARY KEY (item, subscription_id)
            )
            """,
            "CREATE INDEX subscription_items_by_subscription ON subscription_items (subscription_id, position)",
            """
            CREATE TABLE outbox (
                seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, subscription_id TEXT NOT NULL,
                kind TEXT NOT NULL, item BIGINT NOT NULL, event TEXT, status TEXT NOT NULL, previous_status TEXT,
                stage TEXT, created_at BIGINT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
                first_attempt_at BIGINT, next_attempt_at BIGINT NOT NULL, last_error TEXT, delivered_at BIGINT
            )
            """,
            "CREATE INDEX outbox_by_subscription ON outbox (subscription_id, seq)",
            "CREATE INDEX outbox_pending ON outbox (subscription_id, seq) WHERE state = 'pending'",
            """
            CREATE TABLE stale_alerts (
                subscription_id TEXT NOT NULL, item BIGINT NOT NULL, stage TEXT NOT NULL,
                PRIMARY KEY (subscription_id, item, stage)
            )
            """,
        ])

    /// Estimate-change notices: the outbox carries the estimate told, and `estimate_alerts` keeps the last
    /// estimate told per (subscription, item) as the stable JSON text the workers compare against.
    static let estimateAlerts = Migration(
        name: "2026-12-03-estimate-alerts",
        sqlite: [
            "ALTER TABLE outbox ADD COLUMN estimate TEXT",
            """
            CREATE TABLE estimate_alerts (
                subscription_id TEXT NOT NULL, item INTEGER NOT NULL, estimate TEXT NOT NULL,
                PRIMARY KEY (subscription_id, item)
            ) WITHOUT ROWID
            """,
        ],
        postgres: [
            "ALTER TABLE outbox ADD COLUMN estimate TEXT",
            """
            CREATE TABLE estimate_alerts (
                subscription_id TEXT NOT NULL, item BIGINT NOT NULL, estimate TEXT NOT NULL,
                PRIMARY KEY (subscription_id, item)
            )
            """,
        ])
}
