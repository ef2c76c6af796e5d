import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
import TestSupport

/// The lane-table part of the store contract, on every backend.
@Suite("TrackingStore contract: lane tables", .scratch)
struct LaneTableStoreTests {
    @Test("no table until one is saved; saving replaces it whole", arguments: Backend.allCases)
    func saveAndReplace(_ backend: Backend) async throws {
        let store = try await backend.open()
        #expect(try await store.savedLaneTable() == nil)
        #expect(try await store.loadLaneTable() == nil)
        let first = SavedLaneTable(builtAt: 1_790_000_000, json: "{\"a\":\"中文 and 'quotes' \\\\ \"}")
        try await store.saveLaneTable(first)
        #expect(try await store.savedLaneTable() == first)
        let big = SavedLaneTable(builtAt: 1_790_003_600, json: String(repeating: "x", count: 3_000_000))
        try await store.saveLaneTable(big)
        #expect(try await store.savedLaneTable() == big)
        // Not a table this version can read: treated as none, so that the next refresh replaces it.
        #expect(try await store.loadLaneTable() == nil)
        await store.close()
    }

    @Test("refresh reads every item, a page at a time, and saves a table that loads back equal", arguments: Backend.allCases)
    func refreshFromHistory(_ backend: Backend) async throws {
        let store = try await backend.open()
        let now: Int64 = 1_796_000_000
        let simulator = Simulator(seed: 5, now: now)
        var events: [TrackingEvent] = []
        for item in simulator.items(count: 1_500) { events += item.events }
        _ = try await store.insert(events)
        let table = try await store.refreshLaneTable(now: now, pageItems: 300)
        #expect(table.items == (try await store.counts().items))
        #expect(table.builtAt == now)
        #expect(!table.statistics.isEmpty)
        #expect(try await store.loadLaneTable() == table)
        await store.close()
    }

    @Test("a table saved in another format (its curves measured another way) loads as none", arguments: Backend.allCases)
    func otherFormatIsNotRead(_ backend: Backend) async throws {
        let store = try await backend.open()
        let now: Int64 = 1_796_000_000
        var events: [TrackingEvent] = []
        for item in Simulator(seed: 5, now: now).items(count: 300) { events += item.events }
        _ = try await store.insert(events)
        let table = try await store.refreshLaneTable(now: now)
        let json = try #require(try await store.savedLaneTable()).json
        let current = "\"format\":\(LaneTable.format),"
        #expect(json.contains(current))
        for older in ["", "\"format\":1,", "\"format\":\(LaneTable.format + 1),", "\"format\":\"2\","] {
            try await store.saveLaneTable(SavedLaneTable(builtAt: now, json: json.replacingOccurrences(of: current, with: older)))
            #expect(try await store.loadLaneTable() == nil, "\(older)")
        }
        try await store.saveLaneTable(SavedLaneTable(builtAt: now, json: json))
        #expect(try await store.loadLaneTable() == table)
        await store.close()
    }
}
