import PostTraceCore
import S10

/// What one insert of a batch did: every event offered is either accepted or a duplicate.
public struct InsertResult: Sendable, Hashable, Codable {
    /// Events stored for the first time.
    public var accepted: Int
    /// Events already present (same number, code, office and minute); richer fields were merged in.
    public var duplicates: Int
    public init(accepted: Int = 0, duplicates: Int = 0) { self.accepted = accepted; self.duplicates = duplicates }
}

/// The one storage interface of PostTrace. SQLite and PostgreSQL implement it and pass the same
/// contract test suite. Every method is safe to call from any task.
public protocol TrackingStore: Sendable {
    /// Stores a batch idempotently and durably: when this returns, the events survive a crash.
    func insert(_ events: [TrackingEvent]) async throws -> InsertResult
    /// The stored events of one item, oldest first (empty when none).
    func events(for number: S10Number) async throws -> [TrackingEvent]
    /// The stored events of many items in one round trip.
    func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]]
    /// Which of these numbers have at least one event (to rank suggestions).
    func existing(_ numbers: [S10Number]) async throws -> Set<S10Number>
    /// Counts for metrics and readiness.
    func counts() async throws -> (items: Int, events: Int)
    /// Checks that the store answers (for `/readyz`).
    func ping() async throws
    /// Flushes and closes; later calls fail.
    func close() async
}
