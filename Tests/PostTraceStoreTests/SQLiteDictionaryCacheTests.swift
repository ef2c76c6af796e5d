import PostTraceCore
@testable import PostTraceStore
import Foundation
import Testing
import TestSupport

/// The reader's dictionary cache: dense ids in arrays, far ids in dictionaries, and a bound on its size.
@Suite(.scratch) struct SQLiteDictionaryCacheTests {
    @Test func denseAndSparseIdsResolve() {
        var cache = SQLiteDictionaryCache()
        let far = SQLiteDictionaryCache.denseLimit + 5
        for id: Int64 in [1, 63, 64, 1000, far] { cache.keep(text: "t\(id)", id: id) }
        cache.keep(place: ("Office", "City"), id: 7)
        cache.keep(place: ("Far", "Away"), id: far)
        cache.keep(code: .posting, id: 3)
        #expect(cache.text(1) == "t1" && cache.text(63) == "t63" && cache.text(64) == "t64" && cache.text(1000) == "t1000")
        #expect(cache.text(far) == "t\(far)")
        #expect(cache.text(2) == nil && cache.text(999_999) == nil && cache.text(-1) == nil && cache.text(far + 1) == nil)
        #expect(cache.place(7)?.city == "City" && cache.place(far)?.name == "Far" && cache.place(8) == nil)
        #expect(cache.code(3) == .posting && cache.code(4) == nil && cache.code(-3) == nil)
        #expect(cache.textCount == 5 && cache.placeCount == 2)
    }

    @Test func startsAgainEmptyPastTheLimit() {
        var cache = SQLiteDictionaryCache()
        for id in 1...Int64(SQLiteDictionaryCache.limit) { cache.keep(text: "x", id: id) }
        cache.keep(code: .posting, id: 1)
        #expect(cache.textCount == SQLiteDictionaryCache.limit && cache.text(1) == "x")
        cache.keep(text: "new", id: Int64(SQLiteDictionaryCache.limit) + 1)
        // Everything earlier, the parsed codes too, is gone; the new entry stays.
        #expect(cache.textCount == 1 && cache.text(1) == nil && cache.code(1) == nil)
        #expect(cache.text(Int64(SQLiteDictionaryCache.limit) + 1) == "new")
    }

    @Test func readersMapTheFileAndTheWriterDoesNot() async throws {
        let path = TempDir.make().appendingPathComponent("mmap.db").path
        let store = try SQLiteStore(path: path)
        let reader = try SQLiteConnection(path: path, readOnly: true)
        let writer = try SQLiteConnection(path: path, readOnly: false)
        #expect(try reader.scalar("PRAGMA mmap_size") == SQLiteConnection.readerMapBytes)
        #expect(try writer.scalar("PRAGMA mmap_size") == 0)
        await store.close()
    }
}
