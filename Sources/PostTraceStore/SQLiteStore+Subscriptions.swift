import CSQLite
import Foundation
import PostTraceCore
import S10

extension SQLiteStore: SubscriptionStore {
    public func createSubscription(_ s: Subscription) async throws {
        try write { w in
            try w.connection.transaction {
                let exists = try w.connection.statement("SELECT 1 FROM subscriptions WHERE id = ?")
                try exists.bind([.text(s.id)])
                if try exists.step() { exists.reset(); throw StoreError.conflict("subscription \(s.id) exists") }
                exists.reset()
                try w.connection.statement("""
                    INSERT INTO subscriptions (id, callback_url, triggers, secret, owner_key, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    """).run([.text(s.id), .text(s.callbackURL), .text(SubscriptionRows.triggers(s.triggers)), .text(s.secret),
                              .optional(s.ownerKeyID), .int(s.createdAt)])
                let item = try w.connection.statement(
                    "INSERT INTO subscription_items (item, subscription_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                for (i, number) in s.numbers.enumerated() { try item.run([.int(number.storageKey), .text(s.id), .int(Int64(i))]) }
            }
        }
    }

    public func subscription(id: String) async throws -> Subscription? {
        try read { db in try SQLiteStore.subscriptions(db, where: "id = ?", [.text(id)]).first }
    }

    public func subscriptions(ownerKeyID: String?) async throws -> [Subscription] {
        try read { db in
            guard let ownerKeyID else { return try SQLiteStore.subscriptions(db, where: "1 = 1", []) }
            return try SQLiteStore.subscriptions(db, where: "owner_key = ?", [.text(ownerKeyID)])
        }
    }

    public func enqueueDelivery(_ delivery: OutboxDelivery) async throws -> Bool {
        try write { w in
            try w.connection.transaction {
                let exists = try w.connection.statement("SELECT 1 FROM subscriptions WHERE id = ?")
                try exists.bind([.text(delivery.subscriptionID)])
                defer { exists.reset() }
                guard try exists.step() else { return false }
                try SQLiteStore.insertOutbox(delivery, w.connection)
                return true
            }
        }
    }

    public func replaceSubscriptionSecret(id: String, with secret: String) async throws -> Bool {
        try write { w in
            try w.connection.statement("UPDATE subscriptions SET secret = ? WHERE id = ?").run([.text(secret), .text(id)])
            return w.connection.changes == 1
        }
    }

    public func deleteSubscription(id: String) async throws -> Bool {
        try write { w in
            try w.connection.transaction {
                for table in ["outbox", "subscription_items", "stale_alerts", "estimate_alerts"] {
                    try w.connection.statement("DELETE FROM \(table) WHERE subscription_id = ?").run([.text(id)])
                }
                try w.connection.statement("DELETE FROM subscriptions WHERE id = ?").run([.text(id)])
                return w.connection.changes == 1
            }
        }
    }

    public func staleWatches(after cursor: StaleWatch?, limit: Int) async throws -> [StaleWatch] {
        try read { db in
            let stmt = try db.statement("""
                SELECT i.subscription_id, i.item, (SELECT group_concat(a.stage) FROM stale_alerts a
                                                   WHERE a.subscription_id = i.subscription_id AND a.item = i.item)
                FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
                WHERE s.triggers LIKE '%,stale,%' AND (i.subscription_id, i.item) > (?1, ?2)
                ORDER BY i.subscription_id, i.item LIMIT ?3
                """)
            try stmt.bind([.text(cursor?.subscriptionID ?? ""), .int(cursor?.number.storageKey ?? Int64.min), .int(Int64(max(0, limit)))])
            var out: [StaleWatch] = []
            while try stmt.step() {
                guard let id = stmt.text(0), let number = S10Number(storageKey: stmt.int(1)) else { continue }
                let stages = Set((stmt.text(2) ?? "").split(separator: ",").compactMap { Stage(rawValue: String($0)) })
                out.append(StaleWatch(subscriptionID: id, number: number, alertedStages: stages))
            }
            stmt.reset()
            return out
        }
    }

    public func enqueueStaleAlert(_ watch: StaleWatch, _ alert: DueNotification, now: Int64) async throws -> Bool {
        guard let stage = alert.stage else { return false }
        return try write { w in
            try w.connection.transaction {
                guard try SQLiteStore.subscriptions(w.connection, where: "id = ?", [.text(watch.subscriptionID)]).first != nil else { return false }
                try w.connection.statement("INSERT INTO stale_alerts (subscription_id, item, stage) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .run([.text(watch.subscriptionID), .int(watch.number.storageKey), .text(stage.rawValue)])
                guard w.connection.changes == 1 else { return false }
                try SQLiteStore.insertOutbox(OutboxDelivery(alert, subscriptionID: watch.subscriptionID, number: watch.number, now: now),
                                             w.connection)
                return true
            }
        }
    }

    public func estimateWatches(after cursor: EstimateWatch?, limit: Int) async throws -> [EstimateWatch] {
        try read { db in
            let stmt = try db.statement("""
                SELECT i.subscription_id, i.item, a.estimate
                FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
                LEFT JOIN estimate_alerts a ON a.subscription_id = i.subscription_id AND a.item = i.item
                WHERE s.triggers LIKE '%,estimate_change,%' AND (i.subscription_id, i.item) > (?1, ?2)
                ORDER BY i.subscription_id, i.item LIMIT ?3
                """)
            try stmt.bind([.text(cursor?.subscriptionID ?? ""), .int(cursor?.number.storageKey ?? Int64.min), .int(Int64(max(0, limit)))])
            var out: [EstimateWatch] = []
            while try stmt.step() {
                guard let id = stmt.text(0), let number = S10Number(storageKey: stmt.int(1)) else { continue }
                out.append(EstimateWatch(subscriptionID: id, number: number, told: SubscriptionRows.estimate(stmt.text(2))))
            }
            stmt.reset()
            return out
        }
    }

    public func enqueueEstimateChange(_ watch: EstimateWatch, _ notice: DueNotification, now: Int64) async throws -> Bool {
        guard let told = SubscriptionRows.estimateJSON(notice.estimate) else { return false }
        let before = SubscriptionRows.estimateJSON(watch.told)
        return try write { w in
            try w.connection.transaction {
                guard try SQLiteStore.subscriptions(w.connection, where: "id = ?", [.text(watch.subscriptionID)]).first != nil else { return false }
                // Compare-and-set on the estimate told (IS: NULL when nothing was told), so a change is told once.
                let current = try w.connection.statement("SELECT estimate FROM estimate_alerts WHERE subscription_id = ? AND item = ?")
                try current.bind([.text(watch.subscriptionID), .int(watch.number.storageKey)])
                let stored = try current.step() ? current.text(0) : nil
                current.reset()
                guard stored == before else { return false }
                try w.connection.statement("""
                    INSERT INTO estimate_alerts (subscription_id, item, estimate) VALUES (?, ?, ?)
                    ON CONFLICT (subscription_id, item) DO UPDATE SET estimate = excluded.estimate
                    """).run([.text(watch.subscriptionID), .int(watch.number.storageKey), .text(told)])
                try SQLiteStore.insertOutbox(OutboxDelivery(notice, subscriptionID: watch.subscriptionID, number: watch.number, now: now),
                                             w.connection)
                return true
            }
        }
    }

    static func subscriptions(_ db: SQLiteConnection, where condition: String, _ values: [SQLiteValue]) throws -> [Subscription] {
        let stmt = try db.statement("""
            SELECT id, callback_url, triggers, secret, owner_key, created_at FROM subscriptions WHERE \(condition)
            ORDER BY created_at DESC, id
            """)
        try stmt.bind(values)
        var out: [Subscription] = []
        while try stmt.step() {
            guard let id = stmt.text(0), let url = stmt.text(1), let triggers = stmt.text(2), let secret = stmt.text(3) else { continue }
            out.append(Subscription(id: id, numbers: [], callbackURL: url, triggers: SubscriptionRows.triggers(triggers),
                                    secret: secret, ownerKeyID: stmt.text(4), createdAt: stmt.int(5)))
        }
        stmt.reset()
        let items = try db.statement("SELECT item FROM subscription_items WHERE subscription_id = ? ORDER BY position")
        for i in out.indices {
            try items.bind([.text(out[i].id)])
            while try items.step() { if let n = S10Number(storageKey: items.int(0)) { out[i].numbers.append(n) } }
            items.reset()
        }
        return out
    }
}
