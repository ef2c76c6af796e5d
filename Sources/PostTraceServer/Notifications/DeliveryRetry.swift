/// What happened when the worker tried once to POST a delivery.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The receiver answered; `retryAfter` is its `Retry-After` header, when present.
    case response(status: Int, retryAfter: String?)
    /// No answer within the request time-out.
    case timedOut
    /// The connection could not be made or broke (DNS, refused, reset, TLS).
    case connectionFailed(String)
    /// The callback URL is no longer allowed by the host policy; retrying cannot help.
    case refused(String)
}

/// What the worker must do next with a delivery.
public enum DeliveryAction: Sendable, Hashable {
    /// The receiver took it: mark delivered, never send again.
    case markDelivered
    /// Try again at `at` (seconds since 1970, UTC), recording `lastError`.
    case retry(at: Int64, lastError: String)
    /// Stop trying and show `lastError` in the deliveries list.
    case markFailed(lastError: String)
}

/// When to retry a webhook delivery: exponential back-off with jitter for a bounded time on
/// time-outs, connection errors, 5xx, 408 and 429; `Retry-After` honoured; other answers are final.
public struct DeliveryRetryPolicy: Sendable, Hashable {
    /// Delay before the second attempt, in seconds; each later delay doubles.
    public var firstDelay: Int64
    /// The longest delay between two attempts, in seconds.
    public var maxDelay: Int64
    /// How long after the first attempt the delivery is given up, in seconds.
    public var giveUpAfter: Int64

    /// The production policy: 10 s doubling up to 1 h, for 24 h.
    public static let standard = DeliveryRetryPolicy(firstDelay: 10, maxDelay: 3600, giveUpAfter: 86_400)

    /// Makes a policy in seconds; nonsensical values are raised to the smallest sensible ones.
    public init(firstDelay: Int64, maxDelay: Int64, giveUpAfter: Int64) {
        self.firstDelay = max(1, firstDelay); self.maxDelay = max(self.firstDelay, maxDelay)
        self.giveUpAfter = max(0, giveUpAfter)
    }

    /// The back-off before attempt `attempts + 1`, with "equal jitter": half fixed, half random,
    /// so that receivers coming back up are not hit by every sender at the same second.
    /// `jitter` is a random number in 0..<1.
    public func backoff(afterAttempts attempts: Int, jitter: Double) -> Int64 {
        let exponent = min(max(attempts - 1, 0), 40)
        let (scaled, overflow) = firstDelay.multipliedReportingOverflow(by: Int64(1) << exponent)
        let full = overflow ? maxDelay : min(scaled, maxDelay)
        let half = full / 2
        return max(1, full - half + Int64((Double(half) * min(max(jitter, 0), 1)).rounded(.down)))
    }
}

/// The retry state of one delivery: a state machine whose `record` returns the action to take,
/// so that the policy is tested without sockets and the worker only performs actions.
public struct DeliveryAttempts: Sendable, Hashable {
    /// Attempts made so far.
    public private(set) var count: Int
    /// When the first attempt was made (seconds since 1970, UTC); nil before it.
    public private(set) var firstAttemptAt: Int64?
    public let policy: DeliveryRetryPolicy

    /// Resumes the state of a stored delivery.
    public init(count: Int = 0, firstAttemptAt: Int64? = nil, policy: DeliveryRetryPolicy = .standard) {
        self.count = count; self.firstAttemptAt = firstAttemptAt; self.policy = policy
    }

    /// Records the outcome of an attempt made at `now` and returns what to do next.
    /// `jitter` is a random number in 0..<1 (injected so that tests are exact).
    public mutating func record(_ outcome: DeliveryOutcome, now: Int64, jitter: Double) -> DeliveryAction {
        count += 1
        let start = firstAttemptAt ?? now
        firstAttemptAt = start
        let error: String
        var requested: Int64?
        switch outcome {
        case .response(let status, let retryAfter):
            if (200..<300).contains(status) { return .markDelivered }
            guard status >= 500 || status == 408 || status == 429 else {
                let why = (300..<400).contains(status) ? " (redirects are not followed)" : ""
                return .markFailed(lastError: "HTTP \(status)\(why)")
            }
            error = "HTTP \(status)"
            requested = retryAfter.flatMap { RetryAfter.delay(header: $0, now: now) }
        case .timedOut: error = "timed out"
        case .connectionFailed(let why): error = "connection failed: \(why)"
        case .refused(let why): return .markFailed(lastError: why)
        }
        let delay = requested.map { max(1, $0) } ?? policy.backoff(afterAttempts: count, jitter: jitter)
        let deadline = start + policy.giveUpAfter
        let next = now + delay
        guard next <= deadline else {
            return .markFailed(lastError: "\(error); gave up after \(count) attempts over \(hours(now - start))")
        }
        return .retry(at: next, lastError: error)
    }

    private func hours(_ seconds: Int64) -> String {
        seconds >= 3600 ? "\(seconds / 3600) h" : seconds >= 60 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}
