import PostTraceCore
import S10

/// How fresh a read must be: whether it may be answered by a read replica.
///
/// A replica is at most its lag bound behind the primary (see `PostgresStore(url:readURLs:maxReplicaLag:)`), so a
/// read it answers may miss the newest writes. Lookups people make accept that; anything that reads what it has
/// just written, or decides a write from what it reads, asks the primary.
public enum ReadConsistency: Sendable, Hashable {
    /// A replica within the lag bound may answer; the primary when none is usable.
    case replicaAllowed
    /// Only the primary answers.
    case primary
}

/// What the store knows of one read replica, measured about once a second.
public struct ReplicaStatus: Sendable, Hashable {
    /// The replica's URL without its password, for metrics labels and logs.
    public var url: String
    /// How far its replay is behind the primary, in seconds (0 when it has replayed all it received);
    /// nil when it could not be measured.
    public var lagSeconds: Double?
    /// Whether reads go there now: reachable and within the lag bound.
    public var usable: Bool
    /// Why it is not usable (or what is odd about it), for people; nil when all is well.
    public var reason: String?
    public init(url: String, lagSeconds: Double?, usable: Bool, reason: String?) {
        self.url = url; self.lagSeconds = lagSeconds; self.usable = usable; self.reason = reason
    }
}

extension TrackingStore {
    /// Stores without replicas read everything from their one database.
    public func events(for numbers: [S10Number], consistency: ReadConsistency) async throws -> [S10Number: [TrackingEvent]] {
        try await events(for: numbers)
    }

    /// Stores without replicas read everything from their one database.
    public func existing(_ numbers: [S10Number], consistency: ReadConsistency) async throws -> Set<S10Number> {
        try await existing(numbers)
    }

    /// Stores without replicas have none to report.
    public func replicaStatus() -> [ReplicaStatus] { [] }

    /// One item's events with the given consistency.
    public func events(for number: S10Number, consistency: ReadConsistency) async throws -> [TrackingEvent] {
        try await events(for: [number], consistency: consistency)[number] ?? []
    }

    /// `knownNeighbours(of:)` with the given consistency.
    public func knownNeighbours(of numbers: [S10Number], consistency: ReadConsistency) async throws -> [S10Number: [S10Number]] {
        guard !numbers.isEmpty else { return [:] }
        let neighbours = Dictionary(numbers.map { ($0, S10.neighbours(of: $0)) }, uniquingKeysWith: { first, _ in first })
        let known = try await existing(Array(Set(neighbours.values.joined())), consistency: consistency)
        return neighbours.mapValues { $0.filter(known.contains) }
    }

    /// `knownNeighbours(of:)` of one number with the given consistency.
    public func knownNeighbours(of number: S10Number, consistency: ReadConsistency) async throws -> [S10Number] {
        try await knownNeighbours(of: [number], consistency: consistency)[number] ?? []
    }
}
