import Foundation
import Testing
import S10
@testable import PostTraceCore

@Suite struct LocalTimeTests {
    @Test(arguments: [
        ("2026-03-03T09:10:00+08:00", "2026-03-03T09:10:00+08:00"),
        ("2026-03-03t09:10:00z", "2026-03-03T09:10:00Z"),
        ("2026-03-03 09:10:00-03:30", "2026-03-03T09:10:00-03:30"),
        ("2026-03-03T09:10:00.123456+05:45", "2026-03-03T09:10:00+05:45"),
        ("2024-02-29T23:59:60Z", "2024-02-29T23:59:59Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
    ])
    func parsesAndKeepsTheOffset(input: String, expected: String) throws {
        #expect(try #require(LocalTime(rfc3339: input)).rfc3339 == expected)
    }

    @Test(arguments: [
        "", "2026-03-03", "2026-03-03T09:10:00", "2026-03-03T09:10+08:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-03-03T24:00:00Z", "2026-03-03T09:60:00Z", "2026-03-03T09:10:00+19:00", "2026-03-03T09:10:00.+08:00",
        "2026-03-03T09:10:00+08:00 ", " 2026-03-03T09:10:00Z", "２０２６-03-03T09:10:00Z", "2026-03-03T09:10:00+0800",
        "2026-03-03T09:10:00Zjunk", "-026-03-03T09:10:00Z", "2026/03/03T09:10:00Z", "\u{0}",
    ])
    func rejectsWhatItCannotReadWithoutGuessing(input: String) {
        #expect(LocalTime(rfc3339: input) == nil)
    }

    @Test func sameInstantDifferentOffsetsAreDistinctButSameMinute() throws {
        let a = try #require(LocalTime(rfc3339: "2026-03-03T09:10:00+08:00"))
        let b = try #require(LocalTime(rfc3339: "2026-03-03T01:10:30Z"))
        #expect(a != b)
        #expect(a.sameMinute(as: b))
        #expect(b.fields.hour == 1 && a.fields.hour == 9)
    }
}

@Suite struct TrackingEventCodingTests {
    @Test func flatExchangeFormatRoundTrips() throws {
        let e = TrackingEvent(number: Fixture.number, code: .heldByImportCustoms, time: Fixture.time("2026-03-03T09:10:00+01:00"),
                              office: Office(code: "DEFRAA", name: "Frankfurt", city: "Frankfurt"), reason: .documentsRequired,
                              nextOffice: "DE10115", transport: "LH123", source: "de-post", receivedAt: 1_772_000_000)
        let data = try JSONEncoder().encode(e)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["number", "code", "time", "office", "office_name", "city", "reason", "next_office", "transport", "source", "received_at"])
        #expect(try JSONDecoder().decode(TrackingEvent.self, from: data) == e)
    }

    @Test(arguments: [
        #"{}"#,
        #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00","office":"CNPEKA"}"#,
        #"{"number":"EE123456780CN","code":"EMA","time":"2026-03-03T09:10:00Z","office":"CNPEKA"}"#,
        #"{"number":"EE123456785CN","code":7,"time":"2026-03-03T09:10:00Z","office":"CNPEKA"}"#,
        #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00Z"}"#,
        #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00Z","office":"CNPEKA","received_at":"soon"}"#,
        #"["EE123456785CN"]"#,
    ])
    func hostileEventsAreRejected(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrackingEvent.self, from: Data(json.utf8)) }
    }

    @Test func unknownCodesAndReasonsSurviveDecoding() throws {
        let json = #"{"number":"EE123456785CN","code":"QQQ","time":"2026-03-03T09:10:00Z","office":"zz","reason":"R99"}"#
        let e = try JSONDecoder().decode(TrackingEvent.self, from: Data(json.utf8))
        #expect(e.code.rawValue == "QQQ" && !e.code.isKnown && e.code.effect == .unknown)
        #expect(e.reason?.rawValue == "R99" && e.reason?.isKnown == false)
        #expect(e.office.countryCode == nil)
    }
}
