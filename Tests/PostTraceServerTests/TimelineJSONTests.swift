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

    @Test("times in every kind of offset, and the number repeated per event, as Core writes them")
    func offsetsAndNumbers() throws {
        let number = try #require(S10Number("EE123456785CN"))
        let events = [(0, Int32(0)), (1, -12_600), (2, 20_700), (3, 50_400), (4, -36_000)].map { k, offset in
            TrackingEvent(number: number, code: [EventCode.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice,
                                                 .arrivalAtInwardOffice, .posting][k],
                          time: LocalTime(epochSeconds: 1_780_000_000 + Int64(k) * 86_399, utcOffsetSeconds: offset)!,
                          office: Office(code: "CNPEKA"))
        }
        let timeline = Timeline(number: number, events: events, language: .en, now: 1_790_000_000)
        let fast = try canonical(Data(TimelineJSON.encode(timeline)))
        #expect(fast == (try canonical(JSONEncoder().encode(timeline))))
        #expect(fast.contains("-03:30") && fast.contains("+05:45") && fast.contains("+14:00") && fast.contains("-10:00"))
    }

    /// The same JSON value always gives the same bytes: parsed, then written with sorted keys.
    func canonical(_ data: Data) throws -> String {
        let value = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
