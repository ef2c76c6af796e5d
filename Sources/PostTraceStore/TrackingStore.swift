import PostTraceCore
import S10

/// What one insert of a batch did: every event offered is accepted, a duplicate, or past its item's scan bound.
public struct InsertResult: Sendable, Hashable, Codable {
    /// Events stored for the first time.
    public var accepted: Int
    /// Events already present (same number, code, office and minute); richer fields were merged in.
    public var duplicates: Int
    /// Indices in the offered batch of events not stored because their item holds the most scans allowed
    /// (`ScanLimit`), ascending.
    public var overLimit: [Int]
    public init(accepted: Int = 0, duplicates: Int = 0, overLimit: [Int] = []) {
        self.accepted = accepted; self.duplicates = duplicates; self.overLimit = overLimit
    }
}

extension TrackingStore {
    /// Stores a batch with the default bound of scans per item (`ScanLimit.defaultPerItem`).
    public func insert(_ events: [TrackingEvent]) async throws -> InsertResult {
        try await insert(events, maxScansPerItem: ScanLimit.defaultPerItem)
    }
}

/// The one storage interface of PostTrace. SQLite and PostgreSQL implement it and pass the same
/// contract test suite. Every method is safe to call from any task.
///
/// The methods are `async`, and the implementations block their calling thread in SQLite or libpq for the
/// length of a statement (an `await` here is a call that may block, not one that suspends). Callers decide
/// which threads may block: the server runs every store call on threads of its own (handler threads and
/// background threads), the CLI on its main task, tests off the cooperative pool. The API stays `async` so that
/// a store may suspend instead (a libpq connection driven by its socket's readiness) without changing a caller.
public protocol TrackingStore: Sendable {
    /// Stores a batch idempotently and durably: when this returns, the events survive a crash. An item keeps
    /// at most `maxScansPerItem` distinct scans; events past that are reported in `overLimit`, not stored.
    func insert(_ events: [TrackingEvent], maxScansPerItem: Int) async throws -> InsertResult
    /// The stored events of one item, oldest first (empty when none).
    func events(for number: S10Number) async throws -> [TrackingEvent]
    /// The stored events of many items in one round trip.
    func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]]
    /// Which of these numbers have at least one event (to rank suggestions).
    func existing(_ numbers: [S10Number]) async throws -> Set<S10Number>
    /// `events(for:)`, answered by a read replica when `consistency` allows and one is usable.
    func events(for numbers: [S10Number], consistency: ReadConsistency) async throws -> [S10Number: [TrackingEvent]]
    /// `existing(_:)`, answered by a read replica when `consistency` allows and one is usable.
    func existing(_ numbers: [S10Number], consistency: ReadConsistency) async throws -> Set<S10Number>
    /// The read replicas and what was last measured of each (empty for a store without replicas).
    func replicaStatus() -> [ReplicaStatus]
    /// Counts for metrics and readiness.
    func counts() async throws -> (items: Int, events: Int)
    /// Checks that the store answers (for `/readyz`).
    func ping() async throws
    /// Flushes and closes; later calls fail.
    func close() async
    /// Items whose newest event is older than `cutoff` (seconds since 1970, UTC) and whose newest
    /// code is not one of `finalCodes` (e.g. final delivery), oldest first, at most `limit`.
    func staleItems(lastEventBefore cutoff: Int64, excluding finalCodes: Set<EventCode>, limit: Int) async throws -> [S10Number]
    /// Deletes every item whose newest event is older than `cutoff` (seconds since 1970, UTC), with its events,
    /// in batches so that ingestion and lookups go on meanwhile; with `dryRun`, only counts them. Items with
    /// any newer event are kept whole; subscriptions keep their numbers.
    func prune(lastEventBefore cutoff: Int64, dryRun: Bool) async throws -> (items: Int, events: Int)
    /// One page of a full export: the events of at most `limit` items whose numbers come after `number` in
    /// storage order (from the first item when nil), grouped by item, oldest first within each. The next page
    /// starts after the last event's number; an empty page is the end. Each page is read on its own, so an
    /// export taken while ingestion goes on may or may not include events stored meanwhile.
    func events(ofItemsAfter number: S10Number?, limit: Int) async throws -> [TrackingEvent]
    /// The prepared lane table last saved, as the JSON text it was saved as, with when it was built
    /// (seconds since 1970, UTC); nil when none was saved yet.
    func savedLaneTable() async throws -> SavedLaneTable?
    /// Replaces the saved lane table (durably, in one step: a reader sees the old or the new one whole).
    func saveLaneTable(_ table: SavedLaneTable) async throws
    /// A cheap reading, made synchronously on the calling thread, that moves whenever stored events may have
    /// changed; nil when the store cannot tell (the default), and then callers must read the events.
    ///
    /// The invariant callers rely on: when two calls on the same store object return the same non-nil value, no
    /// change to any item's events was committed in between, by this process or any other (an insert, a merge, a
    /// prune); and a read begun after a call sees at least what was committed before that call. So an answer
    /// rendered from events read after a stamp was taken stays exact for as long as later calls return that
    /// stamp. Values mean nothing across store objects. Stores whose reads a replica may answer return nil: a
    /// replica's view moves on its own.
    func changeStamp() -> UInt64?
}

/// A prepared lane table as the store keeps it: opaque JSON text and when it was built.
public struct SavedLaneTable: Sendable, Hashable {
    /// When the table was built (seconds since 1970, UTC).
    public var builtAt: Int64
    /// The table's JSON (`LaneTable`'s Codable form).
    public var json: String
    public init(builtAt: Int64, json: String) { self.builtAt = builtAt; self.json = json }
}

extension TrackingStore {
    /// Default: no stamp, so callers read the events every time.
    public func changeStamp() -> UInt64? { nil }

    /// Default for stores written before stale listing existed: says so instead of answering wrongly.
    public func staleItems(lastEventBefore cutoff: Int64, excluding finalCodes: Set<EventCode>, limit: Int) async throws -> [S10Number] {
        throw StoreError.unsupported("staleItems")
    }

    /// Default for stores written before pruning existed: says so instead of deleting nothing silently.
    public func prune(lastEventBefore cutoff: Int64, dryRun: Bool) async throws -> (items: Int, events: Int) {
        throw StoreError.unsupported("prune")
    }

    /// Default for stores written before lane tables existed: says so instead of answering "none".
    public func savedLaneTable() async throws -> SavedLaneTable? { throw StoreError.unsupported("lane tables") }

    /// Default for stores written before lane tables existed: says so instead of dropping the table.
    public func saveLaneTable(_ table: SavedLaneTable) async throws { throw StoreError.unsupported("lane tables") }

    /// Default for stores written before exports existed: says so instead of exporting nothing.
    public func events(ofItemsAfter number: S10Number?, limit: Int) async throws -> [TrackingEvent] {
        throw StoreError.unsupported("export")
    }
}

extension TrackingStore {
    /// Every stored event, a page of at most `items` items at a time (`events(ofItemsAfter:limit:)`), in
    /// storage order; `body` gets each page and the number of items in it.
    public func forEachPage(items: Int, _ body: ([TrackingEvent], _ itemCount: Int) async throws -> Void) async throws {
        var after: S10Number?
        while true {
            let page = try await events(ofItemsAfter: after, limit: items)
            guard let last = page.last else { return }
            // A page holds each item's events together, so items are the changes of number.
            let itemCount = page.indices.count { $0 == 0 || page[$0 - 1].number != page[$0].number }
            try await body(page, itemCount)
            after = last.number
        }
    }

    /// The numbers one slip away from `number` that the check digit cannot catch (`S10.neighbours(of:)`) and
    /// that have events here, best first: for a valid number without a record, often the one meant.
    public func knownNeighbours(of number: S10Number) async throws -> [S10Number] {
        try await knownNeighbours(of: [number])[number] ?? []
    }

    /// `knownNeighbours(of:)` for several numbers in one store call; empty input asks nothing.
    public func knownNeighbours(of numbers: [S10Number]) async throws -> [S10Number: [S10Number]] {
        try await knownNeighbours(of: numbers, consistency: .primary)
    }
}

/// A store usable by the server and the CLI: events and API keys.
public typealias PostTraceStorage = TrackingStore & APIKeyStore

/// An API key as stored: only the SHA-256 hash of the secret is kept.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// What a key may do. `admin` implies the others; `ingest` and `subscribe` each imply `read`, not each other.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable { case read, ingest, subscribe, admin }
    /// A short public identifier, e.g. `k_3f9a2c`, safe to show and log.
    public var id: String
    public var name: String
    public var scope: Scope
    /// Lower-case hex SHA-256 of the secret.
    public var secretHash: String
    /// Seconds since 1970 (UTC).
    public var createdAt: Int64
    /// Seconds since 1970 (UTC) when revoked; nil while active.
    public var revokedAt: Int64?
    /// When the key last authenticated a request, to the minute (seconds since 1970, UTC); nil when never.
    public var lastUsedAt: Int64?
    public init(id: String, name: String, scope: Scope, secretHash: String, createdAt: Int64, revokedAt: Int64? = nil,
                lastUsedAt: Int64? = nil) {
        self.id = id; self.name = name; self.scope = scope; self.secretHash = secretHash
        self.createdAt = createdAt; self.revokedAt = revokedAt; self.lastUsedAt = lastUsedAt
    }
}

/// Persistence of API keys; the server hashes and compares, the store only keeps records.
public protocol APIKeyStore: Sendable {
    /// Stores a new key record; throws when the id exists.
    func createKey(_ record: APIKeyRecord) async throws
    /// Every key, newest first, revoked ones included.
    func keys() async throws -> [APIKeyRecord]
    /// Marks a key revoked; false when no such active key.
    func revokeKey(id: String, at time: Int64) async throws -> Bool
    /// The key with this secret hash, revoked or not.
    func key(secretHash: String) async throws -> APIKeyRecord?
    /// Records that the key was used at `time` (later times only).
    func touchKey(id: String, at time: Int64) async throws
}
