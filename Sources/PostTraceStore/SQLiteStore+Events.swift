import CSQLite
import PostTraceCore
import S10

/// The writer side of `SQLiteStore`: the one connection that writes, with its dictionary caches.
/// Used only under the store's writer lock.
final class SQLiteWriter {
    let connection: SQLiteConnection
    // Dictionary ids never change once committed, so caching them is safe across processes;
    // a rolled-back transaction clears the caches (its new ids are gone).
    private var textIDs: [String: Int64] = [:]
    private var placeIDs: [PlaceKey: Int64] = [:]

    struct PlaceKey: Hashable { let name: String; let city: String }

    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Inserts a batch in one transaction; duplicates merge their richer fields into the stored scan.
    func insert(_ events: [TrackingEvent]) throws -> InsertResult {
        // Key order keeps the B-tree writes local; sort small keys, not the events themselves.
        let order = events.indices.sorted {
            (events[$0].number.storageKey, events[$0].time.epochSeconds) < (events[$1].number.storageKey, events[$1].time.epochSeconds)
        }
        do {
            return try connection.transaction {
                let watch = try watchSubscribed(events)  // outbox rows commit with the scans (issue 8)
                let result = try insertOrdered(events, order)
                try enqueueNotifications(watch)
                return result
            }
        } catch {
            textIDs.removeAll(); placeIDs.removeAll()
            throw error
        }
    }

    private func insertOrdered(_ events: [TrackingEvent], _ order: [Int]) throws -> InsertResult {
        var result = InsertResult()
        var touched: [Int64: (time: Int64, code: Int64, count: Int64)] = [:]
        let insert = try connection.statement("""
            INSERT INTO events (item, minute, code, office, sec, off, place, reason, next_office, transport, source, received)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        for i in order {
            let event = events[i]
            let key = event.number.storageKey, t = event.time.epochSeconds
            let code = try textID(event.code.rawValue), office = try textID(event.office.code)
            try insert.bind(1, key); try insert.bind(2, t / 60); try insert.bind(3, code); try insert.bind(4, office)
            try insert.bind(5, t % 60); try insert.bind(6, Int64(event.time.utcOffsetSeconds))
            try bindDetails(event, to: insert, from: 7)
            try insert.bind(12, event.receivedAt)
            try insert.runBound()
            if connection.changes == 1 {
                result.accepted += 1
                var entry = touched[key] ?? (time: t, code: code, count: 0)
                if t >= entry.time { entry.time = t; entry.code = code }
                entry.count += 1
                touched[key] = entry
            } else {
                result.duplicates += 1
                try mergeDuplicate(event, code: code, office: office)
            }
        }
        let upsert = try connection.statement("""
            INSERT INTO items (key, last_time, last_code, events) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (key) DO UPDATE SET
                last_code = CASE WHEN excluded.last_time >= items.last_time THEN excluded.last_code ELSE items.last_code END,
                last_time = max(items.last_time, excluded.last_time),
                events = items.events + excluded.events
            """)
        for (key, entry) in touched { try upsert.run([.int(key), .int(entry.time), .int(entry.code), .int(entry.count)]) }
        return result
    }

    /// Binds place, reason, next office, transport and source (dictionary ids) from parameter `first` on.
    private func bindDetails(_ event: TrackingEvent, to statement: SQLiteStatement, from first: Int32) throws {
        try statement.bind(first, try placeID(name: event.office.name, city: event.office.city))
        try statement.bind(first + 1, try event.reason.map { try textID($0.rawValue) })
        try statement.bind(first + 2, try event.nextOffice.map { try textID($0) })
        try statement.bind(first + 3, try event.transport.map { try textID($0) })
        try statement.bind(first + 4, try event.source.map { try textID($0) })
    }

    /// Place, reason, next office, transport and source as dictionary ids.
    private func detailValues(_ event: TrackingEvent) throws -> [SQLiteValue] {
        [.optional(try placeID(name: event.office.name, city: event.office.city)),
         .optional(try event.reason.map { try textID($0.rawValue) }),
         .optional(try event.nextOffice.map { try textID($0) }),
         .optional(try event.transport.map { try textID($0) }),
         .optional(try event.source.map { try textID($0) })]
    }

    private func mergeDuplicate(_ event: TrackingEvent, code: Int64, office: Int64) throws {
        let t = event.time.epochSeconds
        let pk: [SQLiteValue] = [.int(event.number.storageKey), .int(t / 60), .int(code), .int(office)]
        let select = try connection.statement(SQLiteWriter.selectEvents + " WHERE e.item = ? AND e.minute = ? AND e.code = ? AND e.office = ?")
        try select.bind(pk)
        guard try select.step(), let stored = SQLiteWriter.decode(select) else { return }
        select.reset()
        let merged = stored.mergingRicherFields(of: event)
        guard merged != stored else { return }
        let update = try connection.statement("""
            UPDATE events SET place = ?, reason = ?, next_office = ?, transport = ?, source = ?
            WHERE item = ? AND minute = ? AND code = ? AND office = ?
            """)
        try update.run(try detailValues(merged) + pk)
    }

    private func textID(_ value: String) throws -> Int64 {
        if let id = textIDs[value] { return id }
        try connection.statement("INSERT INTO texts (value) VALUES (?) ON CONFLICT (value) DO NOTHING").run([.text(value)])
        let select = try connection.statement("SELECT id FROM texts WHERE value = ?")
        try select.bind([.text(value)])
        guard try select.step() else { throw SQLiteError(code: SQLITE_INTERNAL, message: "dictionary entry vanished") }
        let id = select.int(0)
        select.reset()
        textIDs[value] = id
        return id
    }

    private func placeID(name: String?, city: String?) throws -> Int64? {
        let key = PlaceKey(name: name ?? "", city: city ?? "")
        if key.name.isEmpty && key.city.isEmpty { return nil }
        if let id = placeIDs[key] { return id }
        try connection.statement("INSERT INTO places (name, city) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .run([.text(key.name), .text(key.city)])
        let select = try connection.statement("SELECT id FROM places WHERE name = ? AND city = ?")
        try select.bind([.text(key.name), .text(key.city)])
        guard try select.step() else { throw SQLiteError(code: SQLITE_INTERNAL, message: "dictionary entry vanished") }
        let id = select.int(0)
        select.reset()
        placeIDs[key] = id
        return id
    }

    static let selectEvents = """
        SELECT e.item, e.minute, e.sec, e.off, c.value, o.value, p.name, p.city, r.value, n.value, t.value, s.value, e.received
        FROM events e JOIN texts c ON c.id = e.code JOIN texts o ON o.id = e.office
        LEFT JOIN places p ON p.id = e.place LEFT JOIN texts r ON r.id = e.reason
        LEFT JOIN texts n ON n.id = e.next_office LEFT JOIN texts t ON t.id = e.transport LEFT JOIN texts s ON s.id = e.source
        """

    /// Built once: the statement cache is keyed by the SQL text.
    static let selectEventsOfItem = selectEvents + " WHERE e.item = ? ORDER BY e.minute, e.sec, e.off"

    /// The events of one item, oldest first.
    static func events(of number: S10Number, in db: SQLiteConnection) throws -> [TrackingEvent] {
        let stmt = try db.statement(selectEventsOfItem)
        try stmt.bind(1, number.storageKey)
        var out: [TrackingEvent] = []
        while try stmt.step() { if let e = decode(stmt) { out.append(e) } }
        stmt.reset()
        return out
    }

    /// One row of `selectEvents` as an event; nil only if the row is corrupt.
    static func decode(_ s: SQLiteStatement) -> TrackingEvent? {
        guard let number = S10Number(storageKey: s.int(0)),
              let time = LocalTime(epochSeconds: s.int(1) * 60 + s.int(2), utcOffsetSeconds: Int32(truncatingIfNeeded: s.int(3))),
              let code = s.text(4), let office = s.text(5) else { return nil }
        let name = s.text(6).flatMap { $0.isEmpty ? nil : $0 }, city = s.text(7).flatMap { $0.isEmpty ? nil : $0 }
        return TrackingEvent(number: number, code: EventCode(rawValue: code), time: time,
                             office: Office(code: office, name: name, city: city),
                             reason: s.text(8).map(ReasonCode.init(rawValue:)), nextOffice: s.text(9),
                             transport: s.text(10), source: s.text(11), receivedAt: s.optionalInt(12))
    }
}
