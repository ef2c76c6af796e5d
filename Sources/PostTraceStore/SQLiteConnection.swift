import CSQLite
import Foundation

/// `SQLITE_TRANSIENT` is a macro that Swift does not import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection: owns its `sqlite3*` and a cache of prepared statements.
/// Not thread-safe by itself; `SQLiteStore` serializes access with locks.
final class SQLiteConnection {
    /// How long a statement waits for a lock another connection holds.
    static let busyTimeoutMilliseconds: Int32 = 10_000
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Kept alive while SQLite holds it as the WAL hook's context.
    private var walHookTarget: AnyObject?
    /// Whether this connection only reads (`query_only`): it never sees a row that a rollback could take back.
    let readOnly: Bool
    /// Dictionary rows (`texts`, `places`) already read on this connection, for readers only: a committed
    /// dictionary id never changes meaning, so they need not be joined again for every event row.
    var dictionary = SQLiteDictionaryCache()

    /// How much of the file a reader maps.
    static let readerMapBytes: Int64 = 1 << 30

    /// Opens (creating when asked) the database file at `path`.
    init(path: String, readOnly: Bool) throws {
        var db: OpaquePointer?
        // Readers open read-write with `query_only`: a READONLY connection cannot rebuild the WAL index
        // and would wait on SQLITE_BUSY_RECOVERY while the writer is active.
        let flags = (readOnly ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw StoreError(sqlite: SQLiteResultCode(rawValue: rc), message: message)
        }
        handle = db
        self.readOnly = readOnly
        sqlite3_extended_result_codes(db, 1)
        // Another process (an import next to the server) may hold the write lock for one batch.
        sqlite3_busy_timeout(db, SQLiteConnection.busyTimeoutMilliseconds)
        // Readers map the file (up to 1 GiB): a lookup then reads its pages where the OS cache holds them,
        // instead of a pread copying 16 KiB per page (about a fifth of a lookup's store time). The mapped
        // pages count in the process's RSS but are the page cache, shared and reclaimable. The writer keeps
        // plain I/O, so an I/O error while writing stays an error rather than a signal.
        if readOnly { try execute("PRAGMA query_only = 1; PRAGMA mmap_size = \(Self.readerMapBytes)") }
    }

    deinit {
        if walHookTarget != nil { sqlite3_wal_hook(handle, nil, nil) }
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results (schema, pragmas, BEGIN/COMMIT).
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// The cached prepared statement for `sql`, reset and with bindings cleared.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, sql: sql) }
        let statement = SQLiteStatement(stmt, connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Resets every cached statement, ending any read a half-stepped statement keeps open
    /// (an open read would hold back WAL checkpoints).
    func finishStatements() {
        for statement in statements.values { statement.reset() }
    }

    /// Replaces SQLite's automatic checkpoint with `checkpointer`: after each commit that leaves at least
    /// `checkpointer.threshold` pages in the WAL, a checkpoint is requested on its own connection.
    func checkpoint(with checkpointer: SQLiteCheckpointer) {
        walHookTarget = checkpointer
        sqlite3_wal_hook(handle, sqliteWALHook, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    /// Rows changed by the last INSERT/UPDATE/DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Reads a single integer (a pragma or a count).
    func scalar(_ sql: String) throws -> Int64? {
        let stmt = try statement(sql)
        return try stmt.step() ? stmt.int(0) : nil
    }

    /// Runs `body` in a write transaction (IMMEDIATE: takes the write lock up front, so no deadlock).
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The store error for result code `rc` of this connection, with SQLite's message.
    func error(_ rc: Int32, sql: String?) -> StoreError {
        StoreError(sqlite: SQLiteResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}

/// One prepared statement: owns its `sqlite3_stmt*`, finalized in deinit.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let connection: SQLiteConnection
    let sql: String

    init(_ handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle; self.connection = connection; self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds parameters by position (1-based), in order; nil binds NULL.
    func bind(_ values: [SQLiteValue]) throws {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, transient)
            }
            guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
        }
    }

    /// Binds one parameter (1-based) without building an array: the insert hot path.
    func bind(_ index: Int32, _ value: Int64?) throws {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        guard rc == SQLITE_OK else { throw connection.error(rc, sql: sql) }
    }

    /// Runs a statement whose parameters are bound, to completion, and resets it (keeping the bindings' slots).
    func runBound() throws {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw connection.error(rc, sql: sql) }
    }

    /// Advances; true when a row is available, false when done.
    @discardableResult
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.error(rc, sql: sql)
    }

    /// Binds, runs to completion, and resets (INSERT/UPDATE/DELETE).
    func run(_ values: [SQLiteValue]) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func optionalInt(_ column: Int32) -> Int64? { isNull(column) ? nil : int(column) }
    func text(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: p)
    }

    /// `text(column)`, but `previous` itself when the column holds the same bytes: an item's scans
    /// repeat office names, cities and sources, and an equal string is then shared, not allocated again.
    func text(_ column: Int32, reusing previous: String?) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        if let previous {
            let same = previous.utf8.withContiguousStorageIfAvailable { old in
                // Up to the first NUL, as String(cString:) reads it.
                strlen(p) == old.count && (old.isEmpty || memcmp(p, old.baseAddress!, old.count) == 0)
            }
            if same == true { return previous }
        }
        return String(cString: p)
    }
}

/// A value bound to an SQLite parameter.
enum SQLiteValue {
    case null
    case int(Int64)
    case text(String)

    static func optional(_ v: Int64?) -> SQLiteValue { v.map { .int($0) } ?? .null }
    static func optional(_ v: String?) -> SQLiteValue { v.map { .text($0) } ?? .null }
    /// Integers as one bound JSON array, read back with `json_each(?)`: the SQL text never contains a value.
    static func jsonArray(_ values: some Sequence<Int64>) -> SQLiteValue { .text("[" + values.map(String.init).joined(separator: ",") + "]") }
}
