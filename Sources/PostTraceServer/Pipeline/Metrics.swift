import Foundation
import PostTraceCore
import Synchronization

/// Counters for `/metrics` in the Prometheus text format. Thread-safe.
public final class Metrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    private struct Key: Hashable { let route: String; let status: Int }
    /// One route's latency histogram: counts per bucket (not cumulative), their total and sum.
    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.bounds.count)
        var count = 0
        var sum = 0.0

        mutating func record(bucket: Int?, seconds: Double) {
            if let bucket { buckets[bucket] += 1 }
            count += 1
            sum += seconds
        }
    }
    private struct Counters {
        var requests: [Key: Int] = [:]
        /// By route name: a slow ingestion must not hide in the lookups' figures.
        var latency: [String: Histogram] = [:]
        var ingested = 0
        var duplicates = 0
        var rejected = 0
    }
    private let counters = Mutex(Counters())

    /// Empty counters.
    public init() {}

    /// Records one answered request.
    func observe(route: String, status: Int, seconds: Double) {
        let bucket = Self.bounds.firstIndex { seconds <= $0 }
        counters.withLock {
            $0.requests[Key(route: route, status: status), default: 0] += 1
            $0.latency[route, default: Histogram()].record(bucket: bucket, seconds: seconds)
        }
    }

    /// Records the outcome of one committed ingestion.
    func ingested(accepted: Int, duplicates: Int, rejected: Int) {
        counters.withLock { $0.ingested += accepted; $0.duplicates += duplicates; $0.rejected += rejected }
    }

    /// The exposition text; `items`, `events` and the webhook backlog come from the store at scrape time
    /// (nil when unavailable, or when the store keeps no subscriptions).
    func render(items: Int?, events: Int?, pendingDeliveries: (count: Int, oldestCreatedAt: Int64?)? = nil, now: Int64 = 0) -> String {
        let counted = counters.withLock { $0 }  // a copy: the text is written without holding the lock
        let (requests, latency) = (counted.requests, counted.latency)
        var out = "# HELP posttrace_http_requests_total HTTP requests answered, by route and status.\n"
        out += "# TYPE posttrace_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out += "posttrace_http_requests_total{route=\"\(key.route)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP posttrace_http_request_duration_seconds Time from a complete request to its response, by route.\n"
        out += "# TYPE posttrace_http_request_duration_seconds histogram\n"
        for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (bound, count) in zip(Self.bounds, histogram.buckets) {
                cumulative += count
                out += "posttrace_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "posttrace_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(histogram.count)\n"
            out += "posttrace_http_request_duration_seconds_sum{route=\"\(route)\"} \(histogram.sum)\n"
            out += "posttrace_http_request_duration_seconds_count{route=\"\(route)\"} \(histogram.count)\n"
        }
        out += "# HELP posttrace_events_ingested_total Events stored for the first time through POST /v1/events.\n"
        out += "# TYPE posttrace_events_ingested_total counter\n"
        out += "posttrace_events_ingested_total \(counted.ingested)\n"
        out += "# TYPE posttrace_events_duplicate_total counter\nposttrace_events_duplicate_total \(counted.duplicates)\n"
        out += "# TYPE posttrace_events_rejected_total counter\nposttrace_events_rejected_total \(counted.rejected)\n"
        if let items, let events {
            out += "# HELP posttrace_items_stored Items with at least one event in the store.\n"
            out += "# TYPE posttrace_items_stored gauge\nposttrace_items_stored \(items)\n"
            out += "# TYPE posttrace_events_stored gauge\nposttrace_events_stored \(events)\n"
        }
        if let backlog = pendingDeliveries {
            out += "# HELP posttrace_webhook_deliveries_pending Webhook deliveries in the outbox not yet delivered or given up.\n"
            out += "# TYPE posttrace_webhook_deliveries_pending gauge\nposttrace_webhook_deliveries_pending \(backlog.count)\n"
            out += "# HELP posttrace_webhook_oldest_pending_seconds Age of the oldest pending delivery (0 when none): alert when it grows.\n"
            out += "# TYPE posttrace_webhook_oldest_pending_seconds gauge\n"
            out += "posttrace_webhook_oldest_pending_seconds \(backlog.oldestCreatedAt.map { max(0, now - $0) } ?? 0)\n"
        }
        return out
    }
}

/// One JSON line per request on stderr. Never carries the API key or the query (which may hold one).
struct AccessLog: Sendable {
    let enabled: Bool

    func write(method: String, route: String, status: Int, seconds: Double, bytes: Int, keyID: String?, requestID: String) {
        guard enabled else { return }
        var line = JSONWriter.encode(JSONObject { o in
            o.member("time", Date().timeIntervalSince1970); o.member("method", String(method.prefix(16))); o.member("route", route)
            o.member("status", status); o.member("duration_ms", (seconds * 1_000_000).rounded() / 1000); o.member("bytes", bytes)
            o.member("request_id", requestID); o.member("key_id", ifPresent: keyID)
        })
        line.append(0x0A)
        // One write(2) per line keeps lines from different threads whole.
        _ = line.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) }
    }
}
