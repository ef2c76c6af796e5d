import Foundation
import PostTraceCore
@testable import PostTraceStore
import S10
import Testing
import TestSupport

/// The import's byte-level fast path accepts only what the general parser accepts, and builds the same event.
@Suite("Import fast path agrees with the general parser", .scratch)
struct ImportFastPathTests {
    static let header = try! Array(ExchangeWriter.csvHeader.utf8).withUnsafeBufferPointer { b throws(LineReject) in try CSVHeader(b) }

    /// The general path's verdict on one line: the event, or the reject.
    static func general(_ line: [UInt8], header: CSVHeader = header) -> Result<TrackingEvent, LineReject> {
        var scratch: [String] = []
        return line.withUnsafeBufferPointer { b in
            do throws(LineReject) {
                guard isValidUTF8(b) else { throw LineReject(.badUTF8, "") }
                return .success(try header.fields(b, scratch: &scratch).event(receivedAt: 7))
            } catch { return .failure(error) }
        }
    }

    static func fast(_ line: [UInt8], texts: inout TextInterner, header: CSVHeader = header) -> TrackingEvent? {
        var spans = CSVFieldSpans()
        return line.withUnsafeBufferPointer { b in
            guard isValidUTF8(b) else { return nil }
            return header.fastEvent(b, spans: &spans, texts: &texts, receivedAt: 7)
        }
    }

    @Test("plain good lines take the fast path and give the general path's event")
    func goodLines() {
        var texts = TextInterner()
        var events = ExchangeMutationTests.samples.filter { e in !ExchangeWriter.csv(e).contains("\"") }
        events += Sample.journey(Sample.number(55555555, "DE", "RR"), count: 6)
        #expect(events.count >= 6)
        for e in events {
            let line = Array(ExchangeWriter.csv(e).utf8)
            let fast = Self.fast(line, texts: &texts)
            #expect(fast != nil, "fast path skipped \(ExchangeWriter.csv(e))")
            #expect(fast == (try? Self.general(line).get()))
        }
    }

    @Test("random damage: whatever the fast path accepts, the general path accepts identically")
    func mutations() throws {
        var g = SystemRandomNumberGenerator()
        var texts = TextInterner()
        let lines = ExchangeMutationTests.samples.map { Array(ExchangeWriter.csv($0).utf8) }
        var accepted = 0
        for _ in 0..<20_000 {
            let damaged = ExchangeMutationTests.mutate(lines.randomElement(using: &g)!, &g)
            guard let fast = Self.fast(damaged, texts: &texts) else { continue }
            accepted += 1
            let general = Self.general(damaged)
            #expect(try general.get() == fast, "line \(String(decoding: damaged, as: UTF8.self))")
        }
        #expect(accepted > 0)
    }

    @Test("hostile lines: no fast event where the general path rejects", arguments: [
        "EE123456785CN,EMD,2026-03-04T07:05:00,DEFRAA,,,,,,,",          // no offset
        "EE123456784CN,EMD,2026-03-04T07:05:00Z,DEFRAA,,,,,,,",         // check digit
        "ee123456785cn,EMD,2026-03-04T07:05:00Z,DEFRAA,,,,,,,",         // lower case: general path normalizes
        "EE123456785CN,EmD,2026-03-04T07:05:00Z,DEFRAA,,,,,,,",
        "EE123456785CN,EMD,2026-02-30T07:05:00Z,DEFRAA,,,,,,,",
        "EE123456785CN,EMD,2026-03-04T07:05:00Z,XXFRAA,,,,,,,",
        "EE123456785CN,EMD,2026-03-04T07:05:00Z,DEFRAA,,,FR,,,,",       // country mismatch
        "EE123456785CN,EMD,2026-03-04T07:05:00Z,DEFRAA,,,,,,",          // column count
        "EE123456785CN,EMD,2026-03-04T07:05:00Z,,,,,,,,",
        "EE123456785CN,EMD,2026-03-04T07:05:00Z,DEFRAA,\"Frankfurt, IMPC\",,,,,,",
        ",,,,,,,,,,", "",
    ])
    func hostile(_ text: String) {
        var texts = TextInterner()
        let line = Array(text.utf8)
        let fast = Self.fast(line, texts: &texts)
        switch Self.general(line) {
        case .success(let event): #expect(fast == nil || fast == event)
        case .failure: #expect(fast == nil)
        }
    }

    @Test("received_at and reordered, extra columns")
    func otherHeader() throws {
        let header = try Array("source,time,ignored,office,number,code,received_at".utf8)
            .withUnsafeBufferPointer { b throws(LineReject) in try CSVHeader(b) }
        var texts = TextInterner()
        for text in ["feed,2026-03-04T07:05:00.123+01:00,x,DEFRAA,EE123456785CN,EMD,1772000000",
                     "feed,2026-03-04t07:05:00z,x,DEFRAA,EE123456785CN,EMZ,",
                     "feed,2026-03-04T07:05:00Z,x,DEFRAA,EE123456785CN,EMD,+5",
                     "feed,2026-03-04T07:05:00Z,x,DEFRAA,EE123456785CN,EMD,-5"] {
            let line = Array(text.utf8)
            let fast = Self.fast(line, texts: &texts, header: header)
            switch Self.general(line, header: header) {
            case .success(let event): #expect(fast == nil || fast == event, "\(text)")
            case .failure: #expect(fast == nil, "\(text)")
            }
        }
        #expect(Self.fast(Array("feed,2026-03-04T07:05:00Z,x,DEFRAA,EE123456785CN,EMD,1772000000".utf8), texts: &texts, header: header)?
            .receivedAt == 1_772_000_000)
    }

    @Test("RFC 3339 on bytes accepts exactly what LocalTime(rfc3339:) accepts")
    func times() {
        var cases = ["2026-03-03T09:10:00+08:00", "2026-03-03t09:10:00z", "2026-03-03 09:10:00Z", "2024-02-29T23:59:60-18:59",
                     "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-03-03T24:00:00Z",
                     "2026-03-03T09:10:00.5+08:00", "2026-03-03T09:10:00.+08:00", "2026-03-03T09:10:00+19:00",
                     "2026-03-03T09:10:00+08:60", "2026-03-03T09:10:00+0800", "2026-03-03T09:10:00", "0000-01-01T00:00:00Z",
                     "9999-12-31T23:59:59-01:00", "2026-03-03T09:10:00Zjunk", "", "2026", "２026-03-03T09:10:00Z",
                     "2000-02-29T12:00:00+05:45", "1900-02-29T00:00:00Z", "2026-03-03T09:10:00-00:00"]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var b = Array(cases[Int.random(in: 0..<cases.count, using: &g)].utf8)
            if !b.isEmpty { b[Int.random(in: 0..<b.count, using: &g)] = UInt8.random(in: 32...127, using: &g) }
            cases.append(String(decoding: b, as: UTF8.self))
        }
        for text in cases {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { RFC3339.time($0) } == LocalTime(rfc3339: text), "\(text)")
        }
    }

    @Test("interned texts are the same text, also past the interner's capacity")
    func interner() {
        var texts = TextInterner()
        for i in 0..<40_000 {
            let value = i % 3 == 0 ? "Office \(i)" : "A much longer office name, number \(i), in some city"
            let bytes = Array(value.utf8)
            #expect(bytes.withUnsafeBufferPointer { texts.text($0) } == value)
            #expect(bytes.withUnsafeBufferPointer { texts.text($0) } == value)
        }
        let empty: [UInt8] = []
        #expect(empty.withUnsafeBufferPointer { texts.text($0) } == "")
    }

    @Test("NDJSON: each known key at most once, tracked without a Set", arguments: EventFields.Name.allCases)
    func ndjsonRepeatedKey(_ name: EventFields.Name) {
        #expect(Set(EventFields.Name.allCases.map(\.bit)).count == EventFields.Name.allCases.count)
        let value = name == .receivedAt ? "1" : "\"x\""
        let line = "{\"\(name.rawValue)\":\(value),\"other\":1,\"\(name.rawValue)\":\(value)}"
        #expect(throws: LineReject.self) { try ExchangeReader.event(ndjson: line, receivedAt: 0) }
        do {
            _ = try ExchangeReader.event(ndjson: line, receivedAt: 0)
        } catch {
            #expect(error.code == RejectCode.badJSON.rawValue && error.message.contains("twice"))
        }
        // Once is fine for the parser (the event may still lack required fields).
        let once = "{\"\(name.rawValue)\":\(value)}"
        do { _ = try ExchangeReader.event(ndjson: once, receivedAt: 0) } catch { #expect(error.code != RejectCode.badJSON.rawValue) }
    }

    @Test("NDJSON keys: matched as bytes, and the same when escaped; near misses are unknown keys")
    func ndjsonKeys() throws {
        let plain = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#
        let escaped = #"{"n\u0075mber":"EE123456785CN","\u0063ode":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA"}"#
        #expect(try ExchangeReader.event(ndjson: plain, receivedAt: 0) == ExchangeReader.event(ndjson: escaped, receivedAt: 0))
        // A key spelled once plainly and once escaped is still the same key twice.
        let twice = #"{"number":"EE123456785CN","n\u0075mber":"EE123456785CN"}"#
        #expect(throws: LineReject.self) { try ExchangeReader.event(ndjson: twice, receivedAt: 0) }
        // Prefixes, longer spellings, other cases and a NUL inside are other keys, ignored: the line lacks its number.
        for key in ["numbe", "numbers", "Number", "NUMBER", "num\\u0000ber", "office_nam", ""] {
            let line = "{\"\(key)\":\"EE123456785CN\",\"code\":\"EMA\",\"time\":\"2026-03-01T09:10:00Z\",\"office\":\"CNPEKA\"}"
            do {
                _ = try ExchangeReader.event(ndjson: line, receivedAt: 0)
                Issue.record("\(key) read as number")
            } catch {
                #expect(error.code != RejectCode.badJSON.rawValue, "\(key): \(error.message)")
            }
        }
        for name in EventFields.Name.allCases {
            #expect(Array(name.rawValue.utf8).withUnsafeBufferPointer { EventFields.Name(utf8: $0) } == name)
        }
    }

    @Test("comma spans found eight bytes at a time agree with a byte loop; a quote or a control character declines")
    func commaSpans() {
        var g = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [44, 44, 34, 65, 0x2B, 0x2D, 0xAC, 0x22 ^ 0x80, 0, 1, 0x1F, 0x20, 0x9F, 0xA0, 0xFF]
        var spans = CSVFieldSpans()
        for n in 0..<400 {
            let bytes = (0..<(n % 41)).map { _ in alphabet.randomElement(using: &g)! }
            let plain = bytes.withUnsafeBufferPointer { Self.header.splitPlain($0, into: &spans) }
            #expect(plain == !bytes.contains { $0 == 34 || $0 < 0x20 })
            guard plain else { continue }
            var cuts = [-1] + bytes.indices.filter { bytes[$0] == 44 }
            cuts.append(bytes.count)
            #expect(spans.starts == cuts.dropLast().map { $0 + 1 })
            #expect(spans.ends == Array(cuts.dropFirst()))
        }
    }

    @Test("ASCII check eight bytes at a time agrees with a byte loop")
    func ascii() {
        var g = SystemRandomNumberGenerator()
        for n in 0..<300 {
            var bytes = (0..<n).map { _ in UInt8.random(in: 0...127, using: &g) }
            if n > 0, Bool.random(using: &g) { bytes[Int.random(in: 0..<n, using: &g)] |= 0x80 }
            #expect(bytes.withUnsafeBufferPointer { isASCII($0) } == bytes.allSatisfy { $0 < 0x80 })
        }
    }

    @Test("the writer's key order is stable and skips sorting a sorted batch")
    func keyOrder() {
        let a = Sample.number(10_000_001), b = Sample.number(10_000_002)
        let early = Sample.event(a, .posting, "2026-01-01T00:00:00Z"), late = Sample.event(a, .posting, "2026-01-02T00:00:00Z")
        let other = Sample.event(b, .posting, "2026-01-01T00:00:00Z")
        let events = [late, other, early, early]
        let order = SQLiteWriter.keyOrder(events)
        let keys = order.map { (events[$0].number.storageKey, events[$0].time.epochSeconds) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(order) == Set(events.indices))
        let ties = order.filter { events[$0] == early }
        #expect(ties == ties.sorted())
        let sorted = order.map { events[$0] }
        #expect(SQLiteWriter.keyOrder(sorted) == Array(sorted.indices))
    }
}

/// The SQLite writer's duplicate shortcut (comparing stored dictionary ids) merges exactly as the domain model does.
@Suite("SQLite duplicate merge by ids", .scratch)
struct SQLiteDuplicateMergeTests {
    @Test("same place and fields: unchanged; a missing field or a new place: merged")
    func merges() async throws {
        let store = try SQLiteStore(path: TempDir.make().appendingPathComponent("m.db").path)
        let n = Sample.number(44444444)
        let stored = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:05+08:00", name: "Beijing IMPC", city: "Beijing", source: "edi")
        #expect(try await store.insert([stored]) == InsertResult(accepted: 1, duplicates: 0))
        // Same place, fewer fields: nothing changes.
        let poorer = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:40+08:00")
        #expect(try await store.insert([poorer, stored]) == InsertResult(accepted: 0, duplicates: 2))
        #expect(try await store.events(for: n) == [stored])
        // Same place, a reason the stored scan lacks: filled in; the source stays.
        let withReason = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:59+08:00", name: "Beijing IMPC", city: "Beijing",
                                      reason: "CUS", source: "other")
        #expect(try await store.insert([withReason]) == InsertResult(accepted: 0, duplicates: 1))
        var expected = stored.mergingRicherFields(of: withReason)
        #expect(try await store.events(for: n) == [expected])
        // A longer office name (another place): merged as the domain model merges.
        let longer = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:00+08:00", name: "Beijing International IMPC", city: "Beijing")
        #expect(try await store.insert([longer]) == InsertResult(accepted: 0, duplicates: 1))
        expected = expected.mergingRicherFields(of: longer)
        #expect(try await store.events(for: n) == [expected])
        #expect(expected.office.name == "Beijing International IMPC")
        await store.close()
    }
}

/// The background checkpointer moves committed pages into the database file while the store stays open.
@Suite("SQLite background checkpoint", .scratch)
struct SQLiteCheckpointTests {
    @Test("after large commits the database file itself grows; nothing is lost on close")
    func checkpointsWhileOpen() async throws {
        let path = TempDir.make().appendingPathComponent("c.db").path
        let store = try SQLiteStore(path: path, readers: 2, checkpointPages: 200, walLimitPages: 100_000)
        let initial = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        var total = 0
        for batch in 0..<6 {
            let events = (0..<20_000).map { i in
                Sample.event(Sample.number(UInt32(20_000_000 + batch * 20_000 + i)), .posting, "2026-01-01T00:00:00Z",
                             name: "Office \(i % 500)", city: "City \(i % 97)", source: "feed-\(batch)")
            }
            total += try await store.insert(events).accepted
        }
        #expect(total == 120_000)
        // Wait for the queued checkpoint, then the main file holds the pages (the WAL alone would leave it tiny).
        store.waitForCheckpoints()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size > initial + 1_000_000, "database file \(size) bytes, was \(initial)")
        await store.close()
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.counts() == (items: 120_000, events: 120_000))
        await reopened.close()
    }

    @Test("commits without pause keep the WAL bounded, with lookups running beside them; close empties it")
    func walStaysBounded() async throws {
        let path = TempDir.make().appendingPathComponent("w.db").path
        // 64 pages of 16 KiB: a 1 MiB bound, passed many times over by 40 batches of 4,000 events.
        let store = try SQLiteStore(path: path, readers: 2, checkpointPages: 16, walLimitPages: 64)
        // A background checkpoint that never gets its turn, as under a writer that commits without pause
        // (the WAL reached 1.7 GB for 2.9 M events posted by four clients): only the writer's own restart bounds it.
        store.backgroundCheckpointer.suspend()
        // Lookups on threads of their own, as the server's: some reader is nearly always inside a read.
        let stop = ClosedFlag()
        let reads = Counter()
        // Threads, not GCD's global queue: on Linux Swift's task executor runs on that queue's threads, and
        // three busy loops there would starve the writers below.
        let readers = DispatchGroup()
        for _ in 0..<3 {
            readers.enter()
            Thread {
                while (try? stop.check()) != nil {
                    if let n = try? store.read({ try $0.scalar("SELECT count(*) FROM events WHERE item < 10") }) { reads.add(Int(n) + 1) }
                }
                readers.leave()
            }.start()
        }
        // Four writers, as four ingestion clients: the writer commits without pause, so a passive checkpoint
        // on its own never catches up.
        let largestWAL = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<4 {
                // Built before the first insert, so that nothing but inserts runs once they start.
                let batches = (0..<10).map { batch in
                    let first = 30_000_000 + (client * 10 + batch) * 4_000
                    return (0..<4_000).map { i in
                        Sample.event(Sample.number(UInt32(first + i)), .posting, "2026-01-01T00:00:00Z",
                                     name: "Office \(i % 300)", city: "City \(i % 50)", source: "feed")
                    }
                }
                group.addTask {
                    var largest = 0
                    for events in batches {
                        #expect(try await store.insert(events).accepted == 4_000)
                        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
                        largest = max(largest, wal)
                    }
                    return largest
                }
            }
            return try await group.reduce(0, max)
        }
        stop.set()
        readers.wait()
        store.backgroundCheckpointer.resume()
        #expect(reads.value > 0)
        // The limit plus what one batch writes after the restart; without the restart this passes 15 MiB.
        #expect(largestWAL < 6 << 20, "WAL reached \(largestWAL) bytes")
        await store.close()
        let afterClose = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(afterClose == 0)
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.counts() == (items: 160_000, events: 160_000))
        await reopened.close()
    }
}

@Suite("SQLite page size", .scratch)
struct SQLitePageSizeTests {
    @Test("a new file gets 16 KiB pages; an existing 4 KiB file keeps its pages and works")
    func pageSizes() async throws {
        let dir = TempDir.make()
        let fresh = dir.appendingPathComponent("new.db").path
        let store = try SQLiteStore(path: fresh)
        await store.close()
        #expect(try SQLiteConnection(path: fresh, readOnly: true).scalar("PRAGMA page_size") == 16384)

        let old = dir.appendingPathComponent("old.db").path
        try SQLiteConnection(path: old, readOnly: false).execute("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x)")
        let reopened = try SQLiteStore(path: old)
        let n = Sample.number(31415926)
        #expect(try await reopened.insert(Sample.journey(n)) == InsertResult(accepted: 6, duplicates: 0))
        #expect(try await reopened.events(for: n).count == 6)
        await reopened.close()
        #expect(try SQLiteConnection(path: old, readOnly: true).scalar("PRAGMA page_size") == 4096)
    }
}

@Suite("SQLite writer cache", .scratch)
struct SQLiteWriterCacheTests {
    @Test("the writer's page cache is the size asked for, 16 MiB by default, and never below one KiB")
    func writerCache() async throws {
        let dir = TempDir.make()
        for (bytes, expected) in [(8 << 20, -8192), (SQLiteStore.defaultWriterCacheBytes, -16384), (0, -1)] {
            let store = try SQLiteStore(path: dir.appendingPathComponent("cache-\(bytes).db").path, writerCacheBytes: bytes)
            #expect(try store.write { try $0.connection.scalar("PRAGMA cache_size") } == Int64(expected))
            await store.close()
        }
    }
}

/// A count shared by threads.
private final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}

/// Readers resolve dictionary ids through a per-connection cache instead of joining; the writer keeps the join.
@Suite("SQLite reader dictionary cache", .scratch)
struct SQLiteReaderDictionaryTests {
    @Test("a reader gives exactly the joined query's events, also with dangling dictionary ids and after new rows")
    func sameAsJoin() async throws {
        let path = TempDir.make().appendingPathComponent("d.db").path
        let store = try SQLiteStore(path: path)
        let numbers = (0..<20).map { Sample.number(UInt32(40_000_000 + $0)) }
        var events = numbers.flatMap { Sample.journey($0, count: 6) }
        events += numbers.prefix(5).map { n in
            TrackingEvent(number: n, code: .unsuccessfulDelivery, time: Sample.time("2026-03-05T10:00:00+01:00"),
                          office: Office(code: "DEBERA", name: "Berlin", city: "Berlin"), reason: ReasonCode(rawValue: "addressee_absent"),
                          nextOffice: "DEBERB", transport: "van 7", source: "feed-\(n.serialValue % 3)", receivedAt: 1_772_700_000)
        }
        // Scans within one minute, whose key order (code, office) is not their time order; one instant in two offsets.
        events += [("EMA", "2026-03-07T08:15:50+01:00"), ("EMB", "2026-03-07T08:15:10+01:00"), ("EMC", "2026-03-07T08:15:30+01:00"),
                   ("EMD", "2026-03-07T07:15:30+00:00")].map { code, time in
            Sample.event(numbers[2], EventCode(rawValue: code), time, office: "FRCDGA")
        }
        _ = try await store.insert(events)
        let reader = try SQLiteConnection(path: path, readOnly: true)
        let joined = try SQLiteConnection(path: path, readOnly: false)
        func agree(_ note: String) throws {
            for n in numbers {
                let fromReader = try SQLiteWriter.events(of: n, in: reader), fromJoin = try SQLiteWriter.events(of: n, in: joined)
                #expect(fromReader == fromJoin, "\(note) \(n)")
                #expect(!fromReader.isEmpty)
            }
        }
        try agree("fresh")
        let sameMinute = try SQLiteWriter.events(of: numbers[2], in: reader).suffix(4).map { "\($0.code.rawValue) \($0.time)" }
        #expect(sameMinute == ["EMB 2026-03-07T08:15:10+01:00", "EMD 2026-03-07T07:15:30Z", "EMC 2026-03-07T08:15:30+01:00",
                               "EMA 2026-03-07T08:15:50+01:00"])
        try agree("cached")  // the second pass reads every id from the cache
        #expect(reader.dictionary.textCount > 0 && reader.dictionary.placeCount > 0)
        // New dictionary rows committed after the cache was filled.
        _ = try await store.insert([Sample.event(numbers[0], .finalDelivery, "2026-03-06T09:00:00+01:00", office: "DENEWA",
                                                 name: "New office", city: "Bonn", reason: "delivered_to_neighbour", source: "late-feed")])
        try agree("after new rows")
        // Corruption: a place row removed (reads as absent), an event code's row removed (the row is skipped).
        try joined.execute("DELETE FROM places WHERE name = 'Berlin'; DELETE FROM texts WHERE value = 'EMI'")
        let fresh = try SQLiteConnection(path: path, readOnly: true)
        for n in numbers {
            #expect(try SQLiteWriter.events(of: n, in: fresh) == SQLiteWriter.events(of: n, in: joined), "damaged \(n)")
        }
        #expect(try SQLiteWriter.events(of: numbers[1], in: fresh).contains { $0.code == .unsuccessfulDelivery && $0.office.name == nil })
        await store.close()
    }
}
