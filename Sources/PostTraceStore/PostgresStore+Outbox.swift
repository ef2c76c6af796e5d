import Foundation
import PostTraceCore
import S10

extension PostgresStore {
    public func deliveries(subscriptionID: String, limit: Int) async throws -> [OutboxDelivery] {
        let r = try with { db in
            try db.run("outbox_of", PostgresStore.selectOutbox + " WHERE subscription_id = $1 ORDER BY seq DESC LIMIT $2",
                       [subscriptionID, String(max(0, limit))])
        }
        return PostgresStore.outboxRows(r)
    }

    public func claimDueDeliveries(now: Int64, lease: Int64, limit: Int) async throws -> [OutboxDelivery] {
        // The head pending delivery of each subscription, when due. The UPDATE re-checks next_attempt_at
        // after taking the row lock, so two workers racing for one head cannot both claim it.
        let r = try with { db in
            try db.run("outbox_claim", """
                WITH heads AS (
                    SELECT DISTINCT ON (subscription_id) seq, next_attempt_at FROM outbox
                    WHERE state = 'pending' ORDER BY subscription_id, seq
                ), due AS (
                    SELECT seq FROM heads WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, seq LIMIT $3
                )
                UPDATE outbox o SET next_attempt_at = $1 + $2 FROM due
                WHERE o.seq = due.seq AND o.state = 'pending' AND o.next_attempt_at <= $1
                RETURNING o.seq, o.id, o.subscription_id, o.kind, o.item, o.event, o.status, o.previous_status, o.stage,
                          o.created_at, o.state, o.attempts, o.first_attempt_at, $1::bigint, o.last_error, o.delivered_at, o.estimate
                """, [String(now), String(lease), String(max(0, limit))])
        }
        return PostgresStore.outboxRows(r).sorted { ($0.nextAttemptAt, $0.sequence) < ($1.nextAttemptAt, $1.sequence) }
    }

    public func recordAttempt(_ d: OutboxDelivery) async throws {
        _ = try with { db in
            try db.run("outbox_record", """
                UPDATE outbox SET state = $1, attempts = $2, first_attempt_at = $3, next_attempt_at = $4, last_error = $5,
                                  delivered_at = $6 WHERE id = $7
                """, [d.state.rawValue, String(d.attempts), d.firstAttemptAt.map(String.init), String(d.nextAttemptAt), d.lastError,
                      d.deliveredAt.map(String.init), d.id])
        }
    }

    public func pruneDeliveries(before cutoff: Int64) async throws -> Int {
        let r = try with { db in
            try db.run("outbox_prune", "DELETE FROM outbox WHERE state <> 'pending' AND created_at < $1 RETURNING seq", [String(cutoff)])
        }
        return r.rows
    }

    public func pendingDeliveries() async throws -> (count: Int, oldestCreatedAt: Int64?) {
        let r = try with { try $0.run("outbox_pending_count", "SELECT count(*), min(created_at) FROM outbox WHERE state = 'pending'", []) }
        return (Int(r.int(0, 0) ?? 0), r.int(0, 1))
    }

    public func nextDeliveryDue() async throws -> Int64? {
        // Heads only: a delivery queued behind a retrying one is not due, whatever its own time says.
        let r = try with {
            try $0.run("outbox_next", """
                SELECT min(next_attempt_at) FROM (SELECT DISTINCT ON (subscription_id) next_attempt_at FROM outbox
                                                  WHERE state = 'pending' ORDER BY subscription_id, seq) heads
                """, [])
        }
        return r.int(0, 0)
    }

    static let selectOutbox = """
        SELECT seq, id, subscription_id, kind, item, event, status, previous_status, stage, created_at, state, attempts,
               first_attempt_at, next_attempt_at, last_error, delivered_at, estimate FROM outbox
        """

    static func outboxRows(_ r: PostgresResult) -> [OutboxDelivery] {
        (0..<r.rows).compactMap { row in
            guard let seq = r.int(row, 0), let id = r.text(row, 1), let sub = r.text(row, 2),
                  let kind = r.text(row, 3).flatMap(NotificationKind.init(rawValue:)),
                  let number = r.int(row, 4).flatMap(S10Number.init(storageKey:)),
                  let status = r.text(row, 6).flatMap(ItemStatus.init(rawValue:)), let created = r.int(row, 9),
                  let state = r.text(row, 10).flatMap(OutboxDelivery.State.init(rawValue:)), let attempts = r.int(row, 11),
                  let next = r.int(row, 13) else { return nil }
            return OutboxDelivery(
                id: id, sequence: seq, subscriptionID: sub, kind: kind, number: number, event: SubscriptionRows.event(r.text(row, 5)),
                status: status, previousStatus: r.text(row, 7).flatMap(ItemStatus.init(rawValue:)),
                stage: r.text(row, 8).flatMap(Stage.init(rawValue:)), estimate: SubscriptionRows.estimate(r.text(row, 16)), createdAt: created, state: state, attempts: Int(attempts),
                firstAttemptAt: r.int(row, 12), nextAttemptAt: next, lastError: r.text(row, 14), deliveredAt: r.int(row, 15))
        }
    }

    /// Inserts pending outbox rows in one statement, in order (their seq follows the array order).
    static func insertOutbox(_ rows: [OutboxDelivery], _ db: PostgresConnection) throws {
        guard !rows.isEmpty else { return }
        try db.run("outbox_insert", """
            INSERT INTO outbox (id, subscription_id, kind, item, event, status, previous_status, stage, created_at, state, attempts,
                                next_attempt_at, estimate)
            SELECT id, sub, kind, item, event, status, prev, stage, created, 'pending', 0, created, estimate
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[],
                        $10::text[])
                 WITH ORDINALITY AS u(id, sub, kind, item, event, status, prev, stage, created, estimate, ord)
            ORDER BY ord
            """, [PostgresArray.texts(rows.map(\.id)), PostgresArray.texts(rows.map(\.subscriptionID)),
                  PostgresArray.texts(rows.map(\.kind.rawValue)), PostgresArray.ints(rows.map(\.number.storageKey)),
                  PostgresArray.texts(rows.map { SubscriptionRows.eventJSON($0.event) }), PostgresArray.texts(rows.map(\.status.rawValue)),
                  PostgresArray.texts(rows.map { $0.previousStatus?.rawValue }), PostgresArray.texts(rows.map { $0.stage?.rawValue }),
                  PostgresArray.ints(rows.map(\.createdAt)), PostgresArray.texts(rows.map { SubscriptionRows.estimateJSON($0.estimate) })])
    }

    /// Before a batch, inside its transaction: locks the subscription rows of the batch's items (so two
    /// concurrent batches for one item are told in turn) and reads those items' earlier scans.
    static func watchSubscribed(_ events: [TrackingEvent], _ db: PostgresConnection) throws -> OutboxWatch {
        let keys = Array(Set(events.map(\.number.storageKey)))
        // One cheap probe first, so bulk imports with no subscriptions never ship their keys twice.
        guard !keys.isEmpty, try db.run("outbox_any", "SELECT 1 FROM subscription_items LIMIT 1", []).rows == 1 else { return OutboxWatch() }
        let r = try db.run("outbox_watch", """
            SELECT i.item, s.id, s.triggers FROM subscription_items i JOIN subscriptions s ON s.id = i.subscription_id
            WHERE i.item = ANY($1::bigint[]) ORDER BY i.item, s.created_at, s.id FOR UPDATE OF i
            """, [PostgresArray.ints(keys)])
        var watch = OutboxWatch()
        for row in 0..<r.rows {
            guard let number = r.int(row, 0).flatMap(S10Number.init(storageKey:)), let id = r.text(row, 1), let t = r.text(row, 2) else { continue }
            watch.watched[number, default: []].append((id, SubscriptionRows.triggers(t)))
        }
        guard !watch.watched.isEmpty else { return watch }
        watch.before = try eventsOf(Array(watch.watched.keys), db)
        return watch
    }

    /// After the batch, in the same transaction: writes the outbox rows it caused.
    static func enqueueNotifications(_ watch: OutboxWatch, _ db: PostgresConnection) throws {
        guard !watch.watched.isEmpty else { return }
        let after = try eventsOf(Array(watch.watched.keys), db)
        let now = Int64(Date().timeIntervalSince1970)
        try insertOutbox(SubscriptionRows.notifications(watched: watch.watched, before: watch.before, after: after, now: now), db)
    }

    private static func eventsOf(_ numbers: [S10Number], _ db: PostgresConnection) throws -> [S10Number: [TrackingEvent]] {
        let r = try db.run("events_of", selectEvents, [PostgresArray.ints(numbers.map(\.storageKey))])
        var out: [S10Number: [TrackingEvent]] = [:]
        for row in 0..<r.rows { if let e = decode(r, row) { out[e.number, default: []].append(e) } }
        return out
    }
}
