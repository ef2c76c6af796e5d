import Foundation

/// Token buckets by client (address or key id). Thread-safe; forgets full buckets when it grows large
/// so that many one-off clients cannot exhaust memory.
final class RateLimiter: @unchecked Sendable {
    private struct Bucket { var tokens: Double; var updated: Double }
    private let limit: RateLimit
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private let maxClients = 100_000

    init(_ limit: RateLimit) { self.limit = limit }

    /// What one `take` found: refused with the seconds to wait, and the client's standing either way.
    struct Verdict: Sendable {
        /// Seconds to wait before the next request can pass; nil when this one passed.
        var retryAfter: Int?
        /// The `RateLimit-*` headers: the burst, the whole requests left now, and the seconds until the bucket is full.
        var headers: [(name: String, value: String)]
    }

    /// Takes one token for `client`; nil when limits are off.
    func take(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Verdict? {
        guard !limit.isOff else { return nil }
        lock.lock(); defer { lock.unlock() }
        var bucket = buckets[client] ?? Bucket(tokens: limit.burst, updated: now)
        bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.updated) * limit.perSecond)
        bucket.updated = now
        defer { buckets[client] = bucket; if buckets.count > maxClients { forgetFull(now: now) } }
        var retryAfter: Int?
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
        } else {
            retryAfter = max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up)))
        }
        let full = Int(((limit.burst - bucket.tokens) / limit.perSecond).rounded(.up))
        return Verdict(retryAfter: retryAfter, headers: [("RateLimit-Limit", String(Int(limit.burst))),
                                                         ("RateLimit-Remaining", String(max(0, Int(bucket.tokens)))),
                                                         ("RateLimit-Reset", String(full))])
    }

    /// Whether `client`'s bucket holds less than one token now (false when limits are off); takes nothing.
    func isExhausted(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        guard !limit.isOff else { return false }
        lock.lock(); defer { lock.unlock() }
        guard let bucket = buckets[client] else { return false }
        return min(limit.burst, bucket.tokens + (now - bucket.updated) * limit.perSecond) < 1
    }

    private func forgetFull(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * limit.perSecond < limit.burst }
    }
}
