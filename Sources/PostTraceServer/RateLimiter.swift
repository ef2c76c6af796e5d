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

    /// Takes one token for `client`; returns nil when allowed, else the seconds to wait.
    func take(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Int? {
        guard !limit.isOff else { return nil }
        lock.lock(); defer { lock.unlock() }
        var bucket = buckets[client] ?? Bucket(tokens: limit.burst, updated: now)
        bucket.tokens = min(limit.burst, bucket.tokens + (now - bucket.updated) * limit.perSecond)
        bucket.updated = now
        defer { buckets[client] = bucket; if buckets.count > maxClients { forgetFull(now: now) } }
        guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up))) }
        bucket.tokens -= 1
        return nil
    }

    private func forgetFull(now: Double) {
        buckets = buckets.filter { $0.value.tokens + (now - $0.value.updated) * limit.perSecond < limit.burst }
    }
}
