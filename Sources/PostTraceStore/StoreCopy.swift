import PostTraceCore
import S10

/// What one copy brought over; "skipped" is what the target already had.
public struct StoreCopySummary: Sendable, Hashable {
    public var items = 0
    public var eventsAccepted = 0
    public var eventsDuplicate = 0
    public var keysCopied = 0
    public var keysSkipped = 0
    public var subscriptionsCopied = 0
    public var subscriptionsSkipped = 0
    public var sharesCopied = 0
    public var sharesSkipped = 0
    public init() {}
}

/// Copies one store into another (SQLite to PostgreSQL, say): every event, then every API key (its hash,
/// scope, revocation and last use: clients keep their secrets), then every subscription (its id, callback,
/// numbers, owner and signing secret as stored, sealed or not), then every parcel share (its token's hash, numbers
/// and revocation). What the target already has is skipped, so a copy can be repeated; a key or share revoked
/// since an earlier copy is revoked in the target too.
///
/// Order matters for notifications: events first, so the target's outbox notifies no one about what the
/// source had already notified; subscriptions last. Deliveries still waiting in the source's outbox are not
/// copied (let the old server deliver them before it stops).
public enum StoreCopy {
    /// Which parts to copy.
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let events = Parts(rawValue: 1)
        public static let keys = Parts(rawValue: 2)
        public static let subscriptions = Parts(rawValue: 4)
        public static let shares = Parts(rawValue: 8)
        public static let all: Parts = [.events, .keys, .subscriptions, .shares]
    }

    /// Why a copy cannot be made.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Subscriptions were asked for, but one of the stores keeps none (the memory store).
        case noSubscriptions
        public var description: String { "both stores must keep subscriptions (SQLite or PostgreSQL) to copy them" }
    }

    /// Copies `parts` of `source` into `target`; `progress` hears the running summary after each page of events.
    public static func run(from source: any PostTraceStorage, to target: any PostTraceStorage, parts: Parts = .all,
                           progress: (StoreCopySummary) -> Void = { _ in }) async throws -> StoreCopySummary {
        var summary = StoreCopySummary()
        var subscriptions: (from: any SubscriptionStore, to: any SubscriptionStore)?
        if parts.contains(.subscriptions) {
            // Checked before anything is written: a copy that cannot finish should not start.
            guard let from = source as? any SubscriptionStore, let to = target as? any SubscriptionStore else { throw Failure.noSubscriptions }
            subscriptions = (from, to)
        }
        if parts.contains(.events) {
            try await source.forEachPage(items: EventExport.pageItems) { page, itemCount in
                let result = try await target.insert(page)
                summary.items += itemCount
                summary.eventsAccepted += result.accepted
                summary.eventsDuplicate += result.duplicates
                progress(summary)
            }
        }
        if parts.contains(.keys) {
            for key in try await source.keys() {
                do {
                    try await target.createKey(key)  // with its revocation, if any
                    summary.keysCopied += 1
                } catch let error as StoreError where error.category == .conflict {
                    // Copied before: a revocation since then must reach the target too, or the key would work there.
                    if let revoked = key.revokedAt { _ = try await target.revokeKey(id: key.id, at: revoked) }
                    summary.keysSkipped += 1
                }
                if let used = key.lastUsedAt { try await target.touchKey(id: key.id, at: used) }
            }
        }
        if let subscriptions {
            for subscription in try await subscriptions.from.subscriptions(ownerKeyID: nil) {
                do {
                    try await subscriptions.to.createSubscription(subscription)
                    summary.subscriptionsCopied += 1
                } catch let error as StoreError where error.category == .conflict {
                    summary.subscriptionsSkipped += 1
                }
            }
        }
        if parts.contains(.shares), let from = source as? any ShareStore, let to = target as? any ShareStore {
            try await copyShares(from: from, to: to, into: &summary)
        }
        return summary
    }

    /// Every share, a page at a time; a share the target has already is revoked there when the source revoked it.
    static func copyShares(from source: any ShareStore, to target: any ShareStore, into summary: inout StoreCopySummary) async throws {
        var cursor: String?
        while true {
            let page = try await source.shares(after: cursor, limit: 1_000)
            for share in page {
                do {
                    try await target.createShare(share)
                    summary.sharesCopied += 1
                } catch let error as StoreError where error.category == .conflict {
                    if let revoked = share.revokedAt { _ = try await target.revokeShare(tokenHash: share.tokenHash, at: revoked) }
                    summary.sharesSkipped += 1
                }
            }
            guard let last = page.last, page.count == 1_000 else { return }
            cursor = last.tokenHash
        }
    }
}
