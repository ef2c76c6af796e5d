import CSQLite
import Synchronization

/// The SQLite store's change stamp: `PRAGMA data_version` read on a connection of its own that never writes.
///
/// SQLite documents that two invocations of `PRAGMA data_version` on one connection return different values
/// when any other connection, in this process or another, committed to the database in between, and that the
/// connection's own commits do not move it. This connection commits nothing, so every commit moves it: the
/// store's writer, a `posttrace import` or `prune` in another process, another server on the same file. The
/// value belongs to its connection, so a connection opened again after a failed read starts a new epoch, kept
/// in the stamp's upper bits: a stamp of the old connection never equals one of the new.
///
/// Each read is one statement that opens and ends a read transaction (in WAL mode it reads the WAL index
/// header in shared memory, a few microseconds); the statement is reset at once, so it never holds a snapshot
/// that would keep checkpoints back.
final class SQLiteChangeStamp: Sendable {
    private let path: String
    private let state = Mutex(State())

    /// Everything behind the lock: the connection (nil until opened, after a failed read, and once closed) and
    /// how many times it was opened.
    private struct State {
        var reader: Reader?
        var epoch: UInt64 = 0
        var closed = false
    }

    /// A stamp on the database at `path`; its connection opens on first use.
    init(path: String) { self.path = path }

    /// The current stamp: the epoch above bit 40, the data version below; nil when it cannot be read (the next
    /// call opens the connection again) or once closed.
    func read() -> UInt64? {
        state.withLock { state in
            guard !state.closed else { return nil }
            if state.reader == nil {
                guard let opened = try? Reader(path: path) else { return nil }
                state.reader = opened
                state.epoch += 1
            }
            guard let version = state.reader?.dataVersion() else {
                state.reader = nil
                return nil
            }
            return (state.epoch << 40) | (version & ((1 << 40) - 1))
        }
    }

    /// Closes the connection; later reads answer nil.
    func close() {
        state.withLock { state in
            state.reader = nil
            state.closed = true
        }
    }

    /// The connection and its prepared `PRAGMA data_version`.
    fileprivate final class Reader {
        private let connection: SQLiteConnection
        private let statement: SQLiteStatement

        init(path: String) throws {
            connection = try SQLiteConnection(path: path, readOnly: true)
            statement = try connection.statement("PRAGMA data_version")
        }

        /// One reading; the statement is reset before returning, ending its read transaction.
        func dataVersion() -> UInt64? {
            defer { statement.reset() }
            guard (try? statement.step()) == true else { return nil }
            return UInt64(truncatingIfNeeded: statement.int(0))
        }
    }
}
