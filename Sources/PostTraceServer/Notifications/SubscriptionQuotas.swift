import Foundation

/// How much one API key may ask of the webhook machinery (`serve --max-subscriptions-per-key`,
/// `--max-numbers-per-subscription`, `--max-test-deliveries-per-hour`). The local CLI, acting without a key,
/// is not limited.
public struct SubscriptionQuotas: Sendable, Hashable {
    /// Subscriptions one key may hold at once.
    public var subscriptionsPerKey: Int
    /// Numbers one subscription may follow.
    public var numbersPerSubscription: Int
    /// Test deliveries one key may ask for per hour (a token bucket of this size, refilled over the hour).
    public var testDeliveriesPerHour: Int

    /// The defaults: 100 subscriptions per key, 100 numbers per subscription, 20 test deliveries per hour.
    public init(subscriptionsPerKey: Int = 100, numbersPerSubscription: Int = 100, testDeliveriesPerHour: Int = 20) {
        self.subscriptionsPerKey = subscriptionsPerKey; self.numbersPerSubscription = numbersPerSubscription
        self.testDeliveriesPerHour = testDeliveriesPerHour
    }

    /// The refusal of a request past a quota: `subscription-quota`, 403 for a standing limit, 429 with
    /// `Retry-After` for one that refills.
    static func exceeded(_ detail: String, limit: Int, retryAfter: Int? = nil) -> SubscriptionProblem {
        var problem = SubscriptionProblem(retryAfter == nil ? 403 : 429, "subscription-quota", "Subscription quota reached", detail,
                                          members: ["limit": limit])
        if let retryAfter {
            problem.members["retry_after"] = retryAfter
            problem.headers = [("Retry-After", String(retryAfter))]
        }
        return problem
    }
}
