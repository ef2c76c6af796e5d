import CSQLite
import Foundation
import Synchronization

/// Copies committed WAL frames into the database file on its own connection and thread, so the writer
/// never waits for a checkpoint: a bulk import keeps inserting while the previous batch is checkpointed.
/// Durability does not depend on it (a commit is durable once its WAL frames are synced).
///
/// A passive checkpoint never catches up with a writer that commits without pause, and SQLite restarts the WAL
/// only after a complete one: left alone, a long ingestion grows the WAL without bound (11.7 GB for 10 M events
/// was seen), and every read then searches a huge WAL index. So past `limit` pages the writer itself runs a
/// RESTART checkpoint after its commit, a short stall that bounds the WAL; `journal_size_limit` then trims the file.
final class SQLiteCheckpointer: @unchecked Sendable {
    // @unchecked: `connection` is only used on `queue`.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "posttrace.sqlite.checkpoint")
    /// Whether a checkpoint is queued and not yet started.
    private let scheduled = Atomic<Bool>(false)
    /// WAL size (in pages) that triggers a background checkpoint.
    let threshold: Int32
    /// WAL size (in pages) past which the committing writer checkpoints and restarts the WAL itself.
    let limit: Int32

    init(path: String, threshold: Int32, limit: Int32) throws {
        connection = try SQLiteConnection(path: path, readOnly: false)
        self.threshold = threshold
        self.limit = max(limit, threshold)
    }

    /// Runs one PASSIVE checkpoint soon (at most one queued at a time). Never waits for readers or the writer.
    func request() {
        guard scheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        queue.async { [self] in
            scheduled.store(false, ordering: .releasing)
            try? connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Returns when no checkpoint is queued or running.
    func wait() { queue.sync {} }

    /// Holds back queued checkpoints until `resume()` (tests: a checkpointer that lags behind the writer).
    func suspend() { queue.suspend() }
    func resume() { queue.resume() }
}

/// The `sqlite3_wal_hook` callback: `context` is the connection's `SQLiteCheckpointer` (kept alive by it).
func sqliteWALHook(_ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ pages: Int32) -> Int32 {
    guard let context else { return SQLITE_OK }
    let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
    if pages >= checkpointer.limit, let db {
        // Readers hold a snapshot for one lookup at most; a longer wait means someone else is busy, and the
        // next commit tries again rather than stalling this one for the connection's full busy timeout.
        sqlite3_busy_timeout(db, 500)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_RESTART, nil, nil)
        sqlite3_busy_timeout(db, SQLiteConnection.busyTimeoutMilliseconds)
    } else if pages >= checkpointer.threshold {
        checkpointer.request()
    }
    return SQLITE_OK
}
