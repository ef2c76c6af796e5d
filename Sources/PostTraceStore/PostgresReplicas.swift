import Foundation
import Synchronization

/// The read replicas of a `PostgresStore`: a connection pool each, and a monitor thread that measures each
/// one's replay lag about once a second and decides whether reads may go there.
///
/// A replica is usable when it answered the last measurement and is at most `maxLag` seconds behind. Reads
/// take usable replicas in turn; a replica whose connection fails under a read is set aside until the monitor
/// reaches it again.
final class PostgresReplicas: Sendable {
    /// One replica: where it is, its pool, and what was last measured.
    final class Replica: Sendable {
        let label: String
        let pool: ConnectionPool<PostgresConnection>
        let status: Mutex<ReplicaStatus>

        init(url: String, label: String, searchPath: String?, poolSize: Int) {
            self.label = label
            pool = ConnectionPool(limit: poolSize,
                                  connect: { try PostgresConnection(url: url, searchPath: searchPath, applicationName: PostgresReplicas.applicationName) },
                                  release: { $0.isHealthy }, validate: { $0.isAlive })
            status = Mutex(ReplicaStatus(url: label, lagSeconds: nil, usable: false, reason: PostgresReplicas.unmeasured))
        }
    }

    /// `application_name` of read connections, so an operator sees in `pg_stat_activity` which sessions read.
    static let applicationName = "posttrace-read"
    /// The reason of a replica before its first measurement.
    static let unmeasured = "not measured yet"
    /// How often each replica is measured.
    static let interval: Duration = .seconds(1)

    let replicas: [Replica]
    let maxLag: Double
    /// Told when a replica becomes usable or is set aside (and, at start, of each one not usable).
    private let changed: @Sendable (ReplicaStatus) -> Void
    private let turn = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    /// Measures every replica once (so the first reads know where to go), then keeps measuring on a thread.
    init(urls: [String], searchPath: String?, poolSize: Int, maxLag: Double, changed: @escaping @Sendable (ReplicaStatus) -> Void) {
        self.maxLag = maxLag
        self.changed = changed
        replicas = urls.map { Replica(url: $0, label: PostgresURL.redacted($0), searchPath: searchPath, poolSize: poolSize) }
        let monitor = ReplicaMonitor(urls: urls, searchPath: searchPath)
        measure(monitor)
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                // Short naps so `stop()` ends the thread promptly.
                for _ in 0..<10 where !stopped.load(ordering: .relaxed) { Thread.sleep(forTimeInterval: 0.1) }
                if !stopped.load(ordering: .relaxed) { measure(monitor) }
            }
        }
        thread.name = "posttrace-replica-monitor"
        thread.start()
    }

    /// Ends the monitor and closes idle connections.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        for replica in replicas { replica.pool.drain() }
    }

    /// A usable replica not in `excluded`, taking them in turn; nil when there is none.
    func pick(excluding excluded: Set<String>) -> Replica? {
        let start = turn.wrappingAdd(1, ordering: .relaxed).oldValue
        for offset in 0..<replicas.count {
            let replica = replicas[Int(UInt(bitPattern: start &+ offset) % UInt(replicas.count))]
            if !excluded.contains(replica.label), replica.status.withLock({ $0.usable }) { return replica }
        }
        return nil
    }

    /// Sets a replica aside after its connection failed under a read, until the next measurement.
    func setAside(_ replica: Replica, because error: StoreError) {
        let now = replica.status.withLock { status -> ReplicaStatus? in
            let wasUsable = status.usable
            status.usable = false; status.reason = "a read failed: \(error)"
            return wasUsable ? status : nil
        }
        if let now { changed(now) }
    }

    var statuses: [ReplicaStatus] { replicas.map { $0.status.withLock { $0 } } }

    private func measure(_ monitor: ReplicaMonitor) {
        for (index, replica) in replicas.enumerated() {
            let measured = monitor.measure(index)
            let transition = replica.status.withLock { status -> ReplicaStatus? in
                let before = status.usable, first = status.reason == Self.unmeasured
                switch measured {
                case .success(let reading):
                    status.lagSeconds = reading.lag
                    if let lag = reading.lag {
                        status.usable = lag <= maxLag
                        status.reason = status.usable ? reading.note
                            : "replay lag \(String(format: "%.1f", lag)) s is above the bound of \(maxLag) s"
                    } else {
                        status.usable = false
                        status.reason = "replay lag unknown"
                    }
                case .failure(let error):
                    status.lagSeconds = nil
                    status.usable = false
                    status.reason = "unreachable: \(error)"
                }
                return status.usable != before || (first && !status.usable) ? status : nil
            }
            if let transition { changed(transition) }
        }
    }
}

/// The monitor's own connections, one per replica, used only by the monitor (at start, then on its thread).
private final class ReplicaMonitor: @unchecked Sendable {
    // @unchecked: `connections` is touched by the initializer's first measurement and then only by the monitor thread.
    struct Reading { var lag: Double?; var note: String? }
    private let urls: [String]
    private let searchPath: String?
    private var connections: [PostgresConnection?]

    init(urls: [String], searchPath: String?) {
        self.urls = urls; self.searchPath = searchPath
        connections = Array(repeating: nil, count: urls.count)
    }

    /// Replay lag in seconds: 0 when the replica has replayed everything it received (an idle primary sends
    /// nothing, and the replay timestamp alone would grow without bound), else the age of the last transaction
    /// replayed. A server not in recovery (a multi-host URL that reached the primary) has no lag.
    static let lagSQL = """
        SELECT pg_is_in_recovery(),
               CASE WHEN NOT pg_is_in_recovery() THEN 0
                    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp())) END,
               EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
        """

    func measure(_ index: Int) -> Result<Reading, StoreError> {
        do {
            let connection = try connections[index] ?? PostgresConnection(url: urls[index], searchPath: searchPath,
                                                                           applicationName: "posttrace-replica-monitor")
            connections[index] = connection
            let r = try connection.run("replica_lag", Self.lagSQL, [])
            let inRecovery = r.text(0, 0) == "t"
            let streaming = r.text(0, 2) == "t"
            let note: String? = !inRecovery ? "not a standby: answers as a primary"
                : streaming ? nil : "not streaming from its upstream now (what it has is shown)"
            return .success(Reading(lag: r.text(0, 1).flatMap(Double.init), note: note))
        } catch let error as StoreError {
            connections[index] = nil
            return .failure(error)
        } catch {
            connections[index] = nil
            return .failure(StoreError(.failure, reason: "\(type(of: error))"))
        }
    }
}
