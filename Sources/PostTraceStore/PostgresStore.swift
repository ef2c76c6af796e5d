import CPostgres
import Foundation
import PostTraceCore
import S10

/// The scale-out store: PostgreSQL over libpq, a small pool of connections, prepared statements,
/// COPY for large batches. Same semantics as `SQLiteStore` (the contract suite runs on both).
public final class PostgresStore: PostTraceStorage, @unchecked Sendable {
    // @unchecked: connections live in the pools and are used by one task at a time.
    private let pool: ConnectionPool<PostgresConnection>
    /// nil without read replicas: every read goes to the primary.
    private let replicas: PostgresReplicas?
    private let closedFlag = ClosedFlag()
    /// Migrations applied when this store was opened (empty when the schema was current).
    public let migrationsApplied: [String]
    /// Batches at least this large go through COPY; smaller ones through one prepared unnest INSERT.
    public static let copyThreshold = 256

    /// The replay lag (seconds) above which a read replica is not read, unless told otherwise.
    public static let defaultMaxReplicaLag = 10.0

    /// Connects to `url` (`postgres://…`, the primary; a libpq multi-host URL with
    /// `target_session_attrs=read-write` follows a failover), optionally inside `schema` (created if missing),
    /// and migrates. Reads that allow it (`ReadConsistency.replicaAllowed`) go to the `readURLs` replicas while
    /// they answer and lag at most `maxReplicaLag` seconds behind; the replicas are not needed to open the store.
    /// `replicaChanged` hears when a replica is set aside or taken back (and, at start, of each one not usable),
    /// on the monitor's thread or a reader's; it should return quickly.
    public init(url: String, schema: String? = nil, poolSize: Int = 4, readURLs: [String] = [],
                maxReplicaLag: Double = PostgresStore.defaultMaxReplicaLag,
                replicaChanged: @escaping @Sendable (ReplicaStatus) -> Void = { _ in }) throws {
        if let schema {
            // A schema name is an identifier, not a value: allow only a safe, quoted form.
            guard !schema.isEmpty, schema.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) else {
                throw StoreError(postgres: .invalidSchemaName, message: "schema names are lower-case letters, digits and _")
            }
            try PostgresConnection(url: url, searchPath: nil).execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
        }
        // A broken connection is replaced, not reused.
        pool = ConnectionPool(limit: max(1, poolSize), connect: { try PostgresConnection(url: url, searchPath: schema) },
                              release: { $0.isHealthy }, validate: { $0.isAlive })
        migrationsApplied = try pool.with(PostgresStore.migrate)
        replicas = readURLs.isEmpty ? nil
            : PostgresReplicas(urls: readURLs, searchPath: schema, poolSize: max(1, poolSize), maxLag: maxReplicaLag,
                               changed: replicaChanged)
    }

    deinit { replicas?.stop() }

    /// Applies pending migrations in one transaction under an advisory lock (two starting servers do not race).
    static func migrate(_ db: PostgresConnection) throws -> [String] {
        try db.execute("BEGIN")
        do {
            try db.execute("SELECT pg_advisory_xact_lock(7426001)")
            try db.execute(Migrations.bookkeeping)
            let rows = try db.execute("SELECT name FROM schema_migrations")
            let applied = Set((0..<rows.rows).compactMap { rows.text($0, 0) })
            var done: [String] = []
            for migration in Migrations.pending(applied: applied) {
                for sql in migration.postgres { try db.execute(sql) }
                try db.run("record_migration", "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
                           [migration.name, String(Int64(Date().timeIntervalSince1970))])
                done.append(migration.name)
            }
            try db.execute("COMMIT")
            return done
        } catch {
            _ = try? db.execute("ROLLBACK")
            throw error
        }
    }

    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try closedFlag.check()
        return try pool.with(body)
    }

    /// Runs a read-only `body` where `consistency` allows: on a usable replica in turn (another one, then the
    /// primary, when its connection fails), else on the primary, once more on a fresh connection when the
    /// pooled one broke under it. Only for statements that change nothing, so repeating them is harmless.
    func read<T>(_ consistency: ReadConsistency, _ body: (PostgresConnection) throws -> T) throws -> T {
        try closedFlag.check()
        if consistency == .replicaAllowed, let replicas {
            var failed: Set<String> = []
            while let replica = replicas.pick(excluding: failed) {
                do { return try replica.pool.with(body) } catch let error as StoreError where error.category == .unavailable {
                    replicas.setAside(replica, because: error)
                    failed.insert(replica.label)
                }
            }
        }
        do {
            return try pool.with(body)
        } catch let error as StoreError where error.code == .postgres(.connectionFailure) {
            // The connection died between its check and the query (a failover just now); a new one finds the
            // primary, or fails at once with "cannot connect" when there is none.
            return try pool.with(body)
        }
    }

    public func replicaStatus() -> [ReplicaStatus] { replicas?.statuses ?? [] }

    public func events(for number: S10Number) async throws -> [TrackingEvent] {
        try await events(for: [number])[number] ?? []
    }

    public func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]] {
        try await events(for: numbers, consistency: .primary)
    }

    public func events(for numbers: [S10Number], consistency: ReadConsistency) async throws -> [S10Number: [TrackingEvent]] {
        let keys = Set(numbers.map(\.storageKey))
        let result = try read(consistency) { try $0.run("events_of", PostgresStore.selectEvents, [PostgresArray.ints(Array(keys))]) }
        var out: [S10Number: [TrackingEvent]] = [:]
        for number in numbers { out[number] = [] }
        for row in 0..<result.rows { if let e = PostgresStore.decode(result, row) { out[e.number, default: []].append(e) } }
        return out
    }

    public func existing(_ numbers: [S10Number]) async throws -> Set<S10Number> {
        try await existing(numbers, consistency: .primary)
    }

    public func existing(_ numbers: [S10Number], consistency: ReadConsistency) async throws -> Set<S10Number> {
        let result = try read(consistency) {
            try $0.run("existing", "SELECT key FROM items WHERE key = ANY($1::bigint[])", [PostgresArray.ints(numbers.map(\.storageKey))])
        }
        return Set((0..<result.rows).compactMap { result.int($0, 0).flatMap(S10Number.init(storageKey:)) })
    }

    public func counts() async throws -> (items: Int, events: Int) {
        let r = try with { try $0.run("counts", "SELECT count(*), coalesce(sum(events), 0) FROM items", []) }
        return (Int(r.int(0, 0) ?? 0), Int(r.int(0, 1) ?? 0))
    }

    public func staleItems(lastEventBefore cutoff: Int64, excluding finalCodes: Set<EventCode>, limit: Int) async throws -> [S10Number] {
        let r = try with {
            try $0.run("stale", """
                SELECT key FROM items WHERE last_time < $1 AND NOT (last_code = ANY($2::text[]))
                ORDER BY last_time, key LIMIT $3
                """, [String(cutoff), PostgresArray.texts(finalCodes.map(\.rawValue)), String(max(0, limit))])
        }
        return (0..<r.rows).compactMap { r.int($0, 0).flatMap(S10Number.init(storageKey:)) }
    }

    public func prune(lastEventBefore cutoff: Int64, dryRun: Bool) async throws -> (items: Int, events: Int) {
        if dryRun {
            let r = try with { try $0.run("prune_count", "SELECT count(*), coalesce(sum(events), 0) FROM items WHERE last_time < $1", [String(cutoff)]) }
            return (Int(r.int(0, 0) ?? 0), Int(r.int(0, 1) ?? 0))
        }
        var total = (items: 0, events: 0)
        while true {
            // One batch per transaction: locks stay short, and rows a concurrent insert holds are left for later.
            let r = try transaction { db in
                try db.run("prune_batch", """
                    WITH old AS (SELECT key, events FROM items WHERE last_time < $1 ORDER BY last_time LIMIT $2 FOR UPDATE SKIP LOCKED),
                         gone_events AS (DELETE FROM events WHERE item IN (SELECT key FROM old)),
                         gone_alerts AS (DELETE FROM stale_alerts WHERE item IN (SELECT key FROM old)),
                         gone_estimates AS (DELETE FROM estimate_alerts WHERE item IN (SELECT key FROM old)),
                         gone_items AS (DELETE FROM items WHERE key IN (SELECT key FROM old))
                    SELECT count(*), coalesce(sum(events), 0) FROM old
                    """, [String(cutoff), String(Self.pruneBatch)])
            }
            let items = Int(r.int(0, 0) ?? 0)
            total.items += items
            total.events += Int(r.int(0, 1) ?? 0)
            if items < Self.pruneBatch { return total }
        }
    }

    static let pruneBatch = 5_000

    public func events(ofItemsAfter number: S10Number?, limit: Int) async throws -> [TrackingEvent] {
        let r = try with {
            try $0.run("export_page", """
                SELECT item, minute, sec, off, code, office, office_name, city, reason, next_office, transport, source, received
                FROM events WHERE item IN (SELECT key FROM items WHERE key > $1 ORDER BY key LIMIT $2) ORDER BY item, minute, sec, off
                """, [String(number?.storageKey ?? Int64.min), String(max(0, limit))])
        }
        return (0..<r.rows).compactMap { PostgresStore.decode(r, $0) }
    }

    public func ping() async throws { _ = try read(.primary) { try $0.run("ping", "SELECT 1", []) } }

    public func close() async {
        closedFlag.set()
        replicas?.stop()
        pool.drain()
    }

    static let selectEvents = """
        SELECT item, minute, sec, off, code, office, office_name, city, reason, next_office, transport, source, received
        FROM events WHERE item = ANY($1::bigint[]) ORDER BY item, minute, sec, off
        """

    static func decode(_ r: PostgresResult, _ row: Int) -> TrackingEvent? {
        guard let number = r.int(row, 0).flatMap(S10Number.init(storageKey:)), let minute = r.int(row, 1),
              let sec = r.int(row, 2), let off = r.int(row, 3),
              let time = LocalTime(epochSeconds: minute * 60 + sec, utcOffsetSeconds: Int32(truncatingIfNeeded: off)),
              let code = r.text(row, 4), let office = r.text(row, 5) else { return nil }
        return TrackingEvent(number: number, code: EventCode(rawValue: code), time: time,
                             office: Office(code: office, name: r.text(row, 6), city: r.text(row, 7)),
                             reason: r.text(row, 8).map(ReasonCode.init(rawValue:)), nextOffice: r.text(row, 9),
                             transport: r.text(row, 10), source: r.text(row, 11), receivedAt: r.int(row, 12))
    }
}

/// PostgreSQL array literals for bound parameters (`{1,2}`, `{"a","b",NULL}`).
enum PostgresArray {
    static func ints(_ values: [Int64]) -> String { "{" + values.map(String.init).joined(separator: ",") + "}" }
    static func optionalInts(_ values: [Int64?]) -> String { "{" + values.map { $0.map(String.init) ?? "NULL" }.joined(separator: ",") + "}" }
    static func texts(_ values: [String?]) -> String {
        "{" + values.map { value in
            guard let value else { return "NULL" }
            var out = "\""
            for c in value.unicodeScalars {
                if c == "\"" || c == "\\" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(c)
            }
            return out + "\""
        }.joined(separator: ",") + "}"
    }
}
