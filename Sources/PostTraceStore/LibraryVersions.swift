import CPostgres
import CSQLite
import CZlib

/// Versions of the C libraries the store runs on, as loaded at run time (for bug reports and `/metrics`).
public enum StoreLibraries {
    /// Name and version of each, e.g. `("SQLite", "3.40.1")`.
    public static var versions: [(name: String, version: String)] {
        let pq = Int(PQlibVersion())  // major * 10000 + minor for 10 and later
        return [("SQLite", String(cString: sqlite3_libversion())), ("libpq", "\(pq / 10_000).\(pq % 10_000)"),
                ("zlib", String(cString: zlibVersion()))]
    }
}
