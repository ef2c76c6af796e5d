import Foundation
import PostTraceCore

extension TrackingStore {
    /// Builds the lane table from every stored item as of `now` (seconds since 1970, UTC), saves it, and
    /// returns it. Reads the history a page of items at a time; only the reduced observations are kept.
    public func refreshLaneTable(now: Int64, pageItems: Int = 2_000) async throws -> LaneTable {
        var observations: [LaneObservation] = []
        try await forEachPage(items: pageItems) { page, _ in
            var start = page.startIndex
            while start < page.endIndex {
                let number = page[start].number
                var end = start
                while end < page.endIndex, page[end].number == number { end += 1 }
                observations.append(LaneObservation(number: number, events: Array(page[start..<end])))
                start = end
            }
        }
        let table = LaneTable(observations: observations, now: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try await saveLaneTable(SavedLaneTable(builtAt: now, json: String(decoding: try encoder.encode(table), as: UTF8.self)))
        return table
    }

    /// The lane table last saved; nil when none was saved or it cannot be read (a table from a newer
    /// version: the next refresh replaces it).
    public func loadLaneTable() async throws -> LaneTable? {
        guard let saved = try await savedLaneTable() else { return nil }
        return try? JSONDecoder().decode(LaneTable.self, from: Data(saved.json.utf8))
    }
}
