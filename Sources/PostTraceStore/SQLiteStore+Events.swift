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
    // An office code nearly always comes with the same name and city: one lookup resolves both ids.
    private var offices: [String: OfficeIDs] = [:]
    // Event codes are three capital letters: their ids sit in a flat table (0 = not cached yet).
    private var codeIDs = [Int64](repeating: 0, count: 26 * 26 * 26)
    // Reason, next office, transport and source mostly repeat the previous row (or are absent).
    private var recent = [(value: String, id: Int64)](repeating: ("", 0), count: 4)
    private var storedDetails: SQLiteStatement?

    struct PlaceKey: Hashable { let name: String; let city: String }
    struct OfficeIDs { let office: Int64; let name: String?; let city: String?; let place: Int64? }
    /// The dictionary ids of one row's detail columns.
    struct Details: Equatable { var place, reason, nextOffice, transport, source: Int64? }

    init(_ connection: SQLiteConnection) { self.connection = connection }

    /// Inserts a batch in one transaction; duplicates merge their richer fields into the stored scan.
    func insert(_ events: [TrackingEvent], maxScansPerItem: Int) throws -> InsertResult {
        do {
            return try connection.transaction {
                // Inside the transaction of the one writer: the counts cannot change before the rows are written.
                let (admitted, overLimit) = try ScanLimit.admit(events, limit: maxScansPerItem,
                                                                storedCounts: storedCounts, storedScans: storedScans)
                let order = SQLiteWriter.keyOrder(admitted)
                let watch = try watchSubscribed(admitted)  // outbox rows commit with the scans
                var result = try insertOrdered(admitted, order)
                try enqueueNotifications(watch)
                result.overLimit = overLimit
                return result
            }
        } catch {
            textIDs.removeAll(); placeIDs.removeAll(); offices.removeAll()
            codeIDs = [Int64](repeating: 0, count: codeIDs.count); recent = [(value: String, id: Int64)](repeating: ("", 0), count: 4)
            throw error
        }
    }

    /// The scans stored per item, for the items that have any, read in one statement.
    private func storedCounts(_ keys: [Int64]) throws -> [Int64: Int] {
        let stmt = try connection.statement("SELECT key, events FROM items WHERE key IN (SELECT value FROM json_each(?))")
        try stmt.bind([.jsonArray(Set(keys))])
        var counts: [Int64: Int] = [:]
        while try stmt.step() { counts[stmt.int(0)] = Int(stmt.int(1)) }
        stmt.reset()
        return counts
    }

    /// The duplicate keys of one item's stored scans.
    private func storedScans(_ key: Int64) throws -> Set<ScanKey> {
        let stmt = try connection.statement("""
            SELECT e.minute, c.value, o.value FROM events e JOIN texts c ON c.id = e.code JOIN texts o ON o.id = e.office
            WHERE e.item = ?
            """)
        try stmt.bind([.int(key)])
        var scans = Set<ScanKey>()
        while try stmt.step() {
            scans.insert(ScanKey(item: key, minute: stmt.int(0), code: stmt.text(1) ?? "", office: stmt.text(2) ?? ""))
        }
        stmt.reset()
        return scans
    }

    /// Indices in (item, time) order, which keeps the B-tree writes local. Sorts small keys, not the
    /// events (no event is copied or moved), and not at all when the batch is already in order.
    /// Ties keep their input order, so in-batch duplicates merge in file order.
    static func keyOrder(_ events: [TrackingEvent]) -> [Int] {
        let sorted = events.withUnsafeBufferPointer { b in
            b.indices.dropFirst().allSatisfy { i in
                (b[i - 1].number.storageKey, b[i - 1].time.epochSeconds) <= (b[i].number.storageKey, b[i].time.epochSeconds)
            }
        }
        if sorted { return Array(events.indices) }
        var keys: [(Int64, Int64, Int)] = []
        keys.reserveCapacity(events.count)
        events.withUnsafeBufferPointer { b in
            for i in b.indices { keys.append((b[i].number.storageKey, b[i].time.epochSeconds, i)) }
        }
        keys.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        return keys.map(\.2)
    }

    /// Writes the rows of one batch (the caller holds the transaction): events, then the per-item summaries.
    private func insertOrdered(_ events: [TrackingEvent], _ order: [Int]) throws -> InsertResult {
        var result = InsertResult()
        // Rows arrive in item order, so each item's summary is complete when the next item starts.
        var touched: [(key: Int64, time: Int64, code: Int64, count: Int64)] = []
        let insert = try connection.statement("""
            INSERT INTO events (item, minute, code, office, sec, off, place, reason, next_office, transport, source, received)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        try events.withUnsafeBufferPointer { b in
            for i in order {
                let key = b[i].number.storageKey, t = b[i].time.epochSeconds
                let code = try codeID(b[i].code.rawValue)
                let (office, details) = try ids(b[i])
                try insert.bind(1, key); try insert.bind(2, t / 60); try insert.bind(3, code); try insert.bind(4, office)
                try insert.bind(5, t % 60); try insert.bind(6, Int64(b[i].time.utcOffsetSeconds))
                try bind(details, to: insert, from: 7)
                try insert.bind(12, b[i].receivedAt)
                try insert.runBound()
                if connection.changes == 1 {
                    result.accepted += 1
                    if touched.last?.key != key { touched.append((key, t, code, 0)) }
                    if t >= touched[touched.count - 1].time { touched[touched.count - 1].time = t; touched[touched.count - 1].code = code }
                    touched[touched.count - 1].count += 1
                } else {
                    result.duplicates += 1
                    try mergeDuplicate(b[i], key: key, code: code, office: office, details: details)
                }
            }
        }
        let upsert = try connection.statement("""
            INSERT INTO items (key, last_time, last_code, events) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (key) DO UPDATE SET
                last_code = CASE WHEN excluded.last_time >= items.last_time THEN excluded.last_code ELSE items.last_code END,
                last_time = max(items.last_time, excluded.last_time),
                events = items.events + excluded.events
            """)
        for entry in touched {
            try upsert.bind(1, entry.key); try upsert.bind(2, entry.time); try upsert.bind(3, entry.code); try upsert.bind(4, entry.count)
            try upsert.runBound()
        }
        return result
    }

    /// The office id and the detail ids (place, reason, next office, transport, source) of one event.
    private func ids(_ event: TrackingEvent) throws -> (office: Int64, details: Details) {
        let office: OfficeIDs
        if let known = offices[event.office.code], known.name == event.office.name, known.city == event.office.city {
            office = known
        } else {
            office = OfficeIDs(office: try textID(event.office.code), name: event.office.name, city: event.office.city,
                               place: try placeID(name: event.office.name, city: event.office.city))
            offices[event.office.code] = office
        }
        return (office.office, Details(place: office.place, reason: try event.reason.map { try recentID($0.rawValue, 0) },
                                       nextOffice: try event.nextOffice.map { try recentID($0, 1) },
                                       transport: try event.transport.map { try recentID($0, 2) },
                                       source: try event.source.map { try recentID($0, 3) }))
    }

    /// `textID` for an event code, through the flat table when the code is three capital letters.
    private func codeID(_ code: String) throws -> Int64 {
        var slot = 0, letters = 0
        for b in code.utf8 {
            letters += 1
            guard letters <= 3, b &- 65 < 26 else { return try textID(code) }
            slot = slot * 26 + Int(b - 65)
        }
        guard letters == 3 else { return try textID(code) }
        if codeIDs[slot] == 0 { codeIDs[slot] = try textID(code) }
        return codeIDs[slot]
    }

    /// `textID` remembering the last value of one column (`column` 0–3).
    private func recentID(_ value: String, _ column: Int) throws -> Int64 {
        if recent[column].id != 0, recent[column].value == value { return recent[column].id }
        let id = try textID(value)
        recent[column] = (value, id)
        return id
    }

    /// Binds place, reason, next office, transport and source from parameter `first` on.
    private func bind(_ details: Details, to statement: SQLiteStatement, from first: Int32) throws {
        try statement.bind(first, details.place); try statement.bind(first + 1, details.reason)
        try statement.bind(first + 2, details.nextOffice); try statement.bind(first + 3, details.transport)
        try statement.bind(first + 4, details.source)
    }

    /// Merges a duplicate's richer fields into the stored scan. The stored ids decide first whether
    /// anything can change (the usual re-import case), without decoding the row.
    private func mergeDuplicate(_ event: TrackingEvent, key: Int64, code: Int64, office: Int64, details: Details) throws {
        let minute = event.time.epochSeconds / 60
        // Kept across calls: looking the statement up by its SQL text would cost more than the query (re-imports).
        if storedDetails == nil {
            storedDetails = try connection.statement(
                "SELECT place, reason, next_office, transport, source FROM events WHERE item = ? AND minute = ? AND code = ? AND office = ?")
        }
        guard let stored = storedDetails else { return }
        stored.reset()
        try stored.bind(1, key); try stored.bind(2, minute); try stored.bind(3, code); try stored.bind(4, office)
        guard try stored.step() else { return }
        let have = Details(place: stored.optionalInt(0), reason: stored.optionalInt(1), nextOffice: stored.optionalInt(2),
                           transport: stored.optionalInt(3), source: stored.optionalInt(4))
        stored.reset()
        // Same place (or none given) keeps name and city; a column already set keeps its value.
        func keeps(_ mine: Int64?, _ theirs: Int64?) -> Bool { theirs == nil || mine != nil }
        if details.place == nil || details.place == have.place, keeps(have.reason, details.reason),
           keeps(have.nextOffice, details.nextOffice), keeps(have.transport, details.transport), keeps(have.source, details.source) {
            return
        }
        try mergeDecoded(event, pk: [.int(key), .int(minute), .int(code), .int(office)])
    }

    /// The general merge: decodes the stored scan, merges as the domain model does, writes back when changed.
    private func mergeDecoded(_ event: TrackingEvent, pk: [SQLiteValue]) throws {
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

    /// Place, reason, next office, transport and source as dictionary ids.
    private func detailValues(_ event: TrackingEvent) throws -> [SQLiteValue] {
        [.optional(try placeID(name: event.office.name, city: event.office.city)),
         .optional(try event.reason.map { try textID($0.rawValue) }),
         .optional(try event.nextOffice.map { try textID($0) }),
         .optional(try event.transport.map { try textID($0) }),
         .optional(try event.source.map { try textID($0) })]
    }

    private func textID(_ value: String) throws -> Int64 {
        if let id = textIDs[value] { return id }
        try connection.statement("INSERT INTO texts (value) VALUES (?) ON CONFLICT (value) DO NOTHING").run([.text(value)])
        let select = try connection.statement("SELECT id FROM texts WHERE value = ?")
        try select.bind([.text(value)])
        guard try select.step() else { throw StoreError(.failure, reason: "dictionary entry vanished") }
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
        guard try select.step() else { throw StoreError(.failure, reason: "dictionary entry vanished") }
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
        if db.readOnly { return try eventsReadingDictionary(of: number, in: db) }
        let stmt = try db.statement(selectEventsOfItem)
        try stmt.bind(1, number.storageKey)
        var out: [TrackingEvent] = []
        while try stmt.step() { if let e = decode(stmt, number: number, previous: out.last) { out.append(e) } }
        stmt.reset()
        return out
    }

    /// One row of `selectEvents` as an event; nil only if the row is corrupt. A row of `number` (every row
    /// of `events(of:)`) takes it as is: validating the stored key again was a parse and arrays per row.
    /// Strings equal to those of `previous`, the row before, are shared with it.
    static func decode(_ s: SQLiteStatement, number known: S10Number? = nil, previous: TrackingEvent? = nil) -> TrackingEvent? {
        let key = s.int(0)
        guard let number = key == known?.storageKey ? known : S10Number(storageKey: key),
              let time = LocalTime(epochSeconds: s.int(1) * 60 + s.int(2), utcOffsetSeconds: Int32(truncatingIfNeeded: s.int(3))),
              let code = s.text(4), let office = s.text(5, reusing: previous?.office.code) else { return nil }
        let name = s.text(6, reusing: previous?.office.name).flatMap { $0.isEmpty ? nil : $0 }
        let city = s.text(7, reusing: previous?.office.city).flatMap { $0.isEmpty ? nil : $0 }
        return TrackingEvent(number: number, code: EventCode(rawValue: code), time: time,
                             office: Office(code: office, name: name, city: city),
                             reason: s.text(8, reusing: previous?.reason?.rawValue).map(ReasonCode.init(rawValue:)),
                             nextOffice: s.text(9, reusing: previous?.nextOffice), transport: s.text(10, reusing: previous?.transport),
                             source: s.text(11, reusing: previous?.source), receivedAt: s.optionalInt(12))
    }
}

/// Dictionary rows by id, kept by a reader connection. Bounded: past `limit` entries it starts again empty
/// (a national operator's offices fit many times over; a store full of unique values does not grow it forever).
///
/// Ids are SQLite rowids, dense from 1, so small ones index arrays: no hashing per column and row, which was a
/// tenth of a lookup's store time. Ids past `denseLimit` (a store that has churned through many values) fall
/// back to dictionaries.
struct SQLiteDictionaryCache {
    static let limit = 200_000
    static let denseLimit: Int64 = 1 << 20
    private var denseTexts: [String?] = []
    /// The event code each text id spells, parsed once (the `code` column's ids only).
    private var denseCodes: [EventCode?] = []
    private var densePlaces: [(name: String, city: String)?] = []
    private var sparseTexts: [Int64: String] = [:]
    private var sparsePlaces: [Int64: (name: String, city: String)] = [:]
    private(set) var textCount = 0
    private(set) var placeCount = 0

    func text(_ id: Int64) -> String? {
        if id >= 0, id < denseTexts.count { return denseTexts[Int(id)] }
        return id >= Self.denseLimit ? sparseTexts[id] : nil
    }

    func code(_ id: Int64) -> EventCode? { id >= 0 && id < denseCodes.count ? denseCodes[Int(id)] : nil }

    func place(_ id: Int64) -> (name: String, city: String)? {
        if id >= 0, id < densePlaces.count { return densePlaces[Int(id)] }
        return id >= Self.denseLimit ? sparsePlaces[id] : nil
    }

    mutating func keep(text: String, id: Int64) {
        if textCount >= Self.limit { denseTexts = []; denseCodes = []; sparseTexts = [:]; textCount = 0 }
        textCount += 1
        guard id >= 0, id < Self.denseLimit else { sparseTexts[id] = text; return }
        Self.grow(&denseTexts, toHold: id)
        denseTexts[Int(id)] = text
    }

    mutating func keep(code: EventCode, id: Int64) {
        guard id >= 0, id < Self.denseLimit else { return }
        Self.grow(&denseCodes, toHold: id)
        denseCodes[Int(id)] = code
    }

    mutating func keep(place: (name: String, city: String), id: Int64) {
        if placeCount >= Self.limit { densePlaces = []; sparsePlaces = [:]; placeCount = 0 }
        placeCount += 1
        guard id >= 0, id < Self.denseLimit else { sparsePlaces[id] = place; return }
        Self.grow(&densePlaces, toHold: id)
        densePlaces[Int(id)] = place
    }

    /// Doubles `array` (filled with nil) until index `id` exists.
    private static func grow<T>(_ array: inout [T?], toHold id: Int64) {
        guard id >= array.count else { return }
        let size = max(64, min(Int(denseLimit), Int(id + 1).nextPowerOfTwo))
        array.append(contentsOf: repeatElement(nil, count: size - array.count))
    }
}

private extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}

extension SQLiteWriter {
    /// The event rows of one item, without joins: on a reader, dictionary ids resolve through the
    /// connection's cache (a join per column and row was most of SQLite's time in a lookup). Ordered by
    /// `minute` only, which the primary key gives for free; seconds and offset are sorted here, sparing a
    /// temporary B-tree per lookup.
    static let selectEventRowsOfItem = """
        SELECT minute, sec, off, code, office, place, reason, next_office, transport, source, received
        FROM events WHERE item = ? ORDER BY minute
        """

    /// `events(of:in:)` on a reader connection. Same events, in the same order, as the joined query.
    static func eventsReadingDictionary(of number: S10Number, in db: SQLiteConnection) throws -> [TrackingEvent] {
        let stmt = try db.statement(selectEventRowsOfItem)
        try stmt.bind(1, number.storageKey)
        defer { stmt.reset() }
        var out: [TrackingEvent] = []
        while try stmt.step() {
            // A row without its time, code or office is corrupt: skipped, as the joined query's inner joins do.
            guard let time = LocalTime(epochSeconds: stmt.int(0) * 60 + stmt.int(1), utcOffsetSeconds: Int32(truncatingIfNeeded: stmt.int(2))),
                  let code = try code(stmt.int(3), in: db), let office = try text(stmt.int(4), in: db) else { continue }
            // The joined query's LEFT JOINs: an optional column whose dictionary row is missing reads as absent.
            let place = try stmt.optionalInt(5).flatMap { try Self.place($0, in: db) }
            let name = place.flatMap { $0.name.isEmpty ? nil : $0.name }, city = place.flatMap { $0.city.isEmpty ? nil : $0.city }
            let reason = try stmt.optionalInt(6).flatMap { try text($0, in: db) }
            let nextOffice = try stmt.optionalInt(7).flatMap { try text($0, in: db) }
            let transport = try stmt.optionalInt(8).flatMap { try text($0, in: db) }
            let source = try stmt.optionalInt(9).flatMap { try text($0, in: db) }
            out.append(TrackingEvent(number: number, code: code, time: time,
                                     office: Office(code: office, name: name, city: city),
                                     reason: reason.map(ReasonCode.init(rawValue:)), nextOffice: nextOffice,
                                     transport: transport, source: source, receivedAt: stmt.optionalInt(10)))
        }
        // Stable insertion sort by (instant, offset): the rows are in minute order already, so this is one pass.
        for i in out.indices.dropFirst() {
            var j = i
            while j > 0, Self.precedes(out[i], out[j - 1]) { j -= 1 }
            if j < i { out.insert(out.remove(at: i), at: j) }
        }
        return out
    }

    /// The joined query's `ORDER BY minute, sec, off`.
    private static func precedes(_ a: TrackingEvent, _ b: TrackingEvent) -> Bool {
        (a.time.epochSeconds, a.time.utcOffsetSeconds) < (b.time.epochSeconds, b.time.utcOffsetSeconds)
    }

    private static func code(_ id: Int64, in db: SQLiteConnection) throws -> EventCode? {
        if let known = db.dictionary.code(id) { return known }
        guard let text = try text(id, in: db) else { return nil }
        let code = EventCode(rawValue: text)
        db.dictionary.keep(code: code, id: id)
        return code
    }

    private static func text(_ id: Int64, in db: SQLiteConnection) throws -> String? {
        if let known = db.dictionary.text(id) { return known }
        let stmt = try db.statement("SELECT value FROM texts WHERE id = ?")
        try stmt.bind(1, id)
        defer { stmt.reset() }
        guard try stmt.step(), let value = stmt.text(0) else { return nil }
        db.dictionary.keep(text: value, id: id)
        return value
    }

    private static func place(_ id: Int64, in db: SQLiteConnection) throws -> (name: String, city: String)? {
        if let known = db.dictionary.place(id) { return known }
        let stmt = try db.statement("SELECT name, city FROM places WHERE id = ?")
        try stmt.bind(1, id)
        defer { stmt.reset() }
        guard try stmt.step(), let name = stmt.text(0), let city = stmt.text(1) else { return nil }
        db.dictionary.keep(place: (name, city), id: id)
        return (name, city)
    }
}
