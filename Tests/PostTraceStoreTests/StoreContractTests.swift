import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
import TestSupport

/// One contract, every backend: the in-memory reference, SQLite on a temp file, a real PostgreSQL.
@Suite("TrackingStore contract", .scratch)
struct StoreContractTests {
    @Test("inserted events come back in time order, with every field", arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        let store = try await backend.open()
        let n = Sample.number(12345678)
        var events = Sample.journey(n)
        events[1].reason = ReasonCode(rawValue: "R1")
        events[4].nextOffice = "DEBERB"
        events[4].receivedAt = 1_772_600_000
        let result = try await store.insert(events.reversed())
        #expect(result == InsertResult(accepted: 6, duplicates: 0))
        let stored = try await store.events(for: n)
        #expect(stored == events)
        await store.close()
    }

    @Test("a re-sent scan is a duplicate: counted, not stored twice, richer fields merged", arguments: Backend.allCases)
    func duplicatesMerge(_ backend: Backend) async throws {
        let store = try await backend.open()
        let n = Sample.number(11111111)
        let plain = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:05+08:00")
        // Same number, code, office and minute, different second: the same scan, with more detail.
        let richer = Sample.event(n, .arrivalAtInwardOffice, "2026-03-03T09:10:40+08:00", name: "Beijing IMPC", city: "Beijing",
                                  reason: "CUS", source: "edi")
        #expect(try await store.insert([plain]) == InsertResult(accepted: 1, duplicates: 0))
        #expect(try await store.insert([richer, plain]) == InsertResult(accepted: 0, duplicates: 2))
        let stored = try await store.events(for: n)
        #expect(stored.count == 1)
        #expect(stored.first?.office.name == "Beijing IMPC")
        #expect(stored.first?.office.city == "Beijing")
        #expect(stored.first?.reason?.rawValue == "CUS")
        #expect(stored.first?.time == plain.time)
        let counts = try await store.counts()
        #expect(counts.items == 1 && counts.events == 1)
        await store.close()
    }

    @Test("duplicates inside one batch count once", arguments: Backend.allCases)
    func duplicatesWithinBatch(_ backend: Backend) async throws {
        let store = try await backend.open()
        let n = Sample.number(22222222, "DE", "RR")
        let e = Sample.event(n, .posting, "2026-01-01T00:00:00Z", office: "DEFRAA")
        #expect(try await store.insert([e, e, e]) == InsertResult(accepted: 1, duplicates: 2))
        #expect(try await store.events(for: n).count == 1)
        await store.close()
    }

    @Test("different minute, code or office is a different scan", arguments: Backend.allCases)
    func distinctScans(_ backend: Backend) async throws {
        let store = try await backend.open()
        let n = Sample.number(33333333)
        let base = Sample.event(n, .posting, "2026-01-01T10:00:00+08:00")
        let events = [base, Sample.event(n, .posting, "2026-01-01T10:01:00+08:00"),
                      Sample.event(n, .arrivalAtOutwardOffice, "2026-01-01T10:00:00+08:00"),
                      Sample.event(n, .posting, "2026-01-01T10:00:00+08:00", office: "CNSHAA")]
        #expect(try await store.insert(events) == InsertResult(accepted: 4, duplicates: 0))
        #expect(try await store.events(for: n).count == 4)
        await store.close()
    }

    @Test("many timelines in one call; unknown numbers map to empty", arguments: Backend.allCases)
    func manyTimelines(_ backend: Backend) async throws {
        let store = try await backend.open()
        let numbers = (1...5).map { Sample.number(40000000 + UInt32($0)) }
        for n in numbers.prefix(4) { _ = try await store.insert(Sample.journey(n, count: 3)) }
        let map = try await store.events(for: numbers)
        #expect(map.count == 5)
        #expect(numbers.prefix(4).allSatisfy { map[$0]?.count == 3 })
        #expect(map[numbers[4]] == [])
        #expect(try await store.events(for: numbers[4]) == [])
        #expect(try await store.existing(numbers) == Set(numbers.prefix(4)))
        let counts = try await store.counts()
        #expect(counts.items == 4 && counts.events == 12)
        await store.close()
    }

    @Test("prune deletes items whose newest scan is before the cutoff, whole, and counts first when asked", arguments: Backend.allCases)
    func prune(_ backend: Backend) async throws {
        let store = try await backend.open()
        let old = Sample.number(60000001), older = Sample.number(60000002), mixed = Sample.number(60000003), fresh = Sample.number(60000004)
        _ = try await store.insert(Sample.journey(old, start: 1_000_000, count: 4))
        _ = try await store.insert(Sample.journey(older, start: 500_000, count: 6))
        // An old first scan and a recent last one: the item stays, all of it.
        _ = try await store.insert(Sample.journey(mixed, start: 1_000_000, count: 2) + Sample.journey(mixed, start: 9_000_000, count: 6).suffix(2))
        _ = try await store.insert(Sample.journey(fresh, start: 9_000_000, count: 3))
        let dry = try await store.prune(lastEventBefore: 5_000_000, dryRun: true)
        #expect(dry.items == 2 && dry.events == 10)
        #expect(try await store.counts().items == 4)
        let done = try await store.prune(lastEventBefore: 5_000_000, dryRun: false)
        #expect(done.items == 2 && done.events == 10)
        #expect(try await store.existing([old, older, mixed, fresh]) == [mixed, fresh])
        #expect(try await store.events(for: old) == [])
        #expect(try await store.events(for: mixed).count == 4)
        let counts = try await store.counts()
        #expect(counts.items == 2 && counts.events == 7)
        let again = try await store.prune(lastEventBefore: 5_000_000, dryRun: false)
        #expect(again.items == 0 && again.events == 0)
        // A pruned number takes new scans like any other.
        _ = try await store.insert(Sample.journey(old, start: 9_500_000, count: 1))
        #expect(try await store.events(for: old).count == 1)
        await store.close()
    }

    @Test("prune goes through more items than one batch holds", arguments: Backend.allCases)
    func pruneMany(_ backend: Backend) async throws {
        let store = try await backend.open()
        let events = (0..<11_000).map { Sample.journey(Sample.number(61000000 + UInt32($0)), start: 1_000_000 + Int64($0), count: 1)[0] }
        _ = try await store.insert(events)
        _ = try await store.insert(Sample.journey(Sample.number(62000000), start: 9_000_000, count: 2))
        let done = try await store.prune(lastEventBefore: 5_000_000, dryRun: false)
        #expect(done.items == 11_000 && done.events == 11_000)
        let counts = try await store.counts()
        #expect(counts.items == 1 && counts.events == 2)
        await store.close()
    }

    @Test("export pages: every event once, item by item in storage order, oldest first, with every field", arguments: Backend.allCases)
    func exportPages(_ backend: Backend) async throws {
        let store = try await backend.open()
        // Numbers of several countries and services, so storage order is not insertion order.
        let numbers = [Sample.number(70000003, "US", "RR"), Sample.number(70000001), Sample.number(70000002, "DE", "CP"),
                       Sample.number(70000004, "CN", "LP"), Sample.number(70000005, "GB")]
        var all: [TrackingEvent] = []
        for (i, n) in numbers.enumerated() {
            var journey = Sample.journey(n, start: 1_772_500_000 + Int64(i) * 1000, count: 2 + i)
            journey[0].reason = ReasonCode(rawValue: "R\(i)"); journey[0].receivedAt = 1_772_600_000 + Int64(i)
            journey[1].nextOffice = "DEBER\(i)"; journey[1].transport = "air"; journey[1].source = "edi"
            all += journey
        }
        _ = try await store.insert(all.reversed())
        let ordered = numbers.sorted { $0.storageKey < $1.storageKey }
        var pages: [[TrackingEvent]] = [], after: S10Number?
        while true {
            let page = try await store.events(ofItemsAfter: after, limit: 2)
            guard let last = page.last else { break }
            pages.append(page)
            after = last.number
        }
        #expect(pages.map { Set($0.map(\.number)).count } == [2, 2, 1])
        var expected: [TrackingEvent] = []
        for n in ordered { expected += try await store.events(for: n) }
        #expect(pages.flatMap { $0 } == expected)
        #expect(expected.count == all.count && Set(expected.map(\.number)) == Set(numbers))
        #expect(try await store.events(ofItemsAfter: nil, limit: 100) == expected)
        // After a number the store does not have: from the next stored one on.
        let absent = Sample.number(70000009, "FR", "CX")
        #expect(try await store.events(ofItemsAfter: absent, limit: 100) == expected.filter { $0.number.storageKey > absent.storageKey })
        #expect(try await store.events(ofItemsAfter: ordered.last, limit: 100).isEmpty)
        #expect(try await store.events(ofItemsAfter: nil, limit: 0).isEmpty)
        #expect(try await store.events(ofItemsAfter: nil, limit: -5).isEmpty)
        await store.close()
        await #expect(throws: (any Error).self) { _ = try await store.events(ofItemsAfter: nil, limit: 10) }
    }

    @Test("stale items: quiet since the cutoff and not delivered, oldest first", arguments: Backend.allCases)
    func staleItems(_ backend: Backend) async throws {
        let store = try await backend.open()
        let old = Sample.number(50000001), older = Sample.number(50000002), delivered = Sample.number(50000003),
            fresh = Sample.number(50000004)
        _ = try await store.insert(Sample.journey(old, start: 1_000_000, count: 4))
        _ = try await store.insert(Sample.journey(older, start: 500_000, count: 2))
        _ = try await store.insert(Sample.journey(delivered, start: 100_000, count: 6))
        _ = try await store.insert(Sample.journey(fresh, start: 9_000_000, count: 2))
        let stale = try await store.staleItems(lastEventBefore: 5_000_000, excluding: [.finalDelivery], limit: 10)
        #expect(stale == [older, old])
        #expect(try await store.staleItems(lastEventBefore: 5_000_000, excluding: [.finalDelivery], limit: 1) == [older])
        await store.close()
    }

    @Test("API keys: create, conflict, list newest first, look up by hash, revoke once", arguments: Backend.allCases)
    func apiKeys(_ backend: Backend) async throws {
        let store = try await backend.open()
        let a = APIKeyRecord(id: "k_a", name: "feed", scope: .ingest, secretHash: String(repeating: "a", count: 64), createdAt: 100)
        let b = APIKeyRecord(id: "k_b", name: "ops", scope: .admin, secretHash: String(repeating: "b", count: 64), createdAt: 200)
        try await store.createKey(a)
        try await store.createKey(b)
        await #expect(throws: StoreError.conflict("key k_a exists")) { try await store.createKey(a) }
        #expect(try await store.keys().map(\.id) == ["k_b", "k_a"])
        #expect(try await store.key(secretHash: a.secretHash) == a)
        #expect(try await store.key(secretHash: "nope") == nil)
        #expect(try await store.revokeKey(id: "k_a", at: 300))
        #expect(try await store.revokeKey(id: "k_a", at: 400) == false)
        #expect(try await store.revokeKey(id: "k_missing", at: 400) == false)
        #expect(try await store.key(secretHash: a.secretHash)?.revokedAt == 300)
        // Last use: recorded, only ever moved later, and unknown ids ignored.
        #expect(try await store.key(secretHash: b.secretHash)?.lastUsedAt == nil)
        try await store.touchKey(id: "k_b", at: 600)
        try await store.touchKey(id: "k_b", at: 540)
        try await store.touchKey(id: "k_missing", at: 600)
        #expect(try await store.key(secretHash: b.secretHash)?.lastUsedAt == 600)
        #expect(try await store.keys().first { $0.id == "k_b" }?.lastUsedAt == 600)
        await store.close()
    }

    @Test("a closed store refuses work", arguments: Backend.allCases)
    func closed(_ backend: Backend) async throws {
        let store = try await backend.open()
        try await store.ping()
        await store.close()
        await #expect(throws: (any Error).self) { try await store.ping() }
        await #expect(throws: (any Error).self) { _ = try await store.insert(Sample.journey(Sample.number(1))) }
    }

    @Test("parallel readers and one writer agree on the final count", arguments: Backend.allCases)
    func concurrentUse(_ backend: Backend) async throws {
        let store = try await backend.open()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for k in 0..<8 {
                group.addTask {
                    let n = Sample.number(60000000 + UInt32(k))
                    _ = try await store.insert(Sample.journey(n))
                    _ = try await store.events(for: n)
                }
            }
            try await group.waitForAll()
        }
        let counts = try await store.counts()
        #expect(counts.items == 8 && counts.events == 48)
        await store.close()
    }
}
