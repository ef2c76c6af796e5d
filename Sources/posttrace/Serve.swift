import Foundation
import PostTraceServer
import PostTraceStore

enum ServeCommand {
    static let command = Command(
        name: "serve",
        summary: "Run the HTTP server (API and web page)",
        help: ServeOptions.help,
        run: run)

    static func run(_ args: [String]) async throws -> Int32 {
        let a = try ServeOptions.table.parse(args)
        guard a.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(a.positionals[0])'") }
        var config = ServerConfiguration()
        config.host = a.value("host", env: "POSTTRACE_HOST") ?? config.host
        config.port = UInt16(try a.int("port", env: "POSTTRACE_PORT", default: 8080, in: 0...65535))
        config.threads = try a.int("threads", env: "POSTTRACE_THREADS", default: max(2, ProcessInfo.processInfo.activeProcessorCount), in: 1...256)
        config.lookupMaxAgeSeconds = try a.int("cache-max-age", env: "POSTTRACE_CACHE_MAX_AGE", default: 0, in: 0...86_400)
        if let size = a.value("answer-cache", env: "POSTTRACE_ANSWER_CACHE") {
            guard let bytes = ServerConfiguration.byteSize(size) else {
                throw UsageError(message: "--answer-cache must be a size such as 32M, 512K or 1G (at most 64G), or 0 or off, got '\(size)'")
            }
            config.answerCacheBytes = bytes
        }
        config.laneRefresh = .seconds(try a.int("lane-refresh", env: "POSTTRACE_LANE_REFRESH", default: 3600, in: 60...604_800))
        config.maxScansPerItem = try a.int("max-scans-per-item", env: "POSTTRACE_MAX_SCANS_PER_ITEM", default: ScanLimit.defaultPerItem,
                                           in: 1...1_000_000)
        config.maxConnectionsPerAddress = try a.int("max-connections-per-address", env: "POSTTRACE_MAX_CONNECTIONS_PER_ADDRESS",
                                                    default: config.maxConnectionsPerAddress, in: 0...65_536)
        config.requireKeyForRead = try flag(a, "require-key-for-read", env: "POSTTRACE_REQUIRE_KEY_FOR_READ")
        let demo = try flag(a, "demo", env: "POSTTRACE_DEMO")
        config.accessLog = try !a.has("no-access-log") && EnvironmentFlag.value("POSTTRACE_ACCESS_LOG") != false
        config.compression = try !a.has("no-compression") && EnvironmentFlag.value("POSTTRACE_COMPRESSION") != false
        let origins = a.values("cors-origin") + (a.values("cors-origin").isEmpty ? [ProcessInfo.processInfo.environment["POSTTRACE_CORS_ORIGIN"] ?? ""] : [])
        config.corsOrigins = origins.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        config.addressLimit = try limit(a, "rate-limit", env: "POSTTRACE_RATE_LIMIT") ?? config.addressLimit
        config.keyLimit = try limit(a, "key-rate-limit", env: "POSTTRACE_KEY_RATE_LIMIT") ?? config.keyLimit
        switch (a.value("tls-cert", env: "POSTTRACE_TLS_CERT"), a.value("tls-key", env: "POSTTRACE_TLS_KEY")) {
        case (nil, nil): break
        case (let cert?, let key?):
            guard let certText = try? String(contentsOfFile: cert, encoding: .utf8), let keyText = try? String(contentsOfFile: key, encoding: .utf8) else {
                printError("posttrace serve: cannot read the TLS certificate or key (\(cert), \(key))")
                return ExitCode.noInput
            }
            config.tls = TLSFiles(certificatePEM: certText, keyPEM: keyText)
        default: throw UsageError(message: "--tls-cert and --tls-key go together")
        }
        switch try metricsToken(a) {
        case .success(let token): config.metricsToken = token
        case .failure(let message):
            printError("posttrace serve: \(message)")
            return ExitCode.noInput
        }
        let location = a.value("db", env: "POSTTRACE_DB")
        let notificationSettings = try NotificationOptions.settings(a, store: location)
        let replicas = try ReplicaOptions(a)
        let sqliteCache = try StoreOptions.writerCache(a.value("sqlite-cache", env: "POSTTRACE_SQLITE_CACHE"))
        guard let store = try Storage.open(location, command: "serve", replicas: replicas, sqliteCache: sqliteCache) else {
            return ExitCode.ioError
        }
        // Subscriptions, the webhook delivery worker and /wechat (issue 8).
        // One lane table for the API, the page and WeChat; the session keeps it fresh.
        let lanes = LaneBook()
        let notifications = NotificationService(settings: notificationSettings, store: store, lanes: lanes)
        let pageExamples = PageExamples()
        defer { notifications.stop() }
        do {
            try await ServeSession.run(configuration: config, store: store, demo: demo,
                                       temporaryAdminKey: Storage.isMemory(location),
                                       extraRoutes: PageRoutes.routes(store: store, examples: pageExamples, lanes: lanes,
                                                                      publicURL: notificationSettings.publicBaseURL) + notifications.routes
                                           + ShareRoutes.routes(store: store, publicURL: notificationSettings.publicBaseURL),
                                       pageExamples: pageExamples, extraMetrics: { notifications.metricsText() }, lanes: lanes,
                                       listening: { notifications.start(listeningBase: $0) }, announce: { say($0) })
        } catch let error as ServerStartError {
            printError("posttrace serve: \(error)")
            return ExitCode.unavailable
        }
        return ExitCode.ok
    }

    /// The metrics token from `--metrics-token-file` (its text, trimmed) or `POSTTRACE_METRICS_TOKEN`; nil when
    /// neither is set. A file that cannot be read is a failure (exit 66), a blank or short token a usage error.
    private static func metricsToken(_ a: Arguments) throws -> Result<String?, MessageError> {
        var token = ProcessInfo.processInfo.environment["POSTTRACE_METRICS_TOKEN"]
        if let path = a.value("metrics-token-file", env: "POSTTRACE_METRICS_TOKEN_FILE") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                return .failure(MessageError(message: "cannot read the metrics token file (\(path))"))
            }
            token = text
        }
        guard let token = token?.trimmingCharacters(in: .whitespacesAndNewlines) else { return .success(nil) }
        guard token.utf8.count >= 16, token.utf8.count <= 200, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw UsageError(message: "the metrics token must be 16 to 200 visible ASCII characters, e.g. from: openssl rand -hex 32")
        }
        return .success(token)
    }

    private static func flag(_ a: Arguments, _ name: String, env: String) throws -> Bool {
        try a.has(name) || EnvironmentFlag.value(env) == true
    }

    private static func limit(_ a: Arguments, _ name: String, env: String) throws -> RateLimit? {
        guard let text = a.value(name, env: env) else { return nil }
        guard let limit = RateLimit(text: text) else {
            throw UsageError(message: "--\(name) must be RATE or RATE:BURST in requests per second, or 0 for none; got '\(text)'")
        }
        return limit
    }

    /// Prints a line on stdout at once (stdout is a pipe under tests and supervisors).
    static func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
}

/// Opens the store `serve` and `keys` name: `memory`, or any `StoreLocation` (SQLite file, PostgreSQL URL).
enum Storage {
    static func isMemory(_ location: String?) -> Bool { location == "memory" }

    /// The store, or nil after printing why it cannot be opened (exit 74); a malformed location, or read
    /// replicas for a store other than PostgreSQL, is a usage error.
    static func open(_ location: String?, command: String, replicas: ReplicaOptions = ReplicaOptions(),
                     sqliteCache: Int? = nil) throws -> (any TrackingStore & APIKeyStore)? {
        let resolved: StoreLocation?
        do {
            resolved = isMemory(location) ? nil : try StoreLocation.resolve(option: location, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw UsageError(message: error.description)
        }
        if !replicas.urls.isEmpty {
            guard case .postgres = resolved else {
                throw UsageError(message: "--db-read needs a PostgreSQL --db (postgres://…): an SQLite or memory store has no replicas")
            }
        }
        guard let resolved else { return InMemoryStore() }
        guard !replicas.urls.isEmpty else { return try StoreOptions.open(resolved, command: command, sqliteCache: sqliteCache) }
        do {
            return try resolved.open(readURLs: replicas.urls, maxReplicaLag: replicas.maxLag) { replica in
                // The operator's view of where lookups read; /metrics has the same as gauges.
                JournalLog.write("posttrace \(command): read replica \(replica.url) "
                                 + (replica.usable ? "in use" : "set aside: \(replica.reason ?? "unusable")") + "\n",
                                 replica.usable ? .info : .warning)
            }
        } catch {
            printError("posttrace \(command): cannot open the store \(resolved): \(StoreOptions.explain(error, at: resolved))")
            return nil
        }
    }
}

/// A failure to report in one line.
struct MessageError: Error { let message: String }
