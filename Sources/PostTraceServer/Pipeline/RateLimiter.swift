import Foundation
import Synchronization

/// Token buckets by client (address or key id). Thread-safe; forgets full buckets when it grows large
/// so that many one-off clients cannot exhaust memory.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var updated: Double }
    private let limit: RateLimit
    private let buckets = Mutex<[String: Bucket]>([:])
    private static let maxClients = 100_000

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
        let limit = self.limit
        let (bucket, retryAfter) = buckets.withLock { buckets -> (Bucket, Int?) in
            var bucket = buckets[client] ?? Bucket(tokens: limit.burst, updated: now)
            bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.updated) * limit.perSecond)
            bucket.updated = now
            var retryAfter: Int?
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
            } else {
                retryAfter = max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up)))
            }
            buckets[client] = bucket
            if buckets.count > Self.maxClients { Self.forgetFull(&buckets, limit: limit, now: now) }
            return (bucket, retryAfter)
        }
        let full = Int(((limit.burst - bucket.tokens) / limit.perSecond).rounded(.up))
        return Verdict(retryAfter: retryAfter, headers: [("RateLimit-Limit", String(Int(limit.burst))),
                                                         ("RateLimit-Remaining", String(max(0, Int(bucket.tokens)))),
                                                         ("RateLimit-Reset", String(full))])
    }

    /// Whether `client`'s bucket holds less than one token now (false when limits are off); takes nothing.
    func isExhausted(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Bool {
        guard !limit.isOff else { return false }
        guard let bucket = buckets.withLock({ $0[client] }) else { return false }
        return min(limit.burst, bucket.tokens + (now - bucket.updated) * limit.perSecond) < 1
    }

    private static func forgetFull(_ buckets: inout [String: Bucket], limit: RateLimit, now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * limit.perSecond < limit.burst }
    }
}
