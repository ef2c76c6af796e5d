import Testing
import S10
@testable import PostTraceCore

@Suite struct StatusDerivationTests {
    typealias F = Fixture

    @Test func noEventsIsNotFound() {
        let t = F.timeline([])
        #expect(t.status == .notFound)
        #expect(t.lastUpdate == nil)
        #expect(t.currentStage == nil)
        #expect(t.stale == false)
        #expect(t.origin == "CN")
    }

    @Test func postingOnlyIsInfoReceived() {
        let t = F.timeline([F.chinaToGermany[0]])
        #expect(t.status == .infoReceived)
        #expect(t.currentStage == .posted)
    }

    @Test func importCustomsWithStagesOriginAndDestination() {
        let t = F.timeline(F.chinaToGermany)
        #expect(t.status == .inCustoms)
        #expect(t.customs == CustomsState(direction: .import, phase: .presented))
        #expect(t.origin == "CN")
        #expect(t.destination == "DE")
        #expect(t.currentStage == .importCustoms)
        #expect(t.lastUpdate == F.time("2026-03-03T09:10:00+01:00"))
        let reached = Dictionary(uniqueKeysWithValues: t.stages.map { ($0.stage, $0.reachedAt) })
        #expect(reached[.posted]! == F.time("2026-03-01T10:00:00+08:00"))
        #expect(reached[.export]! == F.time("2026-03-01T22:00:00+08:00"))
        #expect(reached[.inTransit]! == F.time("2026-03-02T09:10:00+08:00"))
        #expect(reached[.importCustoms]! == F.time("2026-03-02T18:00:00+01:00"))
        #expect(reached[.outForDelivery]! == nil)
        #expect(t.stages.filter(\.isCurrent).count == 1)
    }

    @Test func customsSubStatuses() {
        let cases: [(String, CustomsState)] = [
            ("EXA", .init(direction: .export, phase: .presented)), ("EXB", .init(direction: .export, phase: .held)),
            ("EXC", .init(direction: .export, phase: .released)), ("EDB", .init(direction: .import, phase: .presented)),
            ("EME", .init(direction: .import, phase: .held)), ("EDC", .init(direction: .import, phase: .released)),
        ]
        for (code, state) in cases {
            let t = F.timeline([F.chinaToGermany[0], F.event(code, "2026-03-02T10:00:00+08:00", "CNPEKA", reason: "documents_required")])
            #expect(t.status == .inCustoms, "\(code)")
            #expect(t.customs == state, "\(code)")
            #expect((t.reason != nil) == (state.phase == .held), "\(code): reason only while held")
        }
    }

    @Test func outOfOrderArrivalNeverMovesStatusBack() {
        var events = F.chinaToGermany
        events.append(F.event("EMF", "2026-03-04T08:00:00+01:00", "DEFRAA"))
        let inOrder = F.timeline(events)
        // The posting scan arrives last, the departure first: same result.
        let shuffled = F.timeline([events[5], events[2], events[4], events[1], events[3], events[0]])
        #expect(inOrder.status == .inTransit)
        #expect(shuffled == inOrder)
        #expect(shuffled.events.map(\.code.rawValue) == ["EMA", "EMB", "EMC", "EMD", "EDB", "EMF"])
    }

    @Test func duplicatesWithDifferingFieldsMergeKeepingRicherFields() {
        let a = F.event("EMH", "2026-03-05T10:00:00+01:00", "DE10115", name: "Berlin", reason: nil)
        let b = F.event("EMH", "2026-03-05T10:00:42+01:00", "DE10115", name: "Berlin 10115 Delivery Office", city: "Berlin", reason: "addressee_absent")
        let t = F.timeline(F.chinaToGermany + [a, b], now: "2026-03-05T12:00:00Z")
        #expect(t.events.count == F.chinaToGermany.count + 1)
        let merged = t.events.last!
        #expect(merged.office.name == "Berlin 10115 Delivery Office")
        #expect(merged.office.city == "Berlin")
        #expect(merged.reason == .addresseeAbsent)
        #expect(t.status == .deliveryFailed)
        #expect(t.reason == .addresseeAbsent)
        // A different minute or office is a different scan.
        let c = F.event("EMH", "2026-03-05T10:01:00+01:00", "DE10115")
        let d = F.event("EMH", "2026-03-05T10:00:00+01:00", "DE80331")
        #expect(F.timeline([a, c, d]).events.count == 3)
    }

    @Test func unknownCodesAreKeptButDoNotChangeStatus() {
        let odd = F.event("ZZZ", "2026-03-03T12:00:00+01:00", "DEFRAA")
        let t = F.timeline(F.chinaToGermany + [odd])
        #expect(t.events.contains { $0.code.rawValue == "ZZZ" })
        #expect(t.status == .inCustoms)
        #expect(t.lastUpdate == odd.time)
        #expect(F.timeline([odd]).status == .infoReceived)
    }

    @Test func eventsInFiveTimeZonesOrderByInstantAndKeepTheirOffsets() {
        // Local clock times go down while instants go up.
        let events = [
            F.event("EMC", "2026-03-02T23:30:00+08:00", "CNPEKA"),
            F.event("EMJ", "2026-03-02T21:00:00+04:00", "AEDXBA"),
            F.event("EMK", "2026-03-02T19:00:00+01:00", "NLAMSA"),
            F.event("EMD", "2026-03-02T15:00:00-05:00", "USJFKA"),
            F.event("EDD", "2026-03-02T13:00:00-08:00", "USLAXA"),
        ]
        let t = F.timeline(events.reversed())
        #expect(t.events.map(\.code.rawValue) == ["EMC", "EMJ", "EMK", "EMD", "EDD"])
        #expect(t.events.map { $0.time.offsetText() } == ["+08:00", "+04:00", "+01:00", "-05:00", "-08:00"])
        #expect(t.destination == "US")
        #expect(t.status == .inTransit)
    }

    @Test func deliveryFailedThenPickupThenDelivered() {
        var events = F.chinaToGermany
        events.append(F.event("EDG", "2026-03-05T08:30:00+01:00", "DE10115"))
        events.append(F.event("EMH", "2026-03-05T11:00:00+01:00", "DE10115", reason: "addressee_absent"))
        #expect(F.timeline(events).status == .deliveryFailed)
        events.append(F.event("EDH", "2026-03-05T15:00:00+01:00", "DE10115"))
        let pickup = F.timeline(events)
        #expect(pickup.status == .availableForPickup)
        #expect(pickup.reason == .addresseeAbsent)
        events.append(F.event("EMI", "2026-03-06T15:00:00+01:00", "DE10115"))
        let done = F.timeline(events)
        #expect(done.status == .delivered)
        #expect(done.reason == nil)
        #expect(done.currentStage == .delivered)
        #expect(F.timeline(Array(events.prefix(6))).status == .outForDelivery)
    }

    @Test func returnToSender() {
        var events = F.chinaToGermany
        events.append(F.event("EMH", "2026-03-05T11:00:00+01:00", "DE10115", reason: "refused"))
        events.append(F.event("EMB", "2026-03-08T11:00:00+01:00", "DEFRAA"))
        let back = F.timeline(events, now: "2026-03-08T12:00:00Z")
        #expect(back.status == .returned)
        #expect(back.reason == .refused)
        #expect(back.explanation.headline == "On its way back to the sender in China since 8 March")
        events.append(F.event("EMD", "2026-03-10T06:00:00+08:00", "CNPEKA"))
        events.append(F.event("EMI", "2026-03-12T10:00:00+08:00", "CN100010"))
        let home = F.timeline(events, now: "2026-03-12T12:00:00Z")
        #expect(home.status == .returned)
        #expect(home.currentStage == .outForDelivery, "stages stop at the way back")
        #expect(home.explanation.headline == "Returned: delivered back to the sender in China on 12 March")
        #expect(home.isReturnedToSender && !back.isReturnedToSender)
        #expect(!F.timeline(events, now: "2027-01-01T00:00:00Z").stale, "delivered back is the end of the journey")
        #expect(F.timeline(Array(events.prefix(7)), now: "2027-01-01T00:00:00Z").stale, "still on the way back")
    }

    @Test func exceptions() {
        let cancelled = F.timeline([F.chinaToGermany[0], F.event("EXX", "2026-03-02T10:00:00+08:00", "CNPEKA", reason: "prohibited_item")])
        #expect(cancelled.status == .exception)
        #expect(cancelled.reason == .prohibitedItem)
        #expect(cancelled.explanation.headline.hasPrefix("Export cancelled in China"))
        let stopped = F.timeline(F.chinaToGermany + [F.event("EDX", "2026-03-04T10:00:00+01:00", "DEFRAA")])
        #expect(stopped.status == .exception)
        #expect(stopped.explanation.headline.hasPrefix("Import stopped by Germany"))
    }

    @Test func eventsOfOtherNumbersAreIgnored() {
        let foreign = F.event("EMI", "2026-03-03T12:00:00+01:00", "DE10115", number: F.other)
        let t = F.timeline(F.chinaToGermany + [foreign])
        #expect(t.status == .inCustoms)
        #expect(!t.events.contains { $0.number == F.other })
    }

    @Test func equalInstantsFollowJourneyOrder() {
        let t = F.timeline([
            F.event("EMI", "2026-03-03T10:00:00+01:00", "DE10115"),
            F.event("EDG", "2026-03-03T10:00:00+01:00", "DE10115"),
        ])
        #expect(t.events.map(\.code.rawValue) == ["EDG", "EMI"])
        #expect(t.status == .delivered)
    }

    @Test func hostileOfficesAndReasonsDoNotBreakDerivation() {
        let events = [
            F.event("EMA", "2026-03-01T10:00:00+08:00", ""),
            F.event("EMD", "2026-03-02T10:00:00+00:00", "x"),
            F.event("EME", "2026-03-02T11:00:00+00:00", "ZZ!!", name: String(repeating: "名", count: 5000), reason: "\u{0}<script>"),
            F.event("emi", "2026-03-02T12:00:00+00:00", "de10115"),
        ]
        let t = F.timeline(events)
        #expect(t.status == .inCustoms)
        #expect(t.destination == nil)
        #expect(t.reason?.title(in: .en) == "Other reason (\u{0}<script>)")
        #expect(t.events.count == 4)
        #expect(!TimelineText.full(t).isEmpty)
    }
}

@Suite struct ReasonAndOriginTests {
    typealias F = Fixture

    @Test func aCustomsReasonDoesNotLeakIntoALaterDeliveryFailure() {
        let events = F.chinaToGermany + [
            F.event("EME", "2026-03-03T12:00:00+01:00", "DEFRAA", reason: "duties_unpaid"),
            F.event("EDC", "2026-03-05T12:00:00+01:00", "DEFRAA"),
            F.event("EMH", "2026-03-07T11:00:00+01:00", "DE10115"),
        ]
        let t = F.timeline(events, now: "2026-03-07T12:00:00Z")
        #expect(t.status == .deliveryFailed)
        #expect(t.reason == nil)
        #expect(t.explanation.headline == "Delivery attempt failed on 7 March")
    }

    @Test func originFallsBackToTheNumberWhenOnlyInwardScansExist() {
        let t = F.timeline([F.event("EMJ", "2026-03-02T10:00:00+04:00", "AEDXBA"), F.event("EMD", "2026-03-03T10:00:00+01:00", "DEFRAA")])
        #expect(t.origin == "CN")
        #expect(t.destination == "DE")
        #expect(t.status == .inTransit)
        #expect(t.explanation.headline == "In Germany, on its way to the delivery office since 3 March")
    }
}
