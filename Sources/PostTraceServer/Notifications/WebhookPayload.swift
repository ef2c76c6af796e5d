import Foundation
import PostTraceCore
import PostTraceStore

/// The JSON body of a webhook request. The same delivery always produces the same bytes,
/// so retries are byte-identical and receivers can deduplicate on `id`.
public struct WebhookPayload: Sendable, Hashable, Codable {
    /// The unique delivery id (`dlv_…`), the same on every retry.
    public var id: String
    /// `tracking.event`, `tracking.status_changed`, `tracking.first_record`, `tracking.delivered`, `tracking.stale`,
    /// `tracking.estimate_changed`, or `tracking.test` when the subscriber asked for one.
    public var type: String
    /// When the notification was written, RFC 3339 UTC.
    public var createdAt: String
    public var subscriptionID: String
    public var number: String
    /// The item's status after the change (`in_transit`, `delivered` …).
    public var status: ItemStatus
    public var previousStatus: ItemStatus?
    /// The stage the item went stale in (stale alerts only).
    public var stage: Stage?
    /// The scan that caused it (absent for stale alerts without one; the latest scan for estimate changes).
    public var event: TrackingEvent?
    /// The new delivery estimate, in the timeline's `estimated_delivery` form (estimate changes only).
    public var estimatedDelivery: DeliveryEstimate?
    /// The item's public timeline page.
    public var timelineURL: String

    enum CodingKeys: String, CodingKey {
        case id, type, createdAt = "created_at", subscriptionID = "subscription_id", number, status
        case previousStatus = "previous_status", stage, event, timelineURL = "timeline_url", estimatedDelivery = "estimated_delivery"
    }

    /// Builds the payload of an outbox delivery; `publicBaseURL` is where the server is reachable, e.g. `https://posttrace.example`.
    public init(_ delivery: OutboxDelivery, publicBaseURL: String) {
        var base = publicBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        id = delivery.id
        type = "tracking." + delivery.kind.rawValue
        createdAt = LocalTime(epochSeconds: delivery.createdAt, utcOffsetSeconds: 0)?.rfc3339 ?? ""
        subscriptionID = delivery.subscriptionID
        number = delivery.number.description
        status = delivery.status
        previousStatus = delivery.previousStatus
        stage = delivery.stage
        var event = delivery.event
        event?.receivedAt = nil  // internal bookkeeping; keeps retries byte-identical
        self.event = event
        estimatedDelivery = delivery.estimate
        timelineURL = base + "/t/" + delivery.number.description
    }

    /// The request body: compact JSON with sorted keys.
    public func body() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a value built from valid domain types cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }
}
