import Foundation
import PostTraceServer
import PostTraceStore

enum ServeCommand {
    static let command = Command(
        name: "serve",
        summary: "Run the HTTP server (API and web page)",
        help: """
            Usage: posttrace serve [--db PATH|postgres://…] [--host 127.0.0.1] [--port 8080] [--demo]
                                   [--tls-cert FILE --tls-key FILE] [--require-key-for-read]
                                   [--cors-origin ORIGIN]… [--rate-limit RATE[:BURST]] [--key-rate-limit RATE[:BURST]]
                                   [--threads N] [--cache-max-age SECONDS] [--answer-cache SIZE] [--no-compression] [--no-access-log]
                                   [--max-scans-per-item N] [--db-read postgres://…]… [--replica-max-lag SECONDS]
                                   [--metrics-token-file FILE] [--max-connections-per-address N] [--sqlite-cache SIZE]

            Serves the JSON API (see /openapi.json), /healthz, /readyz and /metrics until SIGINT or SIGTERM,
            then finishes requests in flight and closes the store.

              --db               posttrace.db (an SQLite file, the default), postgres://user@host/db, or memory
                                 (nothing kept; a temporary admin key is printed) (env POSTTRACE_DB, POSTTRACE_DATABASE_URL)
              --db-read          a PostgreSQL read replica for lookups, batches, pages, feeds and WeChat (repeat for
                                 several, or one libpq multi-host URL with target_session_attrs=prefer-standby);
                                 ingestion, keys and subscriptions stay on --db (env POSTTRACE_DATABASE_READ_URL,
                                 space-separated)
              --replica-max-lag  seconds of replay lag above which a replica is not read, 0.1 to 3600, default 10
                                 (env POSTTRACE_REPLICA_MAX_LAG)
              --host, --port     where to listen (env POSTTRACE_HOST, POSTTRACE_PORT); port 0 picks a free one
              --demo             fill an empty store with 10,000 simulated items (env POSTTRACE_DEMO=1)
              --tls-cert/-key    PEM files for HTTPS (env POSTTRACE_TLS_CERT, POSTTRACE_TLS_KEY)
              --require-key-for-read  every route showing tracking data (API, batch, pages, feeds) needs a key
                                 with the read scope; browsers enter it once at /key (env POSTTRACE_REQUIRE_KEY_FOR_READ=1)
              --cors-origin      allow this origin (repeat, or comma-separate; * for any) (env POSTTRACE_CORS_ORIGIN)
              --rate-limit       requests/s per client address, default 50:100, 0 = off (env POSTTRACE_RATE_LIMIT)
              --key-rate-limit   requests/s per API key, default 500:1000, 0 = off (env POSTTRACE_KEY_RATE_LIMIT)
              --threads          worker threads (env POSTTRACE_THREADS)
              --max-connections-per-address  connections one client address may hold, default 64, 0 = no limit
                                 (behind a reverse proxy all clients share its address) (env POSTTRACE_MAX_CONNECTIONS_PER_ADDRESS)
              --lane-refresh     seconds between rebuilds of the lane statistics behind delivery estimates,
                                 60 to 604800, default 3600 (env POSTTRACE_LANE_REFRESH)
              --max-scans-per-item  an item keeps at most N distinct scans, default 1000; ingestion rejects
                                 more with item_scan_limit (env POSTTRACE_MAX_SCANS_PER_ITEM)
              --cache-max-age    seconds caches may keep a lookup's answer, default 0: revalidate each time,
                                 answered with 304 while nothing changed (env POSTTRACE_CACHE_MAX_AGE)
              --answer-cache     memory for rendered timelines (plain and gzipped) reused while an item's stored
                                 events are unchanged, e.g. 64M or 1G (powers of 1024), default 32M, 0 or off to turn it
                                 off (env POSTTRACE_ANSWER_CACHE)
              --sqlite-cache     page cache of an SQLite store's writer connection, which fills as ingestion touches
                                 pages and then holds its size, at least 1M, default 16M (env POSTTRACE_SQLITE_CACHE,
                                 which every command opening an SQLite store reads)
              --no-compression   never gzip answers; by default text answers of 1 KiB or more are gzipped for
                                 clients that accept it (env POSTTRACE_COMPRESSION=off)
              --no-access-log    no JSON line per request on stderr (env POSTTRACE_ACCESS_LOG=off)
              --metrics-token-file  /metrics answers only 'Authorization: Bearer <the file's text>'
                                 (env POSTTRACE_METRICS_TOKEN_FILE, or the token itself in POSTTRACE_METRICS_TOKEN)
              --public-url       where people reach this server, e.g. https://track.example: the base of timeline links in
                                 webhooks and of the Atom feed's links (env POSTTRACE_PUBLIC_URL)
              --webhook-allow-host/--webhook-deny-host HOST, --webhook-allow-loopback   callback host policy
                                 (env POSTTRACE_WEBHOOK_ALLOW_HOSTS, _DENY_HOSTS, _ALLOW_LOOPBACK=1)
              --webhook-retry    FIRST:MAX:GIVE_UP seconds, default 10:3600:86400 (env POSTTRACE_WEBHOOK_RETRY)
              --secrets-key-file webhook signing secrets are stored sealed with this key (Base64 of 32 bytes:
                                 openssl rand -base64 32) (env POSTTRACE_SECRETS_KEY_FILE)
              --vapid-key-file   the Web Push (VAPID) key, made there on first start; default: beside an SQLite
                                 store (DB.vapid-key); servers sharing PostgreSQL share one file (env POSTTRACE_VAPID_KEY_FILE)
              --vapid-subject    contact for push services, mailto: or https: (env POSTTRACE_VAPID_SUBJECT)
              --wechat-token     enable GET/POST /wechat for a WeChat Official Account (env POSTTRACE_WECHAT_TOKEN)
              --wechat-aes-key, --wechat-app-id   the account's EncodingAESKey and AppID, for encrypted messages
                                 (compatible and safe modes) (env POSTTRACE_WECHAT_AES_KEY, POSTTRACE_WECHAT_APP_ID)
              --wechat-token-file, --wechat-aes-key-file   the same secrets read from files, kept out of ps
                                 (env POSTTRACE_WECHAT_TOKEN_FILE, POSTTRACE_WECHAT_AES_KEY_FILE)
              --max-subscriptions-per-key N (100), --max-numbers-per-subscription N (100),
              --max-test-deliveries-per-hour N (20)   per API key; the excess is refused with subscription-quota
                                 (env POSTTRACE_MAX_SUBSCRIPTIONS_PER_KEY, _MAX_NUMBERS_PER_SUBSCRIPTION, _MAX_TEST_DELIVERIES_PER_HOUR)

            Exit status: 0 after a clean shutdown, 64 usage, 66 TLS file missing, 69 cannot listen, 74 cannot open the store.
            """,
        run: run)

    static func run(_ args: [String]) async throws -> Int32 {
        let a = try Arguments(args, options: NotificationOptions.serveOptions.union(["db", "host", "port", "tls-cert", "tls-key", "cors-origin",
                                                                                     "rate-limit", "key-rate-limit", "threads", "cache-max-age", "answer-cache", "lane-refresh",
                                                                                     "max-scans-per-item", "db-read", "replica-max-lag", "metrics-token-file",
                                                                                     "max-connections-per-address", "sqlite-cache"]),
                              flags: NotificationOptions.serveFlags.union(["demo", "require-key-for-read", "no-compression", "no-access-log"]))
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
        config.requireKeyForRead = flag(a, "require-key-for-read", env: "POSTTRACE_REQUIRE_KEY_FOR_READ")
        config.accessLog = !a.has("no-access-log") && ProcessInfo.processInfo.environment["POSTTRACE_ACCESS_LOG"] != "off"
        config.compression = !a.has("no-compression") && ProcessInfo.processInfo.environment["POSTTRACE_COMPRESSION"] != "off"
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
            try await ServeSession.run(configuration: config, store: store, demo: flag(a, "demo", env: "POSTTRACE_DEMO"),
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

    private static func flag(_ a: Arguments, _ name: String, env: String) -> Bool {
        a.has(name) || ["1", "true", "yes"].contains(ProcessInfo.processInfo.environment[env]?.lowercased() ?? "")
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
