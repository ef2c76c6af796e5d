import S10
@testable import PostTraceCore

/// Small builders for hand-written timelines.
enum Fixture {
    static let number = S10Number("EE123456785CN")!
    static let other = S10Number("RR123456785DE")!

    static func time(_ text: String) -> LocalTime { LocalTime(rfc3339: text)! }

    static func event(_ code: String, _ time: String, _ office: String, name: String? = nil, city: String? = nil,
                      reason: String? = nil, number: S10Number = number) -> TrackingEvent {
        TrackingEvent(number: number, code: EventCode(rawValue: code), time: LocalTime(rfc3339: time)!,
                      office: Office(code: office, name: name, city: city), reason: reason.map { ReasonCode(rawValue: $0) })
    }

    /// A China → Germany journey, oldest first, in each office's own offset.
    static let chinaToGermany: [TrackingEvent] = [
        event("EMA", "2026-03-01T10:00:00+08:00", "CN100010", name: "Beijing 100010", city: "Beijing"),
        event("EMB", "2026-03-01T22:00:00+08:00", "CNPEKA", name: "Beijing IMPC", city: "Beijing"),
        event("EMC", "2026-03-02T09:10:00+08:00", "CNPEKA", name: "Beijing IMPC", city: "Beijing"),
        event("EMD", "2026-03-02T18:00:00+01:00", "DEFRAA", name: "Frankfurt IMPC", city: "Frankfurt"),
        event("EDB", "2026-03-03T09:10:00+01:00", "DEFRAA", name: "Frankfurt IMPC", city: "Frankfurt"),
    ]

    static func timeline(_ events: [TrackingEvent], language: Language = .en, now: String = "2026-03-04T12:00:00Z") -> Timeline {
        Timeline(number: number, events: events, language: language, now: time(now).epochSeconds)
    }
}
