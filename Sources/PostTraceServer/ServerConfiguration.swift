import PostTraceStore

/// Everything `posttrace serve` can configure; defaults are safe for a public deployment.
public struct ServerConfiguration: Sendable {
    /// IPv4 address to listen on.
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (see `PostTraceServer.port`).
    public var port: UInt16 = 8080
    /// libmicrohttpd worker threads (each runs an epoll loop), and as many handler threads (`HandlerThreads`).
    public var threads = 2
    /// Idle or slow connections are closed after this many seconds.
    public var connectionTimeoutSeconds = 10
    /// A request must arrive completely (head and body) within this many seconds, however it trickles in.
    public var requestDeadlineSeconds = 30
    public var maxConnections = 4096
    /// Connections one client address may hold at once (0: no limit); behind a reverse proxy every client
    /// shares the proxy's address, so raise it or turn it off there.
    public var maxConnectionsPerAddress = 64
    /// Memory per connection for headers and the URL; longer heads are refused by libmicrohttpd (414/431).
    public var connectionMemoryBytes = 32 * 1024
    /// Larger bodies are refused with 413 (10,000 events of a few hundred bytes fit).
    public var maxBodyBytes = 8 * 1024 * 1024
    /// The most distinct scans one item may hold; ingestion rejects more with `item_scan_limit`.
    public var maxScansPerItem = ScanLimit.defaultPerItem
    /// When true, lookups need a key with the `read` scope too.
    public var requireKeyForRead = false
    /// Seconds caches may keep a lookup's answer (API and page); 0 makes them revalidate every time
    /// (`Cache-Control: no-cache`, answered with 304 while the ETag holds).
    public var lookupMaxAgeSeconds = 0
    /// Origins allowed by CORS; empty turns CORS off, `*` allows any.
    public var corsOrigins: [String] = []
    /// Token bucket per client address.
    public var addressLimit = RateLimit(perSecond: 50, burst: 100)
    /// Token bucket per API key.
    public var keyLimit = RateLimit(perSecond: 500, burst: 1000)
    /// PEM key and certificate for HTTPS.
    public var tls: TLSFiles?
    /// Gzips text answers of 1 KiB or more for clients that accept it (`Accept-Encoding: gzip`).
    public var compression = true
    /// Writes one JSON line per request on stderr.
    public var accessLog = true
    /// `/metrics` answers only `Authorization: Bearer <token>` when set; open when nil.
    public var metricsToken: String?
    /// How often the store's sizes shown by `/metrics` are counted again, at most.
    public var metricsRefresh: Duration = .seconds(15)
    /// Bytes the answer cache may hold (rendered timelines, plain and gzipped); 0 turns it off.
    public var answerCacheBytes = 32 * 1024 * 1024
    /// Seconds after which a kept answer is rendered again even though its events did not change, as its
    /// wording can depend on the clock (days since the last scan, days spent in a stage).
    public var answerCacheRenderAge: Double = 10
    /// How long shutdown waits for requests in flight.
    public var shutdownGrace: Duration = .seconds(10)

    /// The defaults.
    /// How often `serve` rebuilds the lane table behind delivery estimates and `/v1/lanes`.
    public var laneRefresh: Duration = .seconds(3600)
    public init() {}
}

extension ServerConfiguration {
    /// The largest `--answer-cache`: 64 GiB.
    public static let answerCacheLimit = 64 << 30

    /// Parses a size for `--answer-cache`: a whole number of bytes, or with `K`, `M` or `G` (powers of 1024,
    /// also written `KB`, `KiB`, …, any case); `0` or `off` turns the cache off. nil when malformed or over 64 GiB.
    public static func byteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "off" { return 0 }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let count = Int(digits) else { return nil }
        let shift: Int
        switch trimmed.dropFirst(digits.count).lowercased() {
        case "", "b": shift = 0
        case "k", "kb", "kib": shift = 10
        case "m", "mb", "mib": shift = 20
        case "g", "gb", "gib": shift = 30
        default: return nil
        }
        guard count <= answerCacheLimit >> shift else { return nil }
        return count << shift
    }
}

/// A token bucket's shape: `perSecond` tokens refill per second, up to `burst`. Zero rate disables it.
public struct RateLimit: Sendable, Hashable {
    public var perSecond: Double
    public var burst: Double
    /// Makes a limit; `burst` defaults to twice the rate.
    public init(perSecond: Double, burst: Double? = nil) {
        self.perSecond = perSecond; self.burst = burst ?? max(1, perSecond * 2)
    }
    /// No limit.
    public static let off = RateLimit(perSecond: 0, burst: 0)
    public var isOff: Bool { perSecond <= 0 }

    /// Parses `RATE` or `RATE:BURST` (requests per second), `0` or `off` for none.
    public init?(text: String) {
        if text == "off" || text == "0" { self = .off; return }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let rate = Double(parts[0]), rate > 0, rate.isFinite else { return nil }
        if parts.count == 2 {
            guard let burst = Double(parts[1]), burst >= 1, burst.isFinite else { return nil }
            self.init(perSecond: rate, burst: burst)
        } else {
            self.init(perSecond: rate)
        }
    }
}

/// TLS material in PEM form.
public struct TLSFiles: Sendable {
    public var certificatePEM: String
    public var keyPEM: String
    public init(certificatePEM: String, keyPEM: String) { self.certificatePEM = certificatePEM; self.keyPEM = keyPEM }
}
