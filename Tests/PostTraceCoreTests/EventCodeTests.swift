import Testing
@testable import PostTraceCore

@Suite struct EventCodeTests {
    /// The named codes in journey order, as `allKnown` listed them by name.
    static let named: [EventCode] = [
        .posting, .arrivalAtOutwardOffice, .presentedToExportCustoms, .heldByExportCustoms, .returnedFromExportCustoms,
        .heldAtOutwardOffice, .exportCancelled, .departureFromOutwardOffice, .arrivalAtTransitOffice, .departureFromTransitOffice,
        .arrivalAtInwardOffice, .heldAtInwardOffice, .presentedToImportCustoms, .heldByImportCustoms, .returnedFromImportCustoms,
        .departureFromInwardOffice, .intoSortingCentre, .outOfSortingCentre, .arrivalAtDeliveryOffice, .heldAtDeliveryDepot,
        .outForDelivery, .arrivalAtPickupPoint, .unsuccessfulDelivery, .finalDelivery, .importTerminated,
    ]

    @Test func allKnownIsTheNamedCodesInJourneyOrder() {
        let known = EventCode.allKnown.map { $0.rawValue }, named = Self.named.map { $0.rawValue }
        #expect(known == named)
        let allNamedKnown = Self.named.allSatisfy { $0.isKnown }
        #expect(allNamedKnown)
        #expect(Set(Self.named).count == Self.named.count)
    }

    @Test func equalityAndHashingFollowTheRawValue() {
        for (a, b) in [("EMA", "EMA"), ("ZZZ", "ZZZ"), ("", ""), ("EMA", "EMB"), ("ZZZ", "ZZY"), ("EMA", "ema"), ("EMA", "ZZZ"),
                       ("EM\u{212A}", "EMK"), ("E\u{301}MA", "\u{C9}MA")] {
            let x = EventCode(rawValue: a), y = EventCode(rawValue: b)
            #expect((x == y) == (a == b), "\(a) \(b)")
            if a == b { #expect(x.hashValue == y.hashValue) }
        }
    }

    @Test func onlyExactUPUCodesAreKnown() {
        for raw in ["ema", "EMAA", "EM", "", "EMZ", "XYZ", " EMA"] { #expect(!EventCode(rawValue: raw).isKnown, "\(raw)") }
        // Canonically equal to EMK, as String equality has always said.
        let kelvin = EventCode(rawValue: "EM\u{212A}")
        let emk = EventCode.departureFromTransitOffice
        #expect(kelvin.isKnown && kelvin == emk && kelvin.stage == emk.stage)
        #expect(kelvin.title(in: .en) == emk.title(in: .en))
        #expect(EventCode(rawValue: "ZZZ").effect == .unknown && EventCode(rawValue: "ZZZ").stage == nil)
    }
}
