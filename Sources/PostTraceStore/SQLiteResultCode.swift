import CSQLite

/// An SQLite result code (extended when SQLite gives one), named as in sqlite3.h
/// (https://www.sqlite.org/rescode.html), and the store category it belongs to.
public struct SQLiteResultCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    init(_ code: Int32) { rawValue = code }

    /// The primary code: the low byte of an extended code.
    public var primary: SQLiteResultCode { SQLiteResultCode(rawValue & 0xFF) }

    public static let error = SQLiteResultCode(SQLITE_ERROR)
    public static let `internal` = SQLiteResultCode(SQLITE_INTERNAL)
    public static let permission = SQLiteResultCode(SQLITE_PERM)
    public static let abort = SQLiteResultCode(SQLITE_ABORT)
    public static let busy = SQLiteResultCode(SQLITE_BUSY)
    public static let locked = SQLiteResultCode(SQLITE_LOCKED)
    public static let noMemory = SQLiteResultCode(SQLITE_NOMEM)
    public static let readOnly = SQLiteResultCode(SQLITE_READONLY)
    public static let interrupt = SQLiteResultCode(SQLITE_INTERRUPT)
    public static let ioError = SQLiteResultCode(SQLITE_IOERR)
    public static let corrupt = SQLiteResultCode(SQLITE_CORRUPT)
    public static let full = SQLiteResultCode(SQLITE_FULL)
    public static let cannotOpen = SQLiteResultCode(SQLITE_CANTOPEN)
    public static let protocolError = SQLiteResultCode(SQLITE_PROTOCOL)
    public static let schema = SQLiteResultCode(SQLITE_SCHEMA)
    public static let tooBig = SQLiteResultCode(SQLITE_TOOBIG)
    public static let constraint = SQLiteResultCode(SQLITE_CONSTRAINT)
    public static let mismatch = SQLiteResultCode(SQLITE_MISMATCH)
    public static let misuse = SQLiteResultCode(SQLITE_MISUSE)
    public static let range = SQLiteResultCode(SQLITE_RANGE)
    public static let notADatabase = SQLiteResultCode(SQLITE_NOTADB)
    // Extended constraint codes, which say which constraint refused the row. sqlite3.h defines them as
    // macros (`SQLITE_CONSTRAINT | (n << 8)`) that Swift does not import.
    public static let constraintCheck = SQLiteResultCode(SQLITE_CONSTRAINT | 1 << 8)
    public static let constraintForeignKey = SQLiteResultCode(SQLITE_CONSTRAINT | 3 << 8)
    public static let constraintNotNull = SQLiteResultCode(SQLITE_CONSTRAINT | 5 << 8)
    public static let constraintPrimaryKey = SQLiteResultCode(SQLITE_CONSTRAINT | 6 << 8)
    public static let constraintUnique = SQLiteResultCode(SQLITE_CONSTRAINT | 8 << 8)

    /// SQLite's own short name for the code ("database is locked", "disk I/O error" …).
    public var description: String { "SQLite \(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))" }

    /// The store category of a failure with this code.
    public var category: StoreError.Category {
        switch primary {
        case .busy, .locked: .busy
        // The file cannot be opened, read or written (missing, permissions, disk full, I/O, a lock protocol
        // failure, memory): the store is not serving; the request itself is fine.
        case .cannotOpen, .readOnly, .permission, .ioError, .full, .protocolError, .noMemory, .interrupt: .unavailable
        case .constraint:
            switch self {
            case .constraintCheck, .constraintNotNull: .invalid
            default: .conflict
            }
        case .tooBig, .mismatch, .range: .invalid
        default: .failure
        }
    }
}

extension StoreError {
    /// The store error for an SQLite failure; `sql` names the statement (never values: those are bound).
    init(sqlite code: SQLiteResultCode, message: String?, sql: String? = nil) {
        self.init(code.category, code: .sqlite(code), reason: sql.map { String($0.prefix(120)) } ?? "", backendMessage: message)
    }
}
