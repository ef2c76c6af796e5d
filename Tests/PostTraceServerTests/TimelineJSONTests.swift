import Foundation
import PostTraceCore
import S10
import Testing
@testable import PostTraceServer

@Suite("Fast timeline JSON")
struct TimelineJSONTests {
    @Test("agrees with Core's Codable encoding on simulated timelines in both languages", arguments: [Language.en, .zhHans])
    func sameAsCodable(_ language: Language) throws {
        let now: Int64 = 1_790_000_000
        var checked = 0
        for item in Simulator(seed: 7, now: now).items(count: 300) where !item.events.isEmpty {
            var timeline = Timeline(number: item.number, events: item.events, language: language, now: now)
            if checked == 0 { timeline.explanation.headline += " \"quoted\"\n\\ \u{1}" }  // escaping
            let fast = try canonical(Data(TimelineJSON.encode(timeline)))
            let reference = try canonical(JSONEncoder().encode(timeline))
            let same = fast == reference  // a Bool, so a mismatch names the item instead of dumping both documents
            #expect(same, "\(item.number) differs from Core's encoding:\n\(fast.prefix(400))")
            checked += 1
        }
        #expect(checked > 100)
    }

    /// The same JSON value always gives the same bytes: parsed, then written with sorted keys.
    func canonical(_ data: Data) throws -> String {
        let value = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
