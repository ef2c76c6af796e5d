import PostTraceCore
import S10

extension PostgresStore {
    /// Inserts a batch in one transaction: small batches as one prepared INSERT over unnest arrays,
    /// large ones through COPY into a temporary table. Duplicates merge in SQL (ON CONFLICT).
    public func insert(_ events: [TrackingEvent]) async throws -> InsertResult {
        // One statement cannot update the same row twice, so duplicates inside the batch merge here first.
        var unique: [ScanKey: Int] = [:]
        var rows: [TrackingEvent] = []
        rows.reserveCapacity(events.count)
        var inBatch = 0
        for event in events {
            let key = ScanKey(event)
            if let i = unique[key] {
                rows[i] = rows[i].mergingRicherFields(of: event)
                inBatch += 1
            } else {
                unique[key] = rows.count
                rows.append(event)
            }
        }
        if rows.isEmpty { try with { _ in () }; return InsertResult() }
        var result = try with { db in
            try db.execute("BEGIN")
            do {
                let watch = try PostgresStore.watchSubscribed(rows, db)  // outbox rows commit with the scans (issue 8)
                let r = rows.count >= PostgresStore.copyThreshold ? try copyInsert(rows, db) : try unnestInsert(rows, db)
                try PostgresStore.enqueueNotifications(watch, db)
                try db.execute("COMMIT")
                return r
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
        result.duplicates += inBatch
        return result
    }

    private func unnestInsert(_ rows: [TrackingEvent], _ db: PostgresConnection) throws -> InsertResult {
        let t = rows.map(\.time.epochSeconds)
        let params: [String?] = [
            PostgresArray.ints(rows.map(\.number.storageKey)), PostgresArray.ints(t.map { $0 / 60 }),
            PostgresArray.texts(rows.map(\.code.rawValue)), PostgresArray.texts(rows.map(\.office.code)),
            PostgresArray.ints(t.map { $0 % 60 }), PostgresArray.ints(rows.map { Int64($0.time.utcOffsetSeconds) }),
            PostgresArray.texts(rows.map(\.office.name)), PostgresArray.texts(rows.map(\.office.city)),
            PostgresArray.texts(rows.map { $0.reason?.rawValue }), PostgresArray.texts(rows.map(\.nextOffice)),
            PostgresArray.texts(rows.map(\.transport)), PostgresArray.texts(rows.map(\.source)),
            PostgresArray.optionalInts(rows.map(\.receivedAt)),
        ]
        let source = """
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::smallint[], $6::int[], $7::text[],
                                 $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bigint[])
            """
        return try counts(db.run("insert_unnest", PostgresStore.upsert(from: source), params))
    }

    private func copyInsert(_ rows: [TrackingEvent], _ db: PostgresConnection) throws -> InsertResult {
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS staging (LIKE events) ON COMMIT DELETE ROWS")
        var data: [UInt8] = []
        data.reserveCapacity(rows.count * 96)
        for e in rows { CopyText.append(e, to: &data) }
        try db.copy("COPY staging FROM STDIN", data: data)
        return try counts(db.run("insert_staging", PostgresStore.upsert(from: "SELECT * FROM staging"), []))
    }

    private func counts(_ r: PostgresResult) -> InsertResult {
        InsertResult(accepted: Int(r.int(0, 0) ?? 0), duplicates: Int(r.int(0, 1) ?? 0))
    }

    /// The one upsert: events with richer-field merge, then the per-item summary, then the counts.
    static func upsert(from source: String) -> String {
        """
        WITH ins AS (
            INSERT INTO events AS e (item, minute, code, office, sec, off, office_name, city, reason, next_office, transport, source, received)
            \(source)
            ON CONFLICT (item, minute, code, office) DO UPDATE SET
                office_name = CASE WHEN length(coalesce(excluded.office_name, '')) > length(coalesce(e.office_name, ''))
                                   THEN excluded.office_name ELSE e.office_name END,
                city = CASE WHEN length(coalesce(excluded.city, '')) > length(coalesce(e.city, ''))
                            THEN excluded.city ELSE e.city END,
                reason = coalesce(e.reason, excluded.reason), next_office = coalesce(e.next_office, excluded.next_office),
                transport = coalesce(e.transport, excluded.transport), source = coalesce(e.source, excluded.source)
            RETURNING e.item, e.minute * 60 + e.sec AS t, e.code, (e.xmax = 0) AS fresh
        ), summary AS (
            INSERT INTO items AS i (key, last_time, last_code, events)
            SELECT item, max(t), (array_agg(code ORDER BY t DESC))[1], count(*) FROM ins WHERE fresh GROUP BY item
            ON CONFLICT (key) DO UPDATE SET
                last_code = CASE WHEN excluded.last_time >= i.last_time THEN excluded.last_code ELSE i.last_code END,
                last_time = greatest(i.last_time, excluded.last_time),
                events = i.events + excluded.events
        )
        SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM ins
        """
    }
}

/// The duplicate rule as a hashable key: number, code, office, minute.
struct ScanKey: Hashable {
    let item: Int64, minute: Int64, code: String, office: String
    init(_ e: TrackingEvent) {
        item = e.number.storageKey; minute = e.time.epochSeconds / 60; code = e.code.rawValue; office = e.office.code
    }
}

/// Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
enum CopyText {
    static func append(_ e: TrackingEvent, to out: inout [UInt8]) {
        let t = e.time.epochSeconds
        let fields: [String?] = [String(e.number.storageKey), String(t / 60), e.code.rawValue, e.office.code, String(t % 60),
                                 String(e.time.utcOffsetSeconds), e.office.name, e.office.city, e.reason?.rawValue,
                                 e.nextOffice, e.transport, e.source, e.receivedAt.map(String.init)]
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(9) }
            guard let field else { out.append(contentsOf: [92, 78]); continue }
            for b in field.utf8 {
                switch b {
                case 92: out.append(contentsOf: [92, 92])
                case 9: out.append(contentsOf: [92, 116])
                case 10: out.append(contentsOf: [92, 110])
                case 13: out.append(contentsOf: [92, 114])
                default: out.append(b)
                }
            }
        }
        out.append(10)
    }
}
