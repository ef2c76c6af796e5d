import S10
@testable import PostTraceCore

/// Builders for lane histories: items of one lane whose stages take chosen durations.
enum LaneFixture {
    static let hour: Int64 = 3600, day: Int64 = 86_400
    /// 2026-11-02T00:00:00Z, a Monday.
    static let epoch: Int64 = 1_793_577_600

    static func number(_ i: Int, indicator: String = "EE", country: String = "CN") -> S10Number {
        S10Number(serviceIndicator: indicator, serial: UInt32(i), countryCode: country)!
    }

    static func scan(_ n: S10Number, _ code: EventCode, _ at: Int64, _ office: String, offset: Int32, next: String? = nil) -> TrackingEvent {
        TrackingEvent(number: n, code: code, time: LocalTime(epochSeconds: at, utcOffsetSeconds: offset)!, office: Office(code: office),
                      nextOffice: next)
    }

    /// A CN → US item posted at `posted`: dispatched a day later, arriving in the US (`arrival` after posting),
    /// presented to customs an hour later, then delivered `toDelivery` after arrival unless that is after
    /// `now`. `hold`, when given, holds it in customs for that long after presentation.
    static func item(_ i: Int, posted: Int64, arrival: Int64, toDelivery: Int64, now: Int64, hold: Int64? = nil,
                     destination: (office: String, offset: Int32) = ("USJFKA", -5 * 3600), indicator: String = "EE") -> [TrackingEvent] {
        let n = number(i, indicator: indicator)
        var events = [scan(n, .posting, posted, "CN100010", offset: 8 * 3600),
                      scan(n, .departureFromOutwardOffice, posted + day, "CNPEKA", offset: 8 * 3600, next: destination.office)]
        let arrived = posted + arrival
        events.append(scan(n, .arrivalAtInwardOffice, arrived, destination.office, offset: destination.offset))
        events.append(scan(n, .presentedToImportCustoms, arrived + hour, destination.office, offset: destination.offset))
        if let hold {
            events.append(scan(n, .heldByImportCustoms, arrived + 2 * hour, destination.office, offset: destination.offset))
            events.append(scan(n, .returnedFromImportCustoms, arrived + 2 * hour + hold, destination.office, offset: destination.offset))
        }
        events.append(scan(n, .finalDelivery, arrived + toDelivery, String(destination.office.prefix(2)) + "10001", offset: destination.offset))
        return events.filter { $0.time.epochSeconds <= now }
    }

    static func observations(_ items: [[TrackingEvent]]) -> [LaneObservation] {
        items.map { LaneObservation(number: $0[0].number, events: $0) }
    }
}
