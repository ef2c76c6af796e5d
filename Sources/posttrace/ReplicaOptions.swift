import Foundation
import PostTraceStore

/// `serve --db-read URL…` and `--replica-max-lag SECONDS`: where lookups may read, and how stale they may be.
struct ReplicaOptions {
    /// The read replicas' URLs, as given.
    var urls: [String] = []
    /// Seconds of replay lag above which a replica is not read.
    var maxLag = PostgresStore.defaultMaxReplicaLag

    static let readEnvironment = "POSTTRACE_DATABASE_READ_URL"
    static let lagEnvironment = "POSTTRACE_REPLICA_MAX_LAG"
    static let lagRange = 0.1...3600.0

    init() {}

    /// Reads the options (else the environment); a value that is not a PostgreSQL URL or a lag out of range is
    /// a usage error that names the value without its password.
    init(_ a: Arguments) throws {
        let given = a.values("db-read")
        let environment = ProcessInfo.processInfo.environment[Self.readEnvironment] ?? ""
        urls = given.isEmpty ? environment.split(whereSeparator: \.isWhitespace).map(String.init) : given
        for url in urls {
            guard case .postgres? = try? StoreLocation(url) else {
                throw UsageError(message: "--db-read must be a postgres:// or postgresql:// URL, got '\(PostgresURL.redacted(url))'")
            }
        }
        if let text = a.value("replica-max-lag", env: Self.lagEnvironment) {
            guard let seconds = Double(text), seconds.isFinite, Self.lagRange.contains(seconds) else {
                throw UsageError(message: "--replica-max-lag must be a number of seconds from 0.1 to 3600, got '\(text)'")
            }
            maxLag = seconds
        }
    }
}
