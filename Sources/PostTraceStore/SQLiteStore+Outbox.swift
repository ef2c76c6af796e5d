import CSQLite
import Foundation
import PostTraceCore
import S10

extension SQLiteStore {
    public func deliveries(subscriptionID: String, limit: Int) async throws -> [OutboxDelivery] {
        try read { db in
            let stmt = try db.statement(SQLiteStore.selectOutbox + " WHERE subscription_id = ? ORDER BY seq DESC LIMIT ?")
            try stmt.bind([.text(subscriptionID), .int(Int64(max(0, limit)))])
            return try SQLiteStore.outboxRows(stmt)
        }
    }

    public func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) async throws -> [OutboxDelivery] {
        try write { w in
            try w.connection.transaction {
                // The head (lowest seq) pending delivery of each subscription, when it is due: event order per subscription.
                let stmt = try w.connection.statement(SQLiteStore.selectOutbox + """
                     o WHERE o.state = 'pending' AND o.next_attempt_at <= ?1
                    AND o.seq = (SELECT min(p.seq) FROM outbox p WHERE p.subscription_id = o.subscription_id AND p.state = 'pending')
                    ORDER BY o.next_attempt_at, o.seq LIMIT ?2
                    """)
                try stmt.bind([.int(now), .int(Int64(max(0, limit)))])
                let due = try SQLiteStore.outboxRows(stmt)
                let extend = try w.connection.statement("UPDATE outbox SET next_attempt_at = ? WHERE id = ?")
                for d in due { try extend.run([.int(now + lease), .text(d.id)]) }
                return due
            }
        }
    }

    public func recordAttempt(_ d: OutboxDelivery) async throws {
        try write { w in
            try w.connection.statement("""
                UPDATE outbox SET state = ?, attempts = ?, first_attempt_at = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?
                WHERE id = ?
                """).run([.text(d.state.rawValue), .int(Int64(d.attempts)), .optional(d.firstAttemptAt), .int(d.nextAttemptAt),
                          .optional(d.lastError), .optional(d.deliveredAt), .text(d.id)])
        }
    }

    public func pruneDeliveries(before cutoff: Int64) async throws -> Int {
        try write { w in
            try w.connection.statement("DELETE FROM outbox WHERE state <> 'pending' AND created_at < ?").run([.int(cutoff)])
            return w.connection.changes
        }
    }

    public func pendingDeliveries() async throws -> (count: Int, oldestCreatedAt: Int64?) {
        try read { db in
            let stmt = try db.statement("SELECT count(*), min(created_at) FROM outbox WHERE state = 'pending'")
            defer { stmt.reset() }
            _ = try stmt.step()
            return (Int(stmt.int(0)), stmt.optionalInt(1))
        }
    }

    public func nextDeliveryDue() async throws -> Int64? {
        try read { db in
            // Heads only: a delivery queued behind a retrying one is not due, whatever its own time says.
            let stmt = try db.statement("""
                SELECT min(o.next_attempt_at) FROM outbox o WHERE o.state = 'pending'
                AND o.seq = (SELECT min(p.seq) FROM outbox p WHERE p.subscription_id = o.subscription_id AND p.state = 'pending')
                """)
            defer { stmt.reset() }
            return try stmt.step() ? stmt.optionalInt(0) : nil
        }
    }

    static let selectOutbox = """
        SELECT seq, id, subscription_id, kind, item, event, status, previous_status, stage, created_at, state, attempts,
               first_attempt_at, next_attempt_at, last_error, delivered_at, estimate FROM outbox
        """

    static func outboxRows(_ s: SQLiteStatement) throws -> [OutboxDelivery] {
        var out: [OutboxDelivery] = []
        while try s.step() {
            guard let id = s.text(1), let sub = s.text(2), let kind = s.text(3).flatMap(NotificationKind.init(rawValue:)),
                  let number = S10Number(storageKey: s.int(4)), let status = s.text(6).flatMap(ItemStatus.init(rawValue:)),
                  let state = s.text(10).flatMap(OutboxDelivery.State.init(rawValue:)) else { continue }
            out.append(OutboxDelivery(
                id: id, sequence: s.int(0), subscriptionID: sub, kind: kind, number: number, event: SubscriptionRows.event(s.text(5)),
                status: status, previousStatus: s.text(7).flatMap(ItemStatus.init(rawValue:)), stage: s.text(8).flatMap(Stage.init(rawValue:)),
                estimate: SubscriptionRows.estimate(s.text(16)), createdAt: s.int(9), state: state, attempts: Int(s.int(11)), firstAttemptAt: s.optionalInt(12),
                nextAttemptAt: s.int(13), lastError: s.text(14), deliveredAt: s.optionalInt(15)))
        }
        s.reset()
        return out
    }

    static func insertOutbox(_ d: OutboxDelivery, _ db: SQLiteConnection) throws {
        try db.statement("""
            INSERT INTO outbox (id, subscription_id, kind, item, event, status, previous_status, stage, created_at, state, attempts,
                                first_attempt_at, next_attempt_at, last_error, delivered_at, estimate)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([.text(d.id), .text(d.subscriptionID), .text(d.kind.rawValue), .int(d.number.storageKey),
                      .optional(SubscriptionRows.eventJSON(d.event)), .text(d.status.rawValue), .optional(d.previousStatus?.rawValue),
                      .optional(d.stage?.rawValue), .int(d.createdAt), .text(d.state.rawValue), .int(Int64(d.attempts)),
                      .optional(d.firstAttemptAt), .int(d.nextAttemptAt), .optional(d.lastError), .optional(d.deliveredAt),
                      .optional(SubscriptionRows.estimateJSON(d.estimate))])
    }
}

/// The outbox side of an insert: called by `SQLiteWriter.insert` inside its transaction.
extension SQLiteWriter {
    /// The subscriptions watching the batch's items and those items' scans before the batch;
    /// empty when nothing is subscribed, so plain imports pay almost nothing.
    func watchSubscribed(_ events: [TrackingEvent]) throws -> OutboxWatch {
        guard !events.isEmpty else { return OutboxWatch() }
        let keys = Set(events.map(\.number.storageKey))
        let candidates = try subscribedCandidates(keys)
        guard !candidates.isEmpty else { return OutboxWatch() }
        var watch = OutboxWatch()
        // The candidate items in one statement: the keys travel as one bound JSON array.
        let stmt = try connection.statement("""
            SELECT i.item, s.id, s.triggers FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
            WHERE i.item IN (SELECT value FROM json_each(?)) ORDER BY i.item, s.created_at, s.id
            """)
        try stmt.bind([.jsonArray(candidates)])
        while try stmt.step() {
            guard let number = S10Number(storageKey: stmt.int(0)), let id = stmt.text(1), let triggers = stmt.text(2) else { continue }
            watch.watched[number, default: []].append((id, SubscriptionRows.triggers(triggers)))
        }
        stmt.reset()
        for number in watch.watched.keys { watch.before[number] = try SQLiteWriter.events(of: number, in: connection) }
        return watch
    }

    /// The batch's items that may be subscribed. Subscribed items are usually few: one range read over
    /// the batch's key span finds them, where probing each of a batch's 1,000 keys cost about a microsecond
    /// per scan. When the span holds more subscribed rows than a few per key, every key is a candidate.
    private func subscribedCandidates(_ keys: Set<Int64>) throws -> Set<Int64> {
        guard let low = keys.min(), let high = keys.max() else { return [] }
        let limit = keys.count * 4
        let range = try connection.statement("SELECT item FROM subscription_items WHERE item BETWEEN ? AND ? LIMIT ?")
        try range.bind([.int(low), .int(high), .int(Int64(limit + 1))])
        defer { range.reset() }
        var rows = 0, hits = Set<Int64>()
        while try range.step() {
            rows += 1
            let item = range.int(0)
            if keys.contains(item) { hits.insert(item) }
        }
        return rows > limit ? keys : hits
    }

    /// Writes the outbox rows the batch caused, in the same transaction as its scans.
    func enqueueNotifications(_ watch: OutboxWatch) throws {
        guard !watch.watched.isEmpty else { return }
        var after: [S10Number: [TrackingEvent]] = [:]
        for number in watch.watched.keys { after[number] = try SQLiteWriter.events(of: number, in: connection) }
        let now = Int64(Date().timeIntervalSince1970)
        for delivery in SubscriptionRows.notifications(watched: watch.watched, before: watch.before, after: after, now: now) {
            try SQLiteStore.insertOutbox(delivery, connection)
        }
    }
}

/// What `watchSubscribed` found before a batch: the subscriptions per item and the item's earlier scans.
struct OutboxWatch {
    var watched: [S10Number: [(id: String, triggers: Set<NotificationTrigger>)]] = [:]
    var before: [S10Number: [TrackingEvent]] = [:]
}
