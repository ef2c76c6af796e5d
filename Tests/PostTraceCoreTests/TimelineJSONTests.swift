import Foundation
import Testing
import S10
@testable import PostTraceCore

@Suite struct TimelineJSONTests {
    typealias F = Fixture

    func object(_ t: Timeline) throws -> [String: Any] {
        let data = try JSONEncoder().encode(t)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func snakeCaseFieldsWithPlainWords() throws {
        let held = F.chinaToGermany + [F.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA", reason: "duties_unpaid")]
        let json = try object(F.timeline(held))
        #expect(Set(json.keys) == ["number", "service", "service_title", "status", "status_title", "customs", "reason", "reason_title", "stale", "current_stage",
                                   "stages", "events", "last_update", "origin", "origin_name", "destination", "destination_name",
                                   "explanation", "language", "estimated_delivery", "estimated_delivery_reason"])
        #expect(json["estimated_delivery"] is NSNull, "without lane history: null, with the reason")
        #expect(json["estimated_delivery_reason"] as? String == "too_little_history")
        #expect(json["status"] as? String == "in_customs")
        #expect(json["service"] as? String == "ems")
        #expect(json["status_title"] as? String == "In customs")
        #expect(json["reason_title"] as? String == "duties or taxes unpaid")
        #expect(json["last_update"] as? String == "2026-03-03T12:00:00+01:00")
        #expect(json["destination_name"] as? String == "Germany")
        let customs = try #require(json["customs"] as? [String: String])
        #expect(customs == ["direction": "import", "phase": "held", "title": "Held by import customs"])
        let stages = try #require(json["stages"] as? [[String: Any]])
        #expect(stages.count == Stage.allCases.count)
        #expect(Set(stages[0].keys) == ["stage", "title", "reached_at", "is_current"])
        #expect(stages[0]["reached_at"] as? String == "2026-03-01T10:00:00+08:00")
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.last?["title"] as? String == "Handed to import customs")
        #expect(events.last?["country"] as? String == "DE")
        #expect(events.last?["reason_title"] as? String == "duties or taxes unpaid")
        #expect(events.first?["office_name"] as? String == "Beijing 100010")
        #expect(events.first?["time"] as? String == "2026-03-01T10:00:00+08:00")
    }

    @Test func chineseTitles() throws {
        let json = try object(F.timeline(F.chinaToGermany, language: .zhHans))
        #expect(json["status_title"] as? String == "海关处理中")
        #expect(json["language"] as? String == "zh-Hans")
        #expect(json["origin_name"] as? String == "中国")
    }

    @Test func roundTrips() throws {
        for events in [[], F.chinaToGermany, F.chinaToGermany + [F.event("XYZ", "2026-03-03T12:00:00+01:00", "DEFRAA")]] {
            let t = F.timeline(events)
            let back = try JSONDecoder().decode(Timeline.self, from: JSONEncoder().encode(t))
            #expect(back == t)
        }
    }

    @Test func notFoundLeavesUnknownFieldsOut() throws {
        let json = try object(F.timeline([]))
        #expect(json["last_update"] == nil && json["destination"] == nil && json["customs"] == nil && json["current_stage"] == nil)
        #expect(json["events"] as? [Any] != nil)
    }

    @Test func hostileJSONIsRejectedWithAnError() {
        let bad = [#"{}"#, #"{"number":"EE123456780CN"}"#, #"[]"#, #"{"number":"EE123456785CN","status":"lost"}"#]
        for text in bad { #expect(throws: DecodingError.self) { try JSONDecoder().decode(Timeline.self, from: Data(text.utf8)) } }
    }
}

@Suite struct TimelineJSONBytesTests {
    typealias F = Fixture

    func sameDocument(_ t: Timeline) throws -> Bool {
        let fast = try JSONSerialization.jsonObject(with: Data(t.jsonBytes()))
        let reference = try JSONSerialization.jsonObject(with: JSONEncoder().encode(t))
        return fast is [String: Any] && Self.same(fast, reference)
    }

    /// Equality of two parsed JSON values, walked in Swift: comparing them as `NSDictionary` bridged every
    /// nested value on each comparison and made this suite minutes of CPU in a debug build.
    static func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (a as String, b as String): return a == b
        case (is NSNull, is NSNull): return true
        case let (a as [String: Any], b as [String: Any]):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
        case let (a as [Any], b as [Any]): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case let (a as NSNumber, b as NSNumber): return a == b
        default: return false
        }
    }

    @Test func matchesJSONEncoderForSimulatedItems() throws {
        let simulator = Simulator(seed: 9, now: SimulatorTests.now)
        for item in simulator.items(count: 300) {
            for language in Language.allCases {
                let t = Timeline(number: item.number, events: item.events, language: language, now: SimulatorTests.now)
                #expect(try sameDocument(t), "\(item.number)")
            }
        }
    }

    @Test func escapesHostileStrings() throws {
        let nasty = "quote\" back\\ nl\n tab\t nul\u{0} bell\u{7} emoji 📦 名 \u{2028}</script>"
        let t = F.timeline([F.event("EMA", "2026-03-01T10:00:00+08:00", "CN100010", name: nasty, city: nasty, reason: nasty)])
        #expect(try sameDocument(t))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(t.jsonBytes())) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events[0]["office_name"] as? String == nasty)
    }

    @Test func decodesBackToTheSameTimeline() throws {
        let t = F.timeline(F.chinaToGermany + [F.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA", reason: "duties_unpaid")])
        #expect(try JSONDecoder().decode(Timeline.self, from: Data(t.jsonBytes())) == t)
    }

    @Test("agrees with the Codable encoding on simulated timelines in both languages", arguments: [Language.en, .zhHans])
    func sameAsCodable(_ language: Language) throws {
        let now: Int64 = 1_790_000_000
        var checked = 0
        for item in Simulator(seed: 7, now: now).items(count: 300) where !item.events.isEmpty {
            var timeline = Timeline(number: item.number, events: item.events, language: language, now: now)
            if checked == 0 { timeline.explanation.headline += " \"quoted\"\n\\ \u{1}" }  // escaping
            let fast = try canonical(Data(timeline.jsonBytes()))
            let reference = try canonical(JSONEncoder().encode(timeline))
            let same = fast == reference  // a Bool, so a mismatch names the item instead of dumping both documents
            #expect(same, "\(item.number) differs from the Codable encoding:\n\(fast.prefix(400))")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test("times in every kind of offset, and the number repeated per event, as the Codable encoding writes them")
    func offsetsAndNumbers() throws {
        let number = try #require(S10Number("EE123456785CN"))
        let events = [(0, Int32(0)), (1, -12_600), (2, 20_700), (3, 50_400), (4, -36_000)].map { k, offset in
            TrackingEvent(number: number, code: [EventCode.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice,
                                                 .arrivalAtInwardOffice, .posting][k],
                          time: LocalTime(epochSeconds: 1_780_000_000 + Int64(k) * 86_399, utcOffsetSeconds: offset)!,
                          office: Office(code: "CNPEKA"))
        }
        let timeline = Timeline(number: number, events: events, language: .en, now: 1_790_000_000)
        let fast = try canonical(Data(timeline.jsonBytes()))
        #expect(fast == (try canonical(JSONEncoder().encode(timeline))))
        #expect(fast.contains("-03:30") && fast.contains("+05:45") && fast.contains("+14:00") && fast.contains("-10:00"))
    }

    /// The same JSON value always gives the same bytes: parsed, then written with sorted keys.
    func canonical(_ data: Data) throws -> String {
        let value = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }
}
