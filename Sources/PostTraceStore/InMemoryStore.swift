import PostTraceCore
import S10
import Synchronization

/// A store kept in memory: the reference implementation of the contract, for tests and tools.
/// Nothing survives the process.
public actor InMemoryStore: TrackingStore, APIKeyStore {
    private var byNumber: [S10Number: [TrackingEvent]] = [:]
    private var eventCount = 0
    private var apiKeys: [APIKeyRecord] = []
    private var closed = false
    private var laneTable: SavedLaneTable?
    private var shares: [String: ParcelShare] = [:]
    /// The change stamp: moved after every change to stored events, so a reader that saw the old value and
    /// then read events saw the change or sees the stamp move; 0 once closed.
    private nonisolated let version = Atomic<UInt64>(1)

    public init() {}

    /// Moves the change stamp; called after each change to `byNumber` is made.
    private func changed() { version.add(1, ordering: .releasing) }

    public nonisolated func changeStamp() -> UInt64? {
        let value = version.load(ordering: .acquiring)
        return value == 0 ? nil : value
    }

    public func insert(_ events: [TrackingEvent], maxScansPerItem: Int) throws -> InsertResult {
        try checkOpen()
        let byKey = Dictionary(byNumber.map { ($0.key.storageKey, $0.value) }, uniquingKeysWith: { a, _ in a })
        let (admitted, overLimit) = ScanLimit.admit(events, limit: maxScansPerItem,
                                                    storedCounts: { keys in keys.reduce(into: [:]) { $0[$1] = byKey[$1]?.count } },
                                                    storedScans: { Set((byKey[$0] ?? []).map(ScanKey.init)) })
        var result = InsertResult(overLimit: overLimit)
        for event in admitted {
            var list = byNumber[event.number, default: []]
            if let i = list.firstIndex(where: { $0.isSameScan(as: event) }) {
                list[i] = list[i].mergingRicherFields(of: event)
                result.duplicates += 1
            } else {
                list.append(event)
                result.accepted += 1
                eventCount += 1
            }
            byNumber[event.number] = list
        }
        if !admitted.isEmpty { changed() }
        return result
    }

    public func events(for number: S10Number) throws -> [TrackingEvent] {
        try checkOpen()
        return (byNumber[number] ?? []).sorted { $0.time < $1.time }
    }

    public func events(for numbers: [S10Number]) throws -> [S10Number: [TrackingEvent]] {
        try checkOpen()
        var out: [S10Number: [TrackingEvent]] = [:]
        for n in numbers { out[n] = (byNumber[n] ?? []).sorted { $0.time < $1.time } }
        return out
    }

    public func savedLaneTable() throws -> SavedLaneTable? {
        try checkOpen()
        return laneTable
    }

    public func saveLaneTable(_ table: SavedLaneTable) throws {
        try checkOpen()
        laneTable = table
    }

    public func existing(_ numbers: [S10Number]) throws -> Set<S10Number> {
        try checkOpen()
        return Set(numbers.filter { byNumber[$0] != nil })
    }

    public func counts() throws -> (items: Int, events: Int) {
        try checkOpen()
        return (byNumber.count, eventCount)
    }

    public func staleItems(lastEventBefore cutoff: Int64, excluding finalCodes: Set<EventCode>, limit: Int) throws -> [S10Number] {
        try checkOpen()
        let newest = byNumber.compactMap { number, events in
            events.max { $0.time.epochSeconds < $1.time.epochSeconds }.map { (number, $0) }
        }
        return newest.filter { $0.1.time.epochSeconds < cutoff && !finalCodes.contains($0.1.code) }
            .sorted { ($0.1.time.epochSeconds, $0.0.storageKey) < ($1.1.time.epochSeconds, $1.0.storageKey) }
            .prefix(max(0, limit)).map(\.0)
    }

    public func prune(lastEventBefore cutoff: Int64, dryRun: Bool) throws -> (items: Int, events: Int) {
        try checkOpen()
        let old = byNumber.filter { _, events in events.allSatisfy { $0.time.epochSeconds < cutoff } }
        let events = old.values.reduce(0) { $0 + $1.count }
        if !dryRun {
            for number in old.keys { byNumber[number] = nil }
            eventCount -= events
            if !old.isEmpty { changed() }
        }
        return (old.count, events)
    }

    public func events(ofItemsAfter number: S10Number?, limit: Int) throws -> [TrackingEvent] {
        try checkOpen()
        let after = number?.storageKey ?? Int64.min
        return byNumber.keys.filter { $0.storageKey > after }.sorted { $0.storageKey < $1.storageKey }.prefix(max(0, limit))
            .flatMap { (byNumber[$0] ?? []).sorted { $0.time < $1.time } }
    }

    public func ping() throws { try checkOpen() }
    public func close() {
        closed = true
        version.store(0, ordering: .releasing)
    }

    public func createKey(_ record: APIKeyRecord) throws {
        try checkOpen()
        guard !apiKeys.contains(where: { $0.id == record.id }) else { throw StoreError.conflict("key \(record.id) exists") }
        apiKeys.append(record)
    }
    public func keys() throws -> [APIKeyRecord] { try checkOpen(); return apiKeys.sorted { $0.createdAt > $1.createdAt } }
    public func revokeKey(id: String, at time: Int64) throws -> Bool {
        try checkOpen()
        guard let i = apiKeys.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
        apiKeys[i].revokedAt = time
        return true
    }
    public func key(secretHash: String) throws -> APIKeyRecord? {
        try checkOpen()
        return apiKeys.first { $0.secretHash == secretHash }
    }
    public func touchKey(id: String, at time: Int64) throws {
        try checkOpen()
        if let i = apiKeys.firstIndex(where: { $0.id == id }), (apiKeys[i].lastUsedAt ?? .min) < time { apiKeys[i].lastUsedAt = time }
    }

    private func checkOpen() throws { if closed { throw StoreError.closed } }
}

extension InMemoryStore: ShareStore {
    public func createShare(_ share: ParcelShare) throws {
        try checkOpen()
        guard shares[share.tokenHash] == nil else { throw StoreError.conflict("share exists") }
        shares[share.tokenHash] = share
    }

    public func share(tokenHash: String) throws -> ParcelShare? {
        try checkOpen()
        return shares[tokenHash]
    }

    public func shares(after cursor: String?, limit: Int) throws -> [ParcelShare] {
        try checkOpen()
        // Bytewise order, as SQLite's BINARY collation and PostgreSQL's "C" give it.
        let sorted = shares.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let after = cursor.map { c in sorted.filter { Array(c.utf8).lexicographicallyPrecedes(Array($0.utf8)) } } ?? sorted
        return after.prefix(max(0, limit)).compactMap { shares[$0] }
    }

    public func revokeShare(tokenHash: String, at time: Int64) throws -> Bool {
        try checkOpen()
        guard var share = shares[tokenHash], share.revokedAt == nil else { return false }
        share.revokedAt = time
        share.numbers = []
        shares[tokenHash] = share
        return true
    }
}
