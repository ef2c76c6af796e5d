import CSQLite
import Foundation

/// Copies committed WAL frames into the database file on its own connection and thread, so the writer
/// never waits for a checkpoint: a bulk import keeps inserting while the previous batch is checkpointed.
/// Durability does not depend on it (a commit is durable once its WAL frames are synced).
final class SQLiteCheckpointer: @unchecked Sendable {
    // @unchecked: `connection` is only used on `queue`; `scheduled` only under `lock`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "posttrace.sqlite.checkpoint")
    private let lock = NSLock()
    private var scheduled = false
    /// WAL size (in pages) that triggers a checkpoint.
    let threshold: Int32

    init(path: String, threshold: Int32) throws {
        connection = try SQLiteConnection(path: path, readOnly: false)
        self.threshold = threshold
    }

    /// Runs one PASSIVE checkpoint soon (at most one queued at a time). Never waits for readers or the writer.
    func request() {
        lock.lock(); defer { lock.unlock() }
        guard !scheduled else { return }
        scheduled = true
        queue.async { [self] in
            lock.withLock { scheduled = false }
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Returns when no checkpoint is queued or running.
    func wait() { queue.sync {} }
}

/// The `sqlite3_wal_hook` callback: `context` is the connection's `SQLiteCheckpointer` (kept alive by it).
func sqliteWALHook(_ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ pages: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
    if pages >= checkpointer.threshold { checkpointer.request() }
    return SQLITE_OK
}
