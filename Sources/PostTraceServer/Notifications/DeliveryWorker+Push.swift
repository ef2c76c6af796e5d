import Foundation
import PostTraceStore

extension DeliveryWorker {
    /// Sends one delivery to a browser's push service (RFC 8030): the message encrypted for that browser
    /// (RFC 8291), signed with the server's VAPID key (RFC 8292), through the same libcurl sender and the
    /// same checked addresses as a webhook. `Topic` is the parcel, so a push service holding messages for an
    /// offline phone keeps only the latest per parcel.
    func push(_ delivery: OutboxDelivery, to target: PushTarget, at callback: CheckedCallback) async -> DeliveryOutcome {
        guard let vapid = configuration.vapid else {
            return .connectionFailed("Web Push is not configured on this server (no VAPID key)")
        }
        let body: [UInt8]
        do { body = try WebPushMessage.encrypt(target.message(for: delivery), p256dh: target.p256dh, auth: target.auth) } catch {
            return .refused("cannot encrypt for this browser: \(error)")
        }
        guard let authorization = vapid.authorization(endpoint: callback.url, now: clock()) else {
            return .refused("the push endpoint has no origin")
        }
        let headers = [("Content-Type", "application/octet-stream"), ("Content-Encoding", "aes128gcm"), ("TTL", "86400"),
                       ("Urgency", delivery.kind == .delivered ? "high" : "normal"), ("Topic", delivery.number.description),
                       ("Authorization", authorization), ("User-Agent", "PostTrace-Push/1")]
        return await sender.post(to: callback.url, connectingTo: callback.addresses, body: body, headers: headers,
                                 timeout: configuration.requestTimeout)
    }

    /// A push service answering 404 or 410 says the browser's subscription is gone for good (RFC 8030 §7.3):
    /// the subscription is deleted with its pending deliveries; true when that happened.
    func pushSubscriptionGone(_ subscription: Subscription, _ outcome: DeliveryOutcome) async throws -> Bool {
        guard case .response(let status, _) = outcome, status == 404 || status == 410, subscription.id.hasPrefix("push_") else { return false }
        _ = try await store.deleteSubscription(id: subscription.id)
        log("push subscription \(subscription.id) removed: the push service answered \(status)")
        return true
    }
}
