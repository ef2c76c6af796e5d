import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
import TestSupport

@Suite("Change stamps: equal stamps mean nothing was committed in between", .scratch)
struct ChangeStampTests {
    @Test("the stamp stays while only reads happen and moves with every change; nil once closed, and on PostgreSQL",
          arguments: Backend.allCases)
    func movesWithChanges(_ backend: Backend) async throws {
        let store = try await backend.open()
        let n = Sample.number(12_345_678)
        guard backend != .postgres else {
            // Replicas may answer its reads, and no cheap exact reading exists there: callers read every time.
            #expect(store.changeStamp() == nil)
            await store.close()
            return
        }
        let empty = try #require(store.changeStamp())
        #expect(store.changeStamp() == empty)
        _ = try await store.insert([Sample.event(n, .posting, "2026-11-01T08:00:00+08:00")])
        let one = try #require(store.changeStamp())
        #expect(one != empty)
        _ = try await store.events(for: n)
        _ = try await store.existing([n])
        _ = try await store.counts()
        _ = try await store.prune(lastEventBefore: 1_000_000_000_000, dryRun: true)
        #expect(store.changeStamp() == one)
        // A duplicate that merges a richer field is a change too.
        _ = try await store.insert([Sample.event(n, .posting, "2026-11-01T08:00:00+08:00", name: "Beijing")])
        let merged = try #require(store.changeStamp())
        #expect(merged != one)
        _ = try await store.prune(lastEventBefore: 1_000_000_000_000, dryRun: false)
        #expect(try #require(store.changeStamp()) != merged)
        await store.close()
        #expect(store.changeStamp() == nil)
    }

    @Test("SQLite: each commit by another connection on the file moves the stamp to a value not seen before, at once")
    func sqliteOtherConnection() async throws {
        let path = TempDir.make().appendingPathComponent("stamp.db").path
        let store = try SQLiteStore(path: path), other = try SQLiteStore(path: path)
        let n = Sample.number(23_456_789)
        var seen: Set<UInt64> = [try #require(store.changeStamp())]
        for hour in 0..<5 {
            _ = try await other.insert([Sample.event(n, .posting, "2026-11-01T0\(hour):00:00+08:00")])
            // Never a stamp seen before: an answer kept under an old one could otherwise come back.
            let stamp = try #require(store.changeStamp())
            #expect(!seen.contains(stamp))
            seen.insert(stamp)
            #expect(try await store.events(for: n).count == hour + 1)
            #expect(store.changeStamp() == stamp)
        }
        await other.close()
        // With nothing committed, readings in a row stay equal: no reading moves it by itself.
        let first = try #require(store.changeStamp())
        #expect((0..<1_000).allSatisfy { _ in store.changeStamp() == first })
        await store.close()
    }
}
