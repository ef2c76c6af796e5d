/// Why a store operation failed, in categories a caller can act on whatever the backend.
///
/// Backends translate their own codes (SQLite result codes, PostgreSQL SQLSTATEs) into a category where
/// the C library answers, so nothing above the store reads a raw code. `description` names the category
/// and the backend's code, never stored values; the backend's own message, which may quote values, is
/// in `backendMessage` for a caller that chooses to show it.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// This store was closed: the process is shutting down.
        case closed
        /// The backend is not serving: unreachable, connection lost, shutting down or starting, a read-only
        /// standby, out of disk, an I/O error. Later the same request may succeed.
        case unavailable
        /// The backend serves but the operation lost a race for a lock or a resource (a lock held too long,
        /// a serialization failure, a deadlock, all connections taken). Soon the same request may succeed.
        case busy
        /// The write conflicts with what is stored (a unique key exists).
        case conflict
        /// The backend refused the values themselves (a check, encoding, length or range violation).
        case invalid
        /// This backend does not implement the operation.
        case unsupported
        /// Anything else: a bug or damaged data.
        case failure

        /// Whether repeating the same operation unchanged may succeed.
        public var isTransient: Bool { self == .unavailable || self == .busy }
    }

    /// The backend's code, named.
    public enum Code: Sendable, Hashable, CustomStringConvertible {
        case sqlite(SQLiteResultCode)
        case postgres(SQLState)
        public var description: String {
            switch self {
            case .sqlite(let code): "\(code)"
            case .postgres(let state): "\(state)"
            }
        }
    }

    public let category: Category
    /// The backend's code when the backend failed; nil for the store's own errors.
    public let code: Code?
    /// What failed, without stored values (an id the caller chose may appear).
    public let reason: String
    /// The backend's message; may quote values, so it is not part of `description`.
    public let backendMessage: String?

    public init(_ category: Category, code: Code? = nil, reason: String, backendMessage: String? = nil) {
        self.category = category; self.code = code; self.reason = reason; self.backendMessage = backendMessage
    }

    public var description: String {
        "store \(category.rawValue): " + (code.map { "\($0)" + (reason.isEmpty ? "" : " (\(reason))") } ?? reason)
    }

    /// The store was closed.
    public static let closed = StoreError(.closed, reason: "the store is closed")
    /// A row with this identity exists.
    public static func conflict(_ reason: String) -> StoreError { StoreError(.conflict, reason: reason) }
    /// The backend does not implement `operation`.
    public static func unsupported(_ operation: String) -> StoreError { StoreError(.unsupported, reason: operation) }
}
