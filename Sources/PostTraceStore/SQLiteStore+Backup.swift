import CSQLite
import Foundation

/// What `SQLiteStore.backup(to:)` wrote.
public struct BackupSummary: Sendable, Hashable {
    public var items: Int
    public var events: Int
    /// Size of the backup file.
    public var bytes: Int
}

/// Why a backup was not made.
public enum BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target exists: a backup never overwrites a file.
    case exists(String)
    /// The target's directory cannot take the file.
    case cannotCreate(String, reason: String)
    /// The copy failed its integrity check (nothing is left under the target name).
    case damaged(String)

    public var description: String {
        switch self {
        case .exists(let path): "\(path) exists; a backup never overwrites a file"
        case .cannotCreate(let path, let reason): "cannot write \(path): \(reason)"
        case .damaged(let why): "the copy failed its integrity check: \(why)"
        }
    }
}

extension SQLiteStore {
    /// Writes a consistent copy of the database to `path` while the store stays in use.
    ///
    /// `VACUUM INTO` reads the database in one read transaction, so the copy is the store at one moment
    /// (writes committed meanwhile are simply not in it) and it is compact. The copy is written next to
    /// `path`, checked (`quick_check`), synced, and only then renamed into place: an interrupted backup
    /// never leaves a partial file under the name a restore would use.
    public func backup(to path: String) async throws -> BackupSummary {
        try closedFlag.check()
        let target = URL(fileURLWithPath: path)
        guard !FileManager.default.fileExists(atPath: target.path) else { throw BackupError.exists(path) }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())")
        defer { try? FileManager.default.removeItem(at: partial) }
        // A connection of its own: the pooled readers are query-only, and the writer must stay free.
        let source = try SQLiteConnection(path: self.path, readOnly: false)
        do {
            try source.statement("VACUUM INTO ?").run([.text(partial.path)])
        } catch let error as StoreError where error.category == .unavailable {
            throw BackupError.cannotCreate(path, reason: error.backendMessage ?? error.description)
        }
        let summary: BackupSummary
        do {
            let copy = try SQLiteConnection(path: partial.path, readOnly: false)
            let check = try copy.statement("PRAGMA quick_check")
            var verdicts: [String] = []
            while try check.step() { verdicts.append(check.text(0) ?? "") }
            check.reset()
            guard verdicts == ["ok"] else { throw BackupError.damaged(verdicts.prefix(3).joined(separator: "; ")) }
            let counts = try copy.statement("SELECT count(*), coalesce(sum(events), 0) FROM items")
            _ = try counts.step()
            summary = BackupSummary(items: Int(counts.int(0)), events: Int(counts.int(1)), bytes: 0)
            counts.reset()
        }
        try Self.syncFile(partial.path)
        guard rename(partial.path, target.path) == 0 else {
            throw BackupError.cannotCreate(path, reason: String(cString: strerror(errno)))
        }
        try Self.syncFile(target.deletingLastPathComponent().path)  // the rename itself, durable
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        return BackupSummary(items: summary.items, events: summary.events, bytes: bytes)
    }

    /// fsync of a file or directory.
    private static func syncFile(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BackupError.cannotCreate(path, reason: String(cString: strerror(errno))) }
        defer { Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw BackupError.cannotCreate(path, reason: String(cString: strerror(errno))) }
    }
}
