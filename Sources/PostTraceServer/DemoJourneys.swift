import PostTraceCore
import PostTraceStore
import S10

/// Simulated journeys for `serve --demo`, so that a new user sees real-looking results at once.
/// Deterministic: the same seed gives the same items.
///
/// Interim generator until Core's `Simulator` lands on main; it only fills an empty store.
public struct DemoJourneys: Sendable {
    /// Example numbers to print: one delivered, one held in customs, one valid without any record.
    public struct Examples: Sendable {
        public var delivered: S10Number
        public var inCustoms: S10Number
        public var noRecord: S10Number
    }

    private static let routes: [(from: String, to: String, outward: String, inward: String, offset: Int32, destOffset: Int32)] = [
        ("CN", "DE", "CNPEKA", "DEFRAA", 28800, 3600), ("CN", "US", "CNSHAA", "USJFKA", 28800, -18000),
        ("DE", "CN", "DEFRAA", "CNPEKA", 3600, 28800), ("GB", "FR", "GBLONA", "FRCDGA", 0, 3600),
        ("US", "JP", "USLAXA", "JPTYOA", -28800, 32400), ("FR", "BR", "FRCDGA", "BRSAOA", 3600, -10800),
    ]
    private static let journey: [EventCode] = [
        .posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice, .arrivalAtInwardOffice,
        .presentedToImportCustoms, .heldByImportCustoms, .returnedFromImportCustoms, .departureFromInwardOffice,
        .arrivalAtDeliveryOffice, .outForDelivery, .finalDelivery,
    ]

    /// Writes `count` items ending `now` (seconds since 1970) in batches; returns the example numbers.
    public static func fill(_ store: any TrackingStore, count: Int = 10_000, now: Int64) async throws -> Examples {
        var state: UInt64 = 0x5EED_2026
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var delivered: S10Number?, inCustoms: S10Number?
        var batch: [TrackingEvent] = []
        for i in 0..<count {
            let route = routes[i % routes.count]
            let serial = UInt32(10_000_000 + i * 7 + 3)
            guard let number = S10Number(serviceIndicator: ["RR", "EE", "LX", "CP", "UA"][i % 5], serial: serial, countryCode: route.from) else { continue }
            // Most items are delivered; the rest stop somewhere along the way (customs is the classic trouble).
            let stop = next(10) < 6 ? journey.count : 1 + next(journey.count - 1)
            var time = now - Int64(86400 * (3 + next(25))) - Int64(next(86400))
            for (k, code) in journey.prefix(stop).enumerated() {
                let atOrigin = k < 3
                let office = atOrigin ? route.outward : (k >= 8 ? route.inward.prefix(2) + "DLV" + String(k) : route.inward)
                guard let local = LocalTime(epochSeconds: time, utcOffsetSeconds: atOrigin ? route.offset : route.destOffset) else { continue }
                batch.append(TrackingEvent(number: number, code: code, time: local, office: Office(code: String(office)), source: "demo"))
                time += Int64(3600 * (2 + next(30)))
            }
            if stop == journey.count, delivered == nil { delivered = number }
            if stop == 6, inCustoms == nil { inCustoms = number }
            if batch.count >= 5_000 { _ = try await store.insert(batch); batch.removeAll(keepingCapacity: true) }
        }
        if !batch.isEmpty { _ = try await store.insert(batch) }
        let noRecord = S10Number(serviceIndicator: "RR", serial: 99_999_998, countryCode: "CN")!
        return Examples(delivered: delivered ?? noRecord, inCustoms: inCustoms ?? noRecord, noRecord: noRecord)
    }
}
