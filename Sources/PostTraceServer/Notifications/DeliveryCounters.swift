import Synchronization

/// How the delivery worker's attempts ended since the process started, for `/metrics`: delivered, to be
/// tried again, or given up. With the backlog gauges, enough to alert on receivers that keep failing.
public final class DeliveryCounters: Sendable {
    private let counts = Mutex((delivered: 0, retry: 0, failed: 0))

    public init() {}

    /// Counts one recorded attempt.
    func record(_ action: DeliveryAction) {
        counts.withLock { c in
            switch action {
            case .markDelivered: c.delivered += 1
            case .retry: c.retry += 1
            case .markFailed: c.failed += 1
            }
        }
    }

    /// The counts so far.
    public var snapshot: (delivered: Int, retry: Int, failed: Int) { counts.withLock { $0 } }

    /// The Prometheus text of the counters.
    public func exposition() -> String {
        let c = snapshot
        return "# HELP posttrace_webhook_attempts_total Webhook delivery attempts by outcome: delivered, retry (tried again later), failed (given up).\n"
            + "# TYPE posttrace_webhook_attempts_total counter\n"
            + "posttrace_webhook_attempts_total{outcome=\"delivered\"} \(c.delivered)\n"
            + "posttrace_webhook_attempts_total{outcome=\"retry\"} \(c.retry)\n"
            + "posttrace_webhook_attempts_total{outcome=\"failed\"} \(c.failed)\n"
    }
}
