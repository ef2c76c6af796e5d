import Foundation
import PostTraceStore
import Synchronization

/// Deliveries in flight per receiver (scheme, host and port of the callback URL), so that one slow or hanging
/// receiver holds at most its share of the worker's slots and the others keep theirs.
final class ReceiverSlots: Sendable {
    private let inFlight = Mutex<[String: Int]>([:])

    /// Takes a slot for `receiver` when fewer than `limit` are taken; false when it is at its limit.
    func acquire(_ receiver: String, limit: Int) -> Bool {
        inFlight.withLock { taken in
            guard taken[receiver, default: 0] < limit else { return false }
            taken[receiver, default: 0] += 1
            return true
        }
    }

    /// Gives back a slot taken by `acquire`.
    func release(_ receiver: String) {
        inFlight.withLock { taken in
            let left = taken[receiver, default: 1] - 1
            taken[receiver] = left > 0 ? left : nil
        }
    }

    /// The receiver a callback URL names: lower-case scheme, host and effective port.
    static func receiver(of callbackURL: String) -> String {
        guard let components = URLComponents(string: callbackURL), let host = components.host?.lowercased() else { return callbackURL }
        let scheme = components.scheme?.lowercased() ?? "https"
        return "\(scheme)://\(host):\(components.port ?? (scheme == "http" ? 80 : 443))"
    }
}

extension DeliveryWorker {
    /// What to do with a claimed delivery before sending it.
    enum Gate: Sendable {
        /// Send it, holding a slot of this receiver.
        case send(receiver: String)
        /// Its receiver is at its limit: put it back, due again shortly, without counting an attempt.
        case postpone
        /// The key that created the subscription is revoked: never send it.
        case ownerRevoked
    }

    /// Decides whether `subscription`'s claimed delivery goes out now.
    func gate(for subscription: Subscription) async throws -> Gate {
        if let owner = subscription.ownerKeyID, try await isRevoked(owner) { return .ownerRevoked }
        let receiver = ReceiverSlots.receiver(of: subscription.callbackURL)
        return slots.acquire(receiver, limit: configuration.perReceiverConcurrency) ? .send(receiver: receiver) : .postpone
    }

    /// Whether the key `id` is revoked: its subscriptions get nothing more. A key this store does not know
    /// (e.g. a subscription copied without its key) is not taken for revoked.
    private func isRevoked(_ id: String) async throws -> Bool {
        guard let keys = store as? any APIKeyStore else { return false }
        return try await keys.keys().first(where: { $0.id == id })?.revokedAt != nil
    }

    /// Puts a claimed delivery back as it was, due in a second, so another receiver's delivery takes the slot.
    func postpone(_ claimed: OutboxDelivery) async throws {
        var later = claimed
        later.nextAttemptAt = clock() + 1
        try await store.recordAttempt(later)
    }

    /// Marks a delivery of a revoked key's subscription failed without sending it.
    func dropForRevokedOwner(_ claimed: OutboxDelivery) async throws {
        var dropped = claimed
        dropped.state = .failed
        dropped.lastError = "not sent: the API key that created this subscription is revoked"
        try await store.recordAttempt(dropped)
        counters.record(.markFailed(lastError: dropped.lastError ?? ""))
    }
}
