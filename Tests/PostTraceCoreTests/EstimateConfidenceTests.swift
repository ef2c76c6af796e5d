import Foundation
import S10
import Testing
@testable import PostTraceCore

private typealias F = LaneFixture

/// The confidence an estimate states is what its interval holds: the nominal 0.8 where whole dates can hold
/// about that much, more where one date already holds more (a delivery office's next morning round).
@Suite struct EstimateConfidenceTests {
    /// A CN → US item that reaches its US delivery office at `arrived` and is delivered `toDelivery` later
    /// (scans after `now` not yet reported).
    static func atDeliveryOffice(_ i: Int, arrived: Int64, toDelivery: Int64, now: Int64) -> [TrackingEvent] {
        let n = F.number(i)
        let us: Int32 = -5 * 3600
        return [F.scan(n, .posting, arrived - 5 * F.day, "CN100010", offset: 8 * 3600),
                F.scan(n, .departureFromOutwardOffice, arrived - 4 * F.day, "CNPEKA", offset: 8 * 3600, next: "USJFKA"),
                F.scan(n, .arrivalAtInwardOffice, arrived - 3 * F.day, "USJFKA", offset: us),
                F.scan(n, .presentedToImportCustoms, arrived - 3 * F.day + F.hour, "USJFKA", offset: us),
                F.scan(n, .arrivalAtDeliveryOffice, arrived, "US10001", offset: us),
                F.scan(n, .finalDelivery, arrived + toDelivery, "US10001", offset: us)]
            .filter { $0.time.epochSeconds <= now }
    }

    /// `next` of 100 items reach the delivery office at 14:00 in New York and are delivered at 10:00 the next
    /// morning; the others three days later.
    static func deliveryOfficeTable(next: Int, now: Int64) -> LaneTable {
        let history = (0..<100).map { i in
            atDeliveryOffice(i, arrived: F.epoch + Int64(i % 60) * F.day + 19 * F.hour,
                             toDelivery: (i < next ? 20 : 92) * F.hour, now: now)
        }
        return LaneTable(observations: F.observations(history), now: now)
    }

    @Test func reachingTheDeliveryOfficeItselfStartsARoundCountedFromTheLocalDate() throws {
        // Leaves the office of exchange, passes a sorting centre, reaches the delivery office at 22:30 local,
        // goes out the next morning; a duplicate arrival and an out-of-order scan change nothing.
        let n = F.number(3), us: Int32 = -5 * 3600, t = F.epoch + 10 * F.day  // 19:00 local
        let scans = [F.scan(n, .posting, t - 6 * F.day, "CN100010", offset: 8 * 3600),
                     F.scan(n, .departureFromOutwardOffice, t - 5 * F.day, "CNPEKA", offset: 8 * 3600, next: "USJFKA"),
                     F.scan(n, .arrivalAtInwardOffice, t - 4 * F.day, "USJFKA", offset: us),
                     F.scan(n, .departureFromInwardOffice, t - 2 * F.day, "USJFKA", offset: us),
                     F.scan(n, .intoSortingCentre, t - F.day, "USNYCB", offset: us),
                     F.scan(n, .arrivalAtDeliveryOffice, t + 3 * F.hour + 1800, "US10001", offset: us),
                     F.scan(n, .arrivalAtDeliveryOffice, t + 4 * F.hour, "US10001", offset: us),
                     F.scan(n, .outForDelivery, t + 13 * F.hour, "US10001", offset: us),
                     F.scan(n, .finalDelivery, t + 16 * F.hour, "US10001", offset: us)]
        let o = LaneObservation(number: n, events: scans.reversed())
        #expect(o.segments.map(\.stage) == [.posted, .inTransit, .importCustoms, .deliveryOffice, .deliveryOffice, .outForDelivery])
        #expect(o.segments.map(\.curveStage) == ["posted", "in_transit", "import_customs", "delivery_office", "delivery_office_round",
                                                  "out_for_delivery"])
        let office = o.segments[4]
        #expect(office.onRound && office.entry == t + 3 * F.hour + 1800)
        #expect(office.countedFrom == t + 5 * F.hour - F.day, "00:00 in New York on the day it arrived")
        #expect(o.segments[3].countedFrom == t - 2 * F.day + 5 * F.hour - F.day,
                "on the way to the office from the office of exchange: from 00:00 on the date it left")
        #expect(o.segments[2].countedFrom == o.segments[2].entry, "before the delivery office: from the scan itself")
        // The lane statistics see one stay at the delivery office, from leaving the office of exchange to going out.
        let stays = LaneStatistics.sojourns(o, now: t + 20 * F.day).filter { $0.0 == .deliveryOffice }
        #expect(stays.count == 1 && stays.first?.1.seconds == 2 * F.day + 13 * F.hour)
        // An item that skips the inland scans and reaches the office straight from customs is on a round at once.
        let direct = Self.atDeliveryOffice(4, arrived: t, toDelivery: 20 * F.hour, now: t + F.hour)
        #expect(LaneObservation(number: direct[0].number, events: direct).segments.last?.curveStage == "delivery_office_round")
    }

    /// 100 items delivered 1, 2, 3, 4 or 5 mornings after reaching the office, 20 each: four dates hold 80 %.
    static func spreadTable(now: Int64) -> LaneTable {
        let history = (0..<100).map { i in
            atDeliveryOffice(i, arrived: F.epoch + Int64(i % 60) * F.day + 19 * F.hour,
                             toDelivery: 20 * F.hour + Int64(i % 5) * F.day, now: now)
        }
        return LaneTable(observations: F.observations(history), now: now)
    }

    @Test func oneDateThatHoldsNineInTenSaysSo() throws {
        let now = F.epoch + 90 * F.day  // 19:00 in New York
        let table = Self.deliveryOfficeTable(next: 90, now: now)
        // Reached the delivery office at 14:00 today; tomorrow's round is the one date to expect.
        let probe = Self.atDeliveryOffice(500, arrived: now - 5 * F.hour, toDelivery: 20 * F.hour, now: now)
        let e = try #require(table.estimate(LaneObservation(number: probe[0].number, events: probe), now: now).estimate)
        let tomorrow = LocalDate(instant: now + 15 * F.hour, utcOffset: -5 * 3600)
        #expect(e.earliest == tomorrow && e.latest == tomorrow && e.mostLikely == tomorrow)
        #expect(e.basis.stage == .deliveryOffice && e.basis.items == 100)
        #expect(e.confidence == 0.9, "one date holding 90 of 100 deliveries states 0.9, not the nominal 0.8")
        let json = String(decoding: try JSONEncoder().encode(e), as: UTF8.self)
        #expect(json.contains("\"confidence\":0.9,") || json.contains("\"confidence\":0.9}"), "\(json)")
    }

    @Test func aHistoryThatNeverFailsStillStatesAtMost90() throws {
        let now = F.epoch + 90 * F.day
        let probe = Self.atDeliveryOffice(500, arrived: now - 5 * F.hour, toDelivery: 20 * F.hour, now: now)
        let o = LaneObservation(number: probe[0].number, events: probe)
        let always = try #require(Self.deliveryOfficeTable(next: 100, now: now).estimate(o, now: now).estimate)
        #expect(always.earliest == always.latest && always.confidence == 0.9)
        let mostly = try #require(Self.deliveryOfficeTable(next: 96, now: now).estimate(o, now: now).estimate)
        #expect(mostly.earliest == mostly.latest && mostly.confidence == 0.9)
    }

    @Test func aRunOfDatesThatCanHold80Says80() throws {
        let now = F.epoch + 90 * F.day
        let table = Self.spreadTable(now: now)
        let probe = Self.atDeliveryOffice(500, arrived: now - 5 * F.hour, toDelivery: 20 * F.hour, now: now)
        let e = try #require(table.estimate(LaneObservation(number: probe[0].number, events: probe), now: now).estimate)
        #expect(e.latest.days - e.earliest.days == 3, "\(e.earliest)–\(e.latest)")
        #expect(e.confidence == 0.8)
    }

    @Test func theStatedConfidenceIsTheIntervalsMassToTheNearestTwentieth() {
        #expect(LaneTable.statedConfidence(0.8) == 0.8)
        #expect(LaneTable.statedConfidence(0.77) == 0.75)
        #expect(LaneTable.statedConfidence(0.874) == 0.85)
        #expect(LaneTable.statedConfidence(0.904) == 0.9)
        #expect(LaneTable.statedConfidence(0.93) == 0.9)
        // Never certainty, never below "more likely than not", never a number that is not one.
        for (mass, stated) in [(1.0, 0.9), (1.0000001, 0.9), (7.0, 0.9), (0.2, 0.5), (0, 0.5), (-3, 0.5),
                               (.nan, 0.5), (.infinity, 0.5), (-.infinity, 0.5)] as [(Double, Double)] {
            #expect(LaneTable.statedConfidence(mass) == stated, "mass \(mass)")
        }
        // Every stated value prints as itself: 0.85, not 0.8500000000000001.
        for twentieths in 10...18 {
            let c = LaneTable.statedConfidence(Double(twentieths) / 20 + 0.01)
            #expect(String(c).count <= 4, "\(c)")
        }
    }

    @Test func hostileNominalLevelsAreReadSafely() throws {
        let now = F.epoch + 90 * F.day
        let table = Self.spreadTable(now: now)
        let probe = Self.atDeliveryOffice(500, arrived: now - 5 * F.hour, toDelivery: 20 * F.hour, now: now)
        let o = LaneObservation(number: probe[0].number, events: probe)
        let nominal = table.estimate(o, now: now)
        #expect(nominal.estimate != nil)
        for level in [Double.nan, .infinity, -.infinity, .signalingNaN] {
            #expect(table.estimate(o, now: now, confidence: level) == nominal, "\(level) reads as the default 0.8")
        }
        // Out of range: clamped to 0.5 and 0.99; whatever the interval, it states what it holds.
        let low = try #require(table.estimate(o, now: now, confidence: -4).estimate)
        let high = try #require(table.estimate(o, now: now, confidence: 12).estimate)
        #expect(low.latest.days - low.earliest.days < high.latest.days - high.earliest.days)
        #expect((0.5...0.6).contains(low.confidence) && high.confidence == 0.9, "\(low.confidence) \(high.confidence)")
    }

    @Test func estimatesThatStateMoreThanTheNominalKeepTheirPromise() {
        // Arrival at any hour of the day; 88 % go out on the next morning's round, the rest 1–4 days later.
        var rng = SplitMix64(seed: 23)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        func nextMorning(after arrived: Int64) -> Int64 {
            let local = arrived - 5 * F.hour
            return (local / F.day + 1) * F.day + 5 * F.hour + 10 * F.hour - arrived
        }
        func toDelivery(_ arrived: Int64) -> Int64 {
            nextMorning(after: arrived) + (unit() < 0.88 ? 0 : Int64(1 + rng.next() % 4) * F.day)
        }
        let now = F.epoch + 120 * F.day
        let history = (0..<1500).map { i in
            let arrived = F.epoch + Int64(unit() * 100 * Double(F.day))
            return Self.atDeliveryOffice(i, arrived: arrived, toDelivery: toDelivery(arrived), now: now)
        }
        let table = LaneTable(observations: F.observations(history), now: now)
        // Items at the delivery office at a moment of the day chosen at random, as a forecaster meets them:
        // one that waits longer is more likely to be there (arrivals spread over the 5 days before).
        var hits = 0, total = 0, stated = 0.0
        for i in 0..<3000 {
            let at = now + Int64(unit() * 30 * Double(F.day))
            let arrived = at - Int64(unit() * 5 * Double(F.day))
            let delivery = toDelivery(arrived)
            guard arrived + delivery > at else { continue }
            let truth = Self.atDeliveryOffice(20_000 + i, arrived: arrived, toDelivery: delivery, now: at)
            guard let e = table.estimate(LaneObservation(number: truth[0].number, events: truth), now: at).estimate else { continue }
            let date = LocalDate(instant: arrived + delivery, utcOffset: -5 * 3600)
            total += 1
            stated += e.confidence
            if date >= e.earliest && date <= e.latest { hits += 1 }
        }
        let coverage = Double(hits) / Double(total), meanStated = stated / Double(total)
        #expect(total > 400)
        #expect(meanStated > 0.85, "one date holds most deliveries, and the estimates say so: \(meanStated)")
        #expect(abs(coverage - meanStated) <= 0.05, "coverage \(coverage) against \(meanStated) stated, over \(total)")
    }
}
