import Foundation
import PostTraceStore
import S10
import Testing
import TestSupport

/// One contract for parcel shares, on every backend: created once, found by token hash only, revoked for good.
@Suite("ShareStore contract", .scratch)
struct ShareStoreTests {
    static func open(_ backend: Backend) async throws -> any PostTraceStorage & ShareStore {
        try #require(try await backend.open() as? any PostTraceStorage & ShareStore)
    }

    static func hash(_ seed: Int) -> String { String(repeating: String(format: "%02x", seed % 256), count: 32) }

    @Test("a share round-trips by its hash, refuses a second share with the same hash, and unknown hashes find nothing",
          arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        let store = try await Self.open(backend)
        let numbers = (1...50).map { Sample.number(UInt32($0) * 7919, $0 % 2 == 0 ? "CN" : "DE", "RR") }
        let share = ParcelShare(tokenHash: Self.hash(1), numbers: numbers, createdAt: 1_764_000_000)
        try await store.createShare(share)
        #expect(try await store.share(tokenHash: Self.hash(1)) == share, "all 50 numbers, in order")
        #expect(try await store.share(tokenHash: Self.hash(2)) == nil)
        await #expect(throws: StoreError.conflict("share exists")) {
            try await store.createShare(ParcelShare(tokenHash: Self.hash(1), numbers: [Sample.number(3)], createdAt: 5))
        }
        #expect(try await store.share(tokenHash: Self.hash(1)) == share, "the refused share changed nothing")
        await store.close()
    }

    @Test("revoking forgets the numbers, keeps the time, and happens once", arguments: Backend.allCases)
    func revoke(_ backend: Backend) async throws {
        let store = try await Self.open(backend)
        let kept = ParcelShare(tokenHash: Self.hash(3), numbers: [Sample.number(4)], createdAt: 10)
        try await store.createShare(ParcelShare(tokenHash: Self.hash(2), numbers: [Sample.number(1), Sample.number(2)], createdAt: 10))
        try await store.createShare(kept)
        #expect(try await store.revokeShare(tokenHash: Self.hash(2), at: 20))
        #expect(try await store.share(tokenHash: Self.hash(2)) == ParcelShare(tokenHash: Self.hash(2), numbers: [], createdAt: 10, revokedAt: 20))
        #expect(try await !store.revokeShare(tokenHash: Self.hash(2), at: 30), "already revoked: the first time stays")
        #expect(try await store.share(tokenHash: Self.hash(2))?.revokedAt == 20)
        #expect(try await !store.revokeShare(tokenHash: Self.hash(9), at: 30), "no such share")
        #expect(try await store.share(tokenHash: Self.hash(3)) == kept, "other shares are untouched")
        await store.close()
    }

    @Test("hostile hash values are plain data: quotes, SQL, NUL, 10 KB, non-ASCII", arguments: Backend.allCases)
    func hostileHashes(_ backend: Backend) async throws {
        let store = try await Self.open(backend)
        let hostile = ["'; DROP TABLE shares; --", "\" OR 1=1 --", "%", "_", String(repeating: "a", count: 10_000), "é漢字🙂", "a\u{7}b"]
        try await store.createShare(ParcelShare(tokenHash: Self.hash(5), numbers: [Sample.number(5)], createdAt: 1))
        for value in hostile {
            #expect(try await store.share(tokenHash: value) == nil, "\(value.prefix(30))")
            #expect(try await !store.revokeShare(tokenHash: value, at: 2))
        }
        for (i, value) in hostile.enumerated() {
            let share = ParcelShare(tokenHash: value, numbers: [Sample.number(UInt32(100 + i))], createdAt: Int64(i))
            try await store.createShare(share)
            #expect(try await store.share(tokenHash: value) == share, "\(value.prefix(30))")
        }
        #expect(try await store.share(tokenHash: Self.hash(5))?.numbers == [Sample.number(5)], "the table survived")
        #expect(try await store.share(tokenHash: "%") != store.share(tokenHash: "_"), "no pattern matching")
        await store.close()
    }

    @Test("shares page through in bytewise hash order, revoked ones included", arguments: Backend.allCases)
    func paging(_ backend: Backend) async throws {
        let store = try await Self.open(backend)
        let hashes = (0..<7).map { Self.hash($0 * 37 + 1) } + ["Z", "a", "é", "~"]
        for (i, hash) in hashes.enumerated() {
            try await store.createShare(ParcelShare(tokenHash: hash, numbers: [Sample.number(UInt32(i + 1))], createdAt: Int64(i)))
        }
        #expect(try await store.revokeShare(tokenHash: hashes[2], at: 99))
        var seen: [ParcelShare] = [], cursor: String?
        while true {
            let page = try await store.shares(after: cursor, limit: 3)
            #expect(page.count <= 3)
            seen += page
            guard let last = page.last else { break }
            cursor = last.tokenHash
        }
        let bytewise = hashes.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(seen.map(\.tokenHash) == bytewise)
        #expect(seen.first { $0.tokenHash == hashes[2] }?.revokedAt == 99)
        #expect(try await store.shares(after: nil, limit: 0).isEmpty)
        await store.close()
    }
}
