import PostTraceCore
import S10

extension PostgresStore {
    /// Inserts a batch in one transaction: small batches as one prepared INSERT over unnest arrays,
    /// large ones through COPY into a temporary table. Duplicates merge in SQL (ON CONFLICT).
    public func insert(_ events: [TrackingEvent], maxScansPerItem: Int) async throws -> InsertResult {
        if events.isEmpty { try with { _ in () }; return InsertResult() }
        return try with { db in
            try db.execute("BEGIN")
            do {
                // Counted inside the transaction; concurrent writers may each add their own batch's share
                // before seeing the other's, so an item may pass the bound by at most that.
                let (admitted, overLimit) = try ScanLimit.admit(events, limit: maxScansPerItem,
                                                                storedCounts: { try PostgresStore.storedCounts($0, db) },
                                                                storedScans: { try PostgresStore.storedScans($0, db) })
                var result = try insertAdmitted(admitted, db)
                try db.execute("COMMIT")
                result.overLimit = overLimit
                return result
            } catch {
                _ = try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    private static func storedCounts(_ keys: [Int64], _ db: PostgresConnection) throws -> [Int64: Int] {
        let r = try db.run("stored_counts", "SELECT key, events FROM items WHERE key = ANY($1::bigint[])", [PostgresArray.ints(keys)])
        var counts: [Int64: Int] = [:]
        for row in 0..<r.rows { if let key = r.int(row, 0), let n = r.int(row, 1) { counts[key] = Int(n) } }
        return counts
    }

    private static func storedScans(_ key: Int64, _ db: PostgresConnection) throws -> Set<ScanKey> {
        let r = try db.run("stored_scans", "SELECT minute, code, office FROM events WHERE item = $1", [String(key)])
        var scans = Set<ScanKey>()
        for row in 0..<r.rows {
            scans.insert(ScanKey(item: key, minute: r.int(row, 0) ?? 0, code: r.text(row, 1) ?? "", office: r.text(row, 2) ?? ""))
        }
        return scans
    }

    /// Writes admitted events inside the caller's transaction.
    private func insertAdmitted(_ events: [TrackingEvent], _ db: PostgresConnection) throws -> InsertResult {
        // One statement cannot update the same row twice, so duplicates inside the batch merge here first.
        var unique: [ScanKey: Int] = [:]
        unique.reserveCapacity(events.count)
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
        if rows.isEmpty { return InsertResult() }
        let watch = try PostgresStore.watchSubscribed(rows, db)  // outbox rows commit with the scans
        var result = rows.count >= PostgresStore.copyThreshold ? try copyInsert(rows, db) : try unnestInsert(rows, db)
        try PostgresStore.enqueueNotifications(watch, db)
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
    init(item: Int64, minute: Int64, code: String, office: String) {
        self.item = item; self.minute = minute; self.code = code; self.office = office
    }
    init(_ e: TrackingEvent) {
        item = e.number.storageKey; minute = e.time.epochSeconds / 60; code = e.code.rawValue; office = e.office.code
    }
}

/// Rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
enum CopyText {
    /// Appends one row, writing numbers and text straight into `out` (no Strings or arrays per row).
    static func append(_ e: TrackingEvent, to out: inout [UInt8]) {
        let t = e.time.epochSeconds
        int(e.number.storageKey, &out); out.append(9)
        int(t / 60, &out); out.append(9)
        text(e.code.rawValue, &out); out.append(9)
        text(e.office.code, &out); out.append(9)
        int(t % 60, &out); out.append(9)
        int(Int64(e.time.utcOffsetSeconds), &out); out.append(9)
        text(e.office.name, &out); out.append(9)
        text(e.office.city, &out); out.append(9)
        text(e.reason?.rawValue, &out); out.append(9)
        text(e.nextOffice, &out); out.append(9)
        text(e.transport, &out); out.append(9)
        text(e.source, &out); out.append(9)
        if let r = e.receivedAt { int(r, &out) } else { out.append(contentsOf: [92, 78]) }
        out.append(10)
    }

    /// Decimal digits, as `String(value)` writes them.
    static func int(_ value: Int64, _ out: inout [UInt8]) {
        if value < 0 { out.append(45) }
        var m = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[n] = UInt8(48 + m % 10); m /= 10; n += 1 } while m > 0
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    /// Text with COPY's backslash escapes; nil is `\N`.
    static func text(_ value: String?, _ out: inout [UInt8]) {
        guard let value else { out.append(contentsOf: [92, 78]); return }
        guard value.utf8.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else {
            out.append(contentsOf: value.utf8)
            return
        }
        for b in value.utf8 {
            switch b {
            case 92: out.append(contentsOf: [92, 92])
            case 9: out.append(contentsOf: [92, 116])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            default: out.append(b)
            }
        }
    }
}
