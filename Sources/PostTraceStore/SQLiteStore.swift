import CSQLite
import Foundation
import PostTraceCore
import S10
import Synchronization

/// The embedded store: one SQLite file in WAL mode, one writer connection, a few reader connections.
///
/// Durability: `synchronous = FULL` in WAL mode fsyncs the log at every commit, so an insert that
/// returned survives kill -9 and also a power cut. (`NORMAL` would already survive a killed
/// process, since the WAL pages sit in the OS cache, but could lose the last commits on power
/// loss.) The cost is one fsync per transaction, which batching makes small.
public final class SQLiteStore: PostTraceStorage, @unchecked Sendable {
    // @unchecked: the writer connection is used only while holding `writerLock`, each reader only while checked out
    // of `readers`; nothing else is mutable.
    private let writerLock = Mutex<Void>(())
    private let writer: SQLiteWriter
    private let checkpointer: SQLiteCheckpointer
    private let readers: ConnectionPool<SQLiteConnection>
    /// `PRAGMA data_version` on a connection of its own: the store's `changeStamp()`.
    private let stamp: SQLiteChangeStamp
    let closedFlag = ClosedFlag()
    /// The database file.
    public let path: String
    /// Migrations applied when this store was opened (empty when the schema was current).
    public let migrationsApplied: [String]

    /// The writer connection's page cache unless told otherwise (`cache_size`). It fills as ingestion touches
    /// pages and then stays at this size for the life of the store, so it sets most of a busy server's memory.
    public static let defaultWriterCacheBytes = 16 << 20

    /// Opens (creating when missing) the database at `path` and applies pending migrations. `writerCacheBytes`
    /// bounds the writer connection's page cache (at least one KiB; readers map the file instead).
    public convenience init(path: String, readers: Int = 4, writerCacheBytes: Int = SQLiteStore.defaultWriterCacheBytes) throws {
        // 32 MiB of 16 KiB pages before a background checkpoint; 256 MiB at most before the writer restarts the WAL.
        try self.init(path: path, readers: readers, checkpointPages: 2048, walLimitPages: 16384, writerCacheBytes: writerCacheBytes)
    }

    /// A background checkpoint starts when the WAL holds `checkpointPages` pages (SQLite's own default is 1000;
    /// more means fewer rewrites of the same pages during bulk imports); past `walLimitPages` the writer
    /// checkpoints and restarts the WAL itself after its commit, and the file is trimmed back to that size.
    init(path: String, readers: Int, checkpointPages: Int32, walLimitPages: Int32,
         writerCacheBytes: Int = SQLiteStore.defaultWriterCacheBytes) throws {
        self.path = path
        let connection = try SQLiteConnection(path: path, readOnly: false)
        // 16 KiB pages (new files only; an existing file keeps its size): a bulk import rewrites fewer,
        // fuller pages (about 12% less CPU for 1M events) and the file is slightly smaller.
        try connection.execute("""
            PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;
            PRAGMA cache_size = -\(max(1, writerCacheBytes >> 10)); PRAGMA temp_store = MEMORY
            """)
        migrationsApplied = try SQLiteStore.migrate(connection)
        let pageSize = try connection.scalar("PRAGMA page_size") ?? 4096
        try connection.execute("PRAGMA journal_size_limit = \(Int64(max(1, walLimitPages)) * pageSize)")
        checkpointer = try SQLiteCheckpointer(path: path, threshold: max(1, checkpointPages), limit: max(1, walLimitPages))
        connection.checkpoint(with: checkpointer)
        writer = SQLiteWriter(connection)
        // A returned reader resets its statements first: a half-stepped one would keep a read open and hold
        // back checkpoints.
        self.readers = ConnectionPool(limit: max(1, readers), connect: { try SQLiteConnection(path: path, readOnly: true) },
                                      release: { $0.finishStatements(); return true })
        stamp = SQLiteChangeStamp(path: path)
    }

    /// Applies pending migrations in order, each in its own transaction; returns their names.
    static func migrate(_ db: SQLiteConnection) throws -> [String] {
        try db.execute(Migrations.bookkeeping)
        return try db.transaction {
            var applied = Set<String>()
            let names = try db.statement("SELECT name FROM schema_migrations")
            while try names.step() { if let n = names.text(0) { applied.insert(n) } }
            var done: [String] = []
            for migration in Migrations.pending(applied: applied) {
                for sql in migration.sqlite { try db.execute(sql) }
                try db.statement("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)")
                    .run([.text(migration.name), .int(Int64(Date().timeIntervalSince1970))])
                done.append(migration.name)
            }
            return done
        }
    }

    /// Runs `body` with the writer connection, serialized.
    func write<T>(_ body: (SQLiteWriter) throws -> T) throws -> T {
        try closedFlag.check()
        return try writerLock.withLock { _ in
            defer { writer.connection.finishStatements() }
            return try body(writer)
        }
    }

    /// Runs `body` with a reader connection; readers run in parallel with each other and the writer.
    func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try closedFlag.check()
        return try readers.with(body)
    }

    public func insert(_ events: [TrackingEvent], maxScansPerItem: Int) async throws -> InsertResult {
        if events.isEmpty { try closedFlag.check(); return InsertResult() }
        return try write { try $0.insert(events, maxScansPerItem: maxScansPerItem) }
    }

    public func events(for number: S10Number) async throws -> [TrackingEvent] {
        try read { try SQLiteWriter.events(of: number, in: $0) }
    }

    public func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]] {
        try read { db in
            var out: [S10Number: [TrackingEvent]] = [:]
            for number in Set(numbers) { out[number] = try SQLiteWriter.events(of: number, in: db) }
            return out
        }
    }

    public func existing(_ numbers: [S10Number]) async throws -> Set<S10Number> {
        try read { db in
            let stmt = try db.statement("SELECT 1 FROM items WHERE key = ?")
            var found = Set<S10Number>()
            for number in Set(numbers) {
                stmt.reset()
                try stmt.bind([.int(number.storageKey)])
                if try stmt.step() { found.insert(number) }
            }
            return found
        }
    }

    public func counts() async throws -> (items: Int, events: Int) {
        try read { db in
            let stmt = try db.statement("SELECT count(*), coalesce(sum(events), 0) FROM items")
            _ = try stmt.step()
            return (Int(stmt.int(0)), Int(stmt.int(1)))
        }
    }

    public func staleItems(lastEventBefore cutoff: Int64, excluding finalCodes: Set<EventCode>, limit: Int) async throws -> [S10Number] {
        try read { db in
            // The codes travel as one bound JSON array: the SQL text never contains a value.
            let codes = "[" + finalCodes.map { JSONString.quoted($0.rawValue) }.joined(separator: ",") + "]"
            let stmt = try db.statement("""
                SELECT i.key FROM items i JOIN texts c ON c.id = i.last_code
                WHERE i.last_time < ?1 AND c.value NOT IN (SELECT value FROM json_each(?2))
                ORDER BY i.last_time, i.key LIMIT ?3
                """)
            try stmt.bind([.int(cutoff), .text(codes), .int(Int64(max(0, limit)))])
            var out: [S10Number] = []
            while try stmt.step() { if let n = S10Number(storageKey: stmt.int(0)) { out.append(n) } }
            return out
        }
    }

    public func prune(lastEventBefore cutoff: Int64, dryRun: Bool) async throws -> (items: Int, events: Int) {
        if dryRun {
            return try read { db in
                let stmt = try db.statement("SELECT count(*), coalesce(sum(events), 0) FROM items WHERE last_time < ?")
                try stmt.bind([.int(cutoff)])
                defer { stmt.reset() }
                _ = try stmt.step()
                return (Int(stmt.int(0)), Int(stmt.int(1)))
            }
        }
        var total = (items: 0, events: 0)
        while true {
            // One batch per write transaction, so ingestion gets the writer between batches.
            let batch: (items: Int, events: Int) = try write { w in
                try w.connection.transaction {
                    let select = try w.connection.statement("SELECT key, events FROM items WHERE last_time < ? ORDER BY last_time LIMIT ?")
                    try select.bind([.int(cutoff), .int(Int64(Self.pruneBatch))])
                    var keys: [Int64] = [], events = 0
                    while try select.step() { keys.append(select.int(0)); events += Int(select.int(1)) }
                    select.reset()
                    guard !keys.isEmpty else { return (0, 0) }
                    let list = SQLiteValue.jsonArray(keys)
                    for table in ["events WHERE item", "stale_alerts WHERE item", "estimate_alerts WHERE item", "items WHERE key"] {
                        try w.connection.statement("DELETE FROM \(table) IN (SELECT value FROM json_each(?))").run([list])
                    }
                    return (keys.count, events)
                }
            }
            total.items += batch.items
            total.events += batch.events
            if batch.items < Self.pruneBatch { return total }
        }
    }

    static let pruneBatch = 5_000

    public func events(ofItemsAfter number: S10Number?, limit: Int) async throws -> [TrackingEvent] {
        try read { db in
            let stmt = try db.statement(Self.selectEventsOfItemsAfter)
            try stmt.bind([.int(number?.storageKey ?? Int64.min), .int(Int64(max(0, limit)))])
            defer { stmt.reset() }
            var out: [TrackingEvent] = []
            while try stmt.step() { if let e = SQLiteWriter.decode(stmt, previous: out.last) { out.append(e) } }
            return out
        }
    }

    static let selectEventsOfItemsAfter = SQLiteWriter.selectEvents
        + " WHERE e.item IN (SELECT key FROM items WHERE key > ? ORDER BY key LIMIT ?) ORDER BY e.item, e.minute, e.sec, e.off"

    /// `PRAGMA data_version` of a connection that never writes: it moves with every commit of any other
    /// connection, this store's writer and other processes' included (see `SQLiteChangeStamp`).
    public func changeStamp() -> UInt64? {
        guard (try? closedFlag.check()) != nil else { return nil }
        return stamp.read()
    }

    public func ping() async throws { _ = try read { try $0.scalar("SELECT 1") } }

    /// Returns once no background checkpoint is queued or running (tests).
    func waitForCheckpoints() { checkpointer.wait() }

    /// The background checkpointer (tests).
    var backgroundCheckpointer: SQLiteCheckpointer { checkpointer }

    public func close() async {
        closedFlag.set()
        checkpointer.wait()
        stamp.close()
        // Copy everything into the database file and empty the WAL, so the next start does not replay it.
        // Busy (another process reading or writing) leaves the WAL as it is: nothing is lost, it stays valid.
        writerLock.withLock { _ in _ = try? writer.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        readers.drain()
    }
}

/// Whether the store was closed: set once, checked before every use.
final class ClosedFlag: Sendable {
    private let closed = Atomic<Bool>(false)
    func set() { closed.store(true, ordering: .releasing) }
    /// Throws `StoreError.closed` once `set` was called.
    func check() throws {
        if closed.load(ordering: .acquiring) { throw StoreError.closed }
    }
}

