import Foundation
import PostTraceCore
import S10

extension PostgresStore: SubscriptionStore {
    public func createSubscription(_ s: Subscription) async throws {
        do {
            try transaction { db in
                try db.run("sub_create", """
                    INSERT INTO subscriptions (id, callback_url, triggers, secret, owner_key, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                    """, [s.id, s.callbackURL, SubscriptionRows.triggers(s.triggers), s.secret, s.ownerKeyID, String(s.createdAt)])
                try db.run("sub_items", """
                    INSERT INTO subscription_items (item, subscription_id, position)
                    SELECT item, $2, ord - 1 FROM unnest($1::bigint[]) WITH ORDINALITY AS u(item, ord) ON CONFLICT DO NOTHING
                    """, [PostgresArray.ints(s.numbers.map(\.storageKey)), s.id])
            }
        } catch let error as StoreError where error.code == .postgres(.uniqueViolation) {
            throw StoreError.conflict("subscription \(s.id) exists")
        }
    }

    public func subscription(id: String) async throws -> Subscription? {
        try with { db in try PostgresStore.subscriptions(db, "sub_by_id", "WHERE id = $1", [id]).first }
    }

    public func subscriptions(ownerKeyID: String?) async throws -> [Subscription] {
        try with { db in
            guard let ownerKeyID else { return try PostgresStore.subscriptions(db, "sub_all", "", []) }
            return try PostgresStore.subscriptions(db, "sub_by_owner", "WHERE owner_key = $1", [ownerKeyID])
        }
    }

    public func enqueueDelivery(_ delivery: OutboxDelivery) async throws -> Bool {
        try transaction { db in
            // Locks the subscription row, so a concurrent delete cannot leave this delivery behind.
            guard try db.run("sub_lock", "SELECT 1 FROM subscriptions WHERE id = $1 FOR UPDATE", [delivery.subscriptionID]).rows == 1 else {
                return false
            }
            try PostgresStore.insertOutbox([delivery], db)
            return true
        }
    }

    public func replaceSubscriptionSecret(id: String, with secret: String) async throws -> Bool {
        try with { db in try db.run("sub_secret", "UPDATE subscriptions SET secret = $2 WHERE id = $1 RETURNING id", [id, secret]).rows == 1 }
    }

    public func deleteSubscription(id: String) async throws -> Bool {
        try transaction { db in
            for table in ["outbox", "subscription_items", "stale_alerts", "estimate_alerts"] {
                try db.run("sub_delete_\(table)", "DELETE FROM \(table) WHERE subscription_id = $1", [id])
            }
            return try db.run("sub_delete", "DELETE FROM subscriptions WHERE id = $1 RETURNING id", [id]).rows == 1
        }
    }

    public func staleWatches(after cursor: StaleWatch?, limit: Int) async throws -> [StaleWatch] {
        let r = try with { db in
            try db.run("sub_stale_watches", """
                SELECT i.subscription_id, i.item, (SELECT string_agg(a.stage, ',') FROM stale_alerts a
                                                   WHERE a.subscription_id = i.subscription_id AND a.item = i.item)
                FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
                WHERE s.triggers LIKE '%,stale,%' AND (i.subscription_id, i.item) > ($1, $2)
                ORDER BY i.subscription_id, i.item LIMIT $3
                """, [cursor?.subscriptionID ?? "", String(cursor?.number.storageKey ?? Int64.min), String(max(0, limit))])
        }
        return (0..<r.rows).compactMap { row in
            guard let id = r.text(row, 0), let number = r.int(row, 1).flatMap(S10Number.init(storageKey:)) else { return nil }
            let stages = Set((r.text(row, 2) ?? "").split(separator: ",").compactMap { Stage(rawValue: String($0)) })
            return StaleWatch(subscriptionID: id, number: number, alertedStages: stages)
        }
    }

    public func enqueueStaleAlert(_ watch: StaleWatch, _ alert: DueNotification, now: Int64) async throws -> Bool {
        guard let stage = alert.stage else { return false }
        return try transaction { db in
            let inserted = try db.run("sub_stale_mark", """
                INSERT INTO stale_alerts (subscription_id, item, stage)
                SELECT id, $2, $3 FROM subscriptions WHERE id = $1 ON CONFLICT DO NOTHING RETURNING stage
                """, [watch.subscriptionID, String(watch.number.storageKey), stage.rawValue])
            guard inserted.rows == 1 else { return false }
            try PostgresStore.insertOutbox([OutboxDelivery(alert, subscriptionID: watch.subscriptionID, number: watch.number, now: now)], db)
            return true
        }
    }

    public func estimateWatches(after cursor: EstimateWatch?, limit: Int) async throws -> [EstimateWatch] {
        let r = try with { db in
            try db.run("sub_estimate_watches", """
                SELECT i.subscription_id, i.item, a.estimate
                FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
                LEFT JOIN estimate_alerts a ON a.subscription_id = i.subscription_id AND a.item = i.item
                WHERE s.triggers LIKE '%,estimate_change,%' AND (i.subscription_id, i.item) > ($1, $2)
                ORDER BY i.subscription_id, i.item LIMIT $3
                """, [cursor?.subscriptionID ?? "", String(cursor?.number.storageKey ?? Int64.min), String(max(0, limit))])
        }
        return (0..<r.rows).compactMap { row in
            guard let id = r.text(row, 0), let number = r.int(row, 1).flatMap(S10Number.init(storageKey:)) else { return nil }
            return EstimateWatch(subscriptionID: id, number: number, told: SubscriptionRows.estimate(r.text(row, 2)))
        }
    }

    public func enqueueEstimateChange(_ watch: EstimateWatch, _ notice: DueNotification, now: Int64) async throws -> Bool {
        guard let told = SubscriptionRows.estimateJSON(notice.estimate) else { return false }
        let before = SubscriptionRows.estimateJSON(watch.told)
        return try transaction { db in
            // Compare-and-set on the estimate told: of two workers seeing the same change, one writes the notice.
            let marked = try db.run("sub_estimate_mark", """
                INSERT INTO estimate_alerts (subscription_id, item, estimate)
                SELECT id, $2, $3 FROM subscriptions WHERE id = $1
                ON CONFLICT (subscription_id, item) DO UPDATE SET estimate = EXCLUDED.estimate
                WHERE estimate_alerts.estimate IS NOT DISTINCT FROM $4::text
                RETURNING item
                """, [watch.subscriptionID, String(watch.number.storageKey), told, before])
            // A first notice (nothing told) races on the insert: a row another worker inserted meanwhile turns this
            // one into a conflict whose update is refused (a stored estimate is never NULL), so exactly one writes.
            guard marked.rows == 1 else { return false }
            try PostgresStore.insertOutbox([OutboxDelivery(notice, subscriptionID: watch.subscriptionID, number: watch.number, now: now)], db)
            return true
        }
    }

    /// Runs `body` in a transaction on one pooled connection.
    func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try with { db in
            try db.execute("BEGIN")
            do {
                let value = try body(db)
                try db.execute("COMMIT")
                return value
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    static func subscriptions(_ db: PostgresConnection, _ name: String, _ condition: String, _ params: [String?]) throws -> [Subscription] {
        let r = try db.run(name, """
            SELECT s.id, s.callback_url, s.triggers, s.secret, s.owner_key, s.created_at,
                   (SELECT string_agg(i.item::text, ',' ORDER BY i.position) FROM subscription_items i WHERE i.subscription_id = s.id)
            FROM subscriptions s \(condition) ORDER BY s.created_at DESC, s.id
            """, params)
        return (0..<r.rows).compactMap { row in
            guard let id = r.text(row, 0), let url = r.text(row, 1), let triggers = r.text(row, 2), let secret = r.text(row, 3),
                  let created = r.int(row, 5) else { return nil }
            let numbers = (r.text(row, 6) ?? "").split(separator: ",").compactMap { Int64($0).flatMap(S10Number.init(storageKey:)) }
            return Subscription(id: id, numbers: numbers, callbackURL: url, triggers: SubscriptionRows.triggers(triggers),
                                secret: secret, ownerKeyID: r.text(row, 4), createdAt: created)
        }
    }
}
