import PostTraceCore
import S10

/// What a subscriber asked to be told about.
public enum NotificationTrigger: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every new scan of a subscribed item.
    case everyEvent = "every_event"
    /// Only when the derived status changes.
    case statusChange = "status_change"
    /// The first scan of an item that had no record yet (the "No records found" case).
    case firstRecord = "first_record"
    /// When the item is delivered.
    case delivered
    /// When no scan arrived for longer than is normal at the current stage (once per stage).
    case stale
    /// When the delivery estimate appears or any of its dates moves (by a whole day or more).
    case estimateChange = "estimate_change"
}

/// The kind of one notification, as sent in the webhook's `type` field (`tracking.<kind>`).
public enum NotificationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case event
    case statusChanged = "status_changed"
    case firstRecord = "first_record"
    case delivered
    case stale
    case estimateChanged = "estimate_changed"
    /// Asked for by the subscriber (`POST /v1/subscriptions/{id}/test`) to check their endpoint and signature.
    case test
}

/// A webhook subscription: some items, a callback URL, what to be told, and the signing secret.
public struct Subscription: Sendable, Hashable, Codable {
    /// A public identifier such as `sub_5f2c…`.
    public var id: String
    /// The subscribed items (at least one); they need not have any record yet.
    public var numbers: [S10Number]
    /// Where deliveries are POSTed; checked against the host policy on creation.
    public var callbackURL: String
    /// What to be told about (at least one).
    public var triggers: Set<NotificationTrigger>
    /// The HMAC-SHA256 key for `PostTrace-Signature`; shown to the subscriber once, at creation.
    public var secret: String
    /// The API key that created it; only that key (or an admin key) may see or delete it.
    public var ownerKeyID: String?
    /// Seconds since 1970 (UTC).
    public var createdAt: Int64

    public init(id: String, numbers: [S10Number], callbackURL: String, triggers: Set<NotificationTrigger>,
                secret: String, ownerKeyID: String?, createdAt: Int64) {
        self.id = id; self.numbers = numbers; self.callbackURL = callbackURL; self.triggers = triggers
        self.secret = secret; self.ownerKeyID = ownerKeyID; self.createdAt = createdAt
    }
}

/// One notification waiting in, or done with, the durable outbox.
public struct OutboxDelivery: Sendable, Hashable, Codable {
    /// Where a delivery stands.
    public enum State: String, Sendable, Hashable, Codable { case pending, delivered, failed }

    /// A unique id such as `dlv_9a1f…`; the same on every retry, for the receiver's deduplication.
    public var id: String
    /// Store-wide insertion order; deliveries of one subscription are sent in this order.
    public var sequence: Int64
    public var subscriptionID: String
    public var kind: NotificationKind
    public var number: S10Number
    /// The scan that caused it (nil for stale alerts).
    public var event: TrackingEvent?
    /// The item's status after the change.
    public var status: ItemStatus
    /// The status before, for status changes and first records.
    public var previousStatus: ItemStatus?
    /// The stage an item went stale in (stale alerts only).
    public var stage: Stage?
    /// The new delivery estimate (estimate changes only).
    public var estimate: DeliveryEstimate?
    /// Seconds since 1970 (UTC) when the notification was written.
    public var createdAt: Int64
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    public var firstAttemptAt: Int64?
    /// When the next attempt is due (pending deliveries).
    public var nextAttemptAt: Int64
    /// What went wrong last, for `GET /v1/subscriptions/{id}/deliveries`.
    public var lastError: String?
    public var deliveredAt: Int64?

    public init(id: String, sequence: Int64 = 0, subscriptionID: String, kind: NotificationKind, number: S10Number,
                event: TrackingEvent?, status: ItemStatus, previousStatus: ItemStatus? = nil, stage: Stage? = nil,
                estimate: DeliveryEstimate? = nil, createdAt: Int64, state: State = .pending, attempts: Int = 0, firstAttemptAt: Int64? = nil,
                nextAttemptAt: Int64, lastError: String? = nil, deliveredAt: Int64? = nil) {
        self.id = id; self.sequence = sequence; self.subscriptionID = subscriptionID; self.kind = kind
        self.number = number; self.event = event; self.status = status; self.previousStatus = previousStatus
        self.stage = stage; self.estimate = estimate; self.createdAt = createdAt; self.state = state; self.attempts = attempts
        self.firstAttemptAt = firstAttemptAt; self.nextAttemptAt = nextAttemptAt; self.lastError = lastError
        self.deliveredAt = deliveredAt
    }

    /// A fresh random delivery id (`dlv_` + 24 hex digits from the system CSPRNG).
    public static func newID() -> String {
        var rng = SystemRandomNumberGenerator()
        let a = rng.next() as UInt64, b = rng.next() as UInt32
        return "dlv_" + hex(a, 16) + hex(UInt64(b), 8)
    }

    static func hex(_ v: UInt64, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
