import Foundation
import PostTraceCore
import S10

/// Column forms shared by the SQLite and PostgreSQL subscription code.
enum SubscriptionRows {
    /// `,every_event,stale,`: sorted, with surrounding commas so that `LIKE '%,stale,%'` is exact.
    static func triggers(_ set: Set<NotificationTrigger>) -> String {
        "," + set.map(\.rawValue).sorted().joined(separator: ",") + ","
    }

    static func triggers(_ text: String) -> Set<NotificationTrigger> {
        Set(text.split(separator: ",").compactMap { NotificationTrigger(rawValue: String($0)) })
    }

    static func eventJSON(_ event: TrackingEvent?) -> String? {
        guard let event else { return nil }
        return (try? JSONEncoder().encode(event)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func event(_ json: String?) -> TrackingEvent? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(TrackingEvent.self, from: Data(json.utf8))
    }

    static func estimateJSON(_ estimate: DeliveryEstimate?) -> String? {
        guard let estimate else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // byte-stable: the told estimate is compared as stored text
        return (try? encoder.encode(estimate)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func estimate(_ json: String?) -> DeliveryEstimate? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(DeliveryEstimate.self, from: Data(json.utf8))
    }

    /// The notifications a batch causes for subscribed items, from each item's scans before and after it.
    /// `watched` maps items to their subscriptions (id and triggers) in creation order.
    static func notifications(watched: [S10Number: [(id: String, triggers: Set<NotificationTrigger>)]],
                              before: [S10Number: [TrackingEvent]], after: [S10Number: [TrackingEvent]],
                              now: Int64) -> [OutboxDelivery] {
        var out: [OutboxDelivery] = []
        for number in watched.keys.sorted() {
            let old = before[number] ?? []
            let accepted = (after[number] ?? []).filter { scan in !old.contains { $0.isSameScan(as: scan) } }
            guard !accepted.isEmpty else { continue }
            for subscription in watched[number] ?? [] {
                for due in SubscriptionTriggers.notifications(for: subscription.triggers, number: number, before: old,
                                                              accepted: accepted, now: now) {
                    out.append(OutboxDelivery(due, subscriptionID: subscription.id, number: number, now: now))
                }
            }
        }
        return out
    }
}
