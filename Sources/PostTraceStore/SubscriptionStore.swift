import PostTraceCore
import S10

/// Persistence of webhook subscriptions and their durable outbox.
///
/// Outbox rows for new scans are written by the backend's `insert` in the same transaction as
/// the scans (see `SubscriptionTriggers`), so a crash between "scan stored" and "webhook sent"
/// loses nothing; the delivery worker then claims, sends and records them through this protocol.
public protocol SubscriptionStore: Sendable {
    /// Stores a new subscription; throws `StoreError.conflict` when the id exists.
    func createSubscription(_ subscription: Subscription) async throws
    /// One subscription, or nil.
    func subscription(id: String) async throws -> Subscription?
    /// Subscriptions created by one API key (all when `ownerKeyID` is nil), newest first.
    func subscriptions(ownerKeyID: String?) async throws -> [Subscription]
    /// Queues one delivery behind the subscription's others (a test delivery); false when the subscription is gone.
    func enqueueDelivery(_ delivery: OutboxDelivery) async throws -> Bool
    /// Replaces a subscription's stored signing secret (e.g. with its sealed form); false when there is none.
    func replaceSubscriptionSecret(id: String, with secret: String) async throws -> Bool
    /// Deletes a subscription and its pending deliveries; false when there was none.
    func deleteSubscription(id: String) async throws -> Bool
    /// The deliveries of one subscription, newest first, at most `limit`.
    func deliveries(subscriptionID: String, limit: Int) async throws -> [OutboxDelivery]
    /// Claims the oldest pending delivery of each subscription that is due at `now` (at most `limit`),
    /// pushing its next attempt `lease` seconds ahead so that no other worker sends it meanwhile.
    /// A later delivery of a subscription is never claimed before an earlier one is done: event order.
    func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) async throws -> [OutboxDelivery]
    /// Records the outcome of an attempt (state, attempts, times and last error of `delivery`).
    func recordAttempt(_ delivery: OutboxDelivery) async throws
    /// When the next claim can succeed: the earliest `nextAttemptAt` of the subscriptions' oldest pending
    /// deliveries (the only ones a claim takes), for the worker's sleep; nil when nothing is pending.
    func nextDeliveryDue() async throws -> Int64?
    /// The backlog, for metrics: how many deliveries are pending and when the oldest of them was written
    /// (nil when none). A growing count or an old oldest means receivers are failing or the worker is not running.
    func pendingDeliveries() async throws -> (count: Int, oldestCreatedAt: Int64?)
    /// (subscription, item) pairs watched for staleness, with the stages already alerted, in (subscription, item)
    /// order starting after `cursor` (nil: from the start), at most `limit`: page through all of them.
    func staleWatches(after cursor: StaleWatch?, limit: Int) async throws -> [StaleWatch]
    /// Writes a stale alert and records its stage in one transaction; false when that stage was already alerted.
    func enqueueStaleAlert(_ watch: StaleWatch, _ alert: DueNotification, now: Int64) async throws -> Bool
    /// (subscription, item) pairs watched for estimate changes, with the estimate last told (nil: none yet), in
    /// (subscription, item) order starting after `cursor` (nil: from the start), at most `limit`.
    func estimateWatches(after cursor: EstimateWatch?, limit: Int) async throws -> [EstimateWatch]
    /// Writes an estimate-change notice and records its estimate as told, in one transaction, only when the
    /// estimate told is still `watch.told`: false when another worker told a change first, or the watch is gone.
    func enqueueEstimateChange(_ watch: EstimateWatch, _ notice: DueNotification, now: Int64) async throws -> Bool
    /// Deletes delivered and failed deliveries written before `cutoff` (pending ones are never touched); returns how many.
    func pruneDeliveries(before cutoff: Int64) async throws -> Int
}

/// A subscribed item watched for staleness by one subscription.
public struct StaleWatch: Sendable, Hashable {
    public var subscriptionID: String
    public var number: S10Number
    /// Stages this subscription was already told about for this item.
    public var alertedStages: Set<Stage>
    public init(subscriptionID: String, number: S10Number, alertedStages: Set<Stage>) {
        self.subscriptionID = subscriptionID; self.number = number; self.alertedStages = alertedStages
    }
}

/// A subscribed item watched for estimate changes by one subscription.
public struct EstimateWatch: Sendable, Hashable {
    public var subscriptionID: String
    public var number: S10Number
    /// The estimate this subscription was last told for this item; nil when it was told none yet.
    public var told: DeliveryEstimate?
    public init(subscriptionID: String, number: S10Number, told: DeliveryEstimate?) {
        self.subscriptionID = subscriptionID; self.number = number; self.told = told
    }
}

extension OutboxDelivery {
    /// Makes the pending outbox row for a notification decided by the trigger rules.
    public init(_ due: DueNotification, subscriptionID: String, number: S10Number, now: Int64) {
        self.init(id: OutboxDelivery.newID(), subscriptionID: subscriptionID, kind: due.kind, number: number, event: due.event,
                  status: due.status, previousStatus: due.previousStatus, stage: due.stage, estimate: due.estimate, createdAt: now,
                  nextAttemptAt: now)
    }
}
