import Foundation
import PostTraceCore
@testable import PostTraceStore
import S10
import Testing
import TestSupport

/// One item holds at most a bounded number of distinct scans; the excess is rejected, never dropped.
@Suite("Scans per item are bounded", .scratch)
struct ScanLimitTests {
    /// `count` distinct scans of one number in one minute (distinct offices), as a flood would send them.
    static func flood(_ number: S10Number, count: Int, from: Int = 0) -> [TrackingEvent] {
        (from..<from + count).map { i in
            Sample.event(number, .posting, "2026-03-01T09:10:\(String(format: "%02d", i % 60))+08:00", office: "CN\(String(format: "%06d", i))")
        }
    }

    @Test("a store takes scans up to the bound, reports the rest by index, and still merges repeats", arguments: Backend.allCases)
    func bound(_ backend: Backend) async throws {
        let store = try await backend.open()
        let flooded = Sample.number(424242), quiet = Sample.number(424243)
        let first = try await store.insert(Self.flood(flooded, count: 30) + Sample.journey(quiet), maxScansPerItem: 25)
        #expect(first.accepted == 25 + 6 && first.duplicates == 0)
        #expect(first.overLimit == Array(25..<30))
        // Repeats of stored scans still merge; new ones are past the bound; other items are untouched.
        let again = try await store.insert(Self.flood(flooded, count: 3) + Self.flood(flooded, count: 2, from: 100), maxScansPerItem: 25)
        #expect(again.accepted == 0 && again.duplicates == 3 && again.overLimit == [3, 4])
        #expect(try await store.events(for: flooded).count == 25)
        #expect(try await store.events(for: quiet).count == 6)
        // Repeats within the batch past the bound count once, and the default bound applies without one.
        let repeated = try await store.insert(Self.flood(Sample.number(424244), count: 3) + Self.flood(Sample.number(424244), count: 3),
                                              maxScansPerItem: 2)
        #expect(repeated.accepted == 2 && repeated.overLimit == [2, 5] && repeated.duplicates == 2)
    }

    @Test("bulk import rejects the scans past the bound with item_scan_limit and their line numbers", arguments: [Backend.sqlite, .postgres])
    func importBound(_ backend: Backend) async throws {
        let dir = TempDir.make()
        let file = dir.appendingPathComponent("flood.ndjson")
        let events = Self.flood(Sample.number(515151), count: 40)
        try Data(events.map { ExchangeWriter.ndjson($0) + "\n" }.joined().utf8).write(to: file)
        let store = try await backend.open()
        let summary = try await EventImport(store: store, path: file.path, format: nil, batchSize: 16, maxScansPerItem: 10).run()
        #expect(summary.read == 40 && summary.imported == 10 && summary.rejected == 30)
        let rejects = try String(contentsOf: URL(fileURLWithPath: file.path + ".rejects.ndjson"), encoding: .utf8)
            .split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(rejects.count == 30 && rejects.allSatisfy { $0["code"] as? String == "item_scan_limit" })
        #expect(Set(rejects.compactMap { $0["line"] as? Int }) == Set(11...40))
        #expect(try await store.events(for: Sample.number(515151)).count == 10)
    }

    @Test("a minute crowded with distinct scans and repeats builds the same timeline as a quiet one")
    func crowdedMinute() throws {
        let number = Sample.number(616161)
        let scans = Self.flood(number, count: 5_000)
        // Every scan twice, the second with a name, in shuffled order: each merges into one, keeping the name.
        var offered = scans + scans.map { var e = $0; e.office.name = "named"; return e }
        var g = SystemRandomNumberGenerator()
        offered.shuffle(using: &g)
        let kept = Timeline.deduplicated(offered)
        #expect(kept.count == 5_000)
        #expect(kept.allSatisfy { $0.office.name == "named" })
        #expect(Set(kept.map(\.office.code)).count == 5_000)
    }
}
