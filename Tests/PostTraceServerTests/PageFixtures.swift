import Testing
import PostTraceCore
import PostTraceStore
@testable import PostTraceServer
import S10

/// Parcels in every situation the page must explain, stored in a real store.
enum PageFixtures {
    static let delivered = S10Number("EE123456785CN")!
    static let inCustoms = S10Number("RR123456785CN")!
    static let failed = S10Number("CP123456785CN")!
    static let notYet = S10Number("LX123456785CN")!
    static let hostile = S10Number("EA123456785CN")!
    /// 2026-03-01T09:10:00+08:00.
    static let start: Int64 = 1_772_327_400
    /// A fixed "now": 2026-03-10T00:00:00Z.
    static let now: Int64 = 1_773_100_800

    static let beijing = Office(code: "CNBJSA", name: "Beijing International Mail Centre", city: "Beijing")
    static let frankfurt = Office(code: "DEFRAA", name: "Frankfurt International Mail Centre", city: "Frankfurt")
    static let berlin = Office(code: "DEBERA", name: "Berlin Delivery Office 10115", city: "Berlin")

    static func event(_ n: S10Number, _ code: EventCode, hoursAfterStart h: Int64, _ office: Office,
                      reason: String? = nil) -> TrackingEvent {
        let offset: Int32 = office.code.hasPrefix("CN") ? 8 * 3600 : 3600
        return TrackingEvent(number: n, code: code, time: LocalTime(epochSeconds: start + h * 3600, utcOffsetSeconds: offset)!,
                             office: office, reason: reason.map(ReasonCode.init(rawValue:)))
    }

    /// Posted in Beijing, exported, arrived in Frankfurt.
    static func journeyToGermany(_ n: S10Number) -> [TrackingEvent] {
        [event(n, .posting, hoursAfterStart: 0, beijing), event(n, .arrivalAtOutwardOffice, hoursAfterStart: 5, beijing),
         event(n, .departureFromOutwardOffice, hoursAfterStart: 30, beijing),
         event(n, .arrivalAtInwardOffice, hoursAfterStart: 50, frankfurt)]
    }

    static func allEvents() -> [TrackingEvent] {
        let delivered = journeyToGermany(delivered) + [
            event(delivered, .presentedToImportCustoms, hoursAfterStart: 52, frankfurt),
            event(delivered, .returnedFromImportCustoms, hoursAfterStart: 70, frankfurt),
            event(delivered, .arrivalAtDeliveryOffice, hoursAfterStart: 90, berlin),
            event(delivered, .outForDelivery, hoursAfterStart: 95, berlin),
            event(delivered, .finalDelivery, hoursAfterStart: 99, berlin),
        ]
        let customs = journeyToGermany(inCustoms) + [
            event(inCustoms, .presentedToImportCustoms, hoursAfterStart: 52, frankfurt),
            event(inCustoms, .heldByImportCustoms, hoursAfterStart: 53, frankfurt),
        ]
        let failed = journeyToGermany(failed) + [
            event(failed, .returnedFromImportCustoms, hoursAfterStart: 70, frankfurt),
            event(failed, .arrivalAtDeliveryOffice, hoursAfterStart: 90, berlin),
            event(failed, .outForDelivery, hoursAfterStart: 95, berlin),
            event(failed, .unsuccessfulDelivery, hoursAfterStart: 99, berlin, reason: "addressee_absent"),
        ]
        let evil = Office(code: "DEXSSA", name: "<script>alert('office')</script>", city: "\"><img src=x onerror=alert(1)>")
        let hostile = [event(hostile, .posting, hoursAfterStart: 0, beijing), event(hostile, .arrivalAtInwardOffice, hoursAfterStart: 50, evil)]
        return delivered + customs + failed + hostile
    }

    static func store() async throws -> InMemoryStore {
        let store = InMemoryStore()
        _ = try await store.insert(allEvents())
        return store
    }

    static func routes(_ store: any TrackingStore) -> [Route] { PageRoutes.routes(store: store, now: { now }) }

    /// Calls the page route named `name` directly, as the server would after matching the path.
    static func call(_ routes: [Route], _ name: String, path: String, query: [(String, String)] = [],
                     parameters: [String: String] = [:], headers: [String: String] = [:]) async throws -> (status: Int, body: String, response: HTTPResponse) {
        let route = try #require(routes.first { $0.name == name })
        var req = HTTPRequest(method: "GET", path: path, query: query.map { (name: $0.0, value: $0.1) }, headers: headers)
        req.pathParameters = parameters
        let response = await route.handler(req)
        return (response.status, String(decoding: response.body, as: UTF8.self), response)
    }
}
