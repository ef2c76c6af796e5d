import Foundation
import S10
import Testing
@testable import PostTraceCore

@Suite struct EstimateTests {
    typealias F = LaneFixture

    @Test func laneAndServiceTextsRejectHostileInput() {
        #expect(Lane(text: "CN-US")?.description == "CN-US")
        for bad in ["cn-us", "CN-CN", "XX-US", "CN_US", "CN-US ", " CN-US", "ＣＮ-US", "CN-U", "CN--US", "", "C\u{0}-US", "CN-US\n", "../..", "CN-USA"] {
            #expect(Lane(text: bad) == nil, "\(bad.debugDescription)")
        }
        #expect(ServiceLetter("e")?.letter == "E")
        for bad in ["EE", "", "1", "é", "-", " ", "\u{0}", "Ｅ"] { #expect(ServiceLetter(bad) == nil, "\(bad.debugDescription)") }
        #expect(ServiceLetter("E")!.name(in: .en) == "EMS")
    }

    @Test func observationReadsLaneStagesAndDeliveryInLocalTime() throws {
        // Delivered at 23:30 in New York: still that day there, the next day in UTC.
        let posted = F.epoch
        let events = F.item(1, posted: posted, arrival: 3 * F.day + 5 * F.hour, toDelivery: 2 * F.day + 23 * F.hour + 30 * 60, now: posted + 30 * F.day)
        let o = LaneObservation(number: events[0].number, events: events.shuffled())
        #expect(o.lane == Lane(text: "CN-US"))
        #expect(o.service.letter == "E")
        #expect(o.segments.map(\.stage) == [.posted, .inTransit, .importCustoms])
        guard case .delivered(let at) = o.end else { Issue.record("not delivered"); return }
        #expect(at.fields.hour == 23 && at.fields.minute == 30)
        #expect(LocalDate(instant: at.epochSeconds, utcOffset: at.utcOffsetSeconds) < LocalDate(instant: at.epochSeconds, utcOffset: 0))
        #expect(o.destinationOffset.map(Int.init) == -18_000)
    }

    @Test func destinationFromTheDispatchScanBeforeAnyArrival() {
        let posted = F.epoch
        let events = F.item(2, posted: posted, arrival: 5 * F.day, toDelivery: 2 * F.day, now: posted + 2 * F.day)
        let o = LaneObservation(number: events[0].number, events: events)
        #expect(o.segments.last?.stage == .inTransit)
        #expect(o.lane?.description == "CN-US", "from next_office of the dispatch scan")
        #expect(o.destinationOffset == nil)
    }

    @Test func aTransitHubIsNotTheDestination() throws {
        // CN → US through Amsterdam: the dispatch names the hub; the transit scan shows it is one.
        let n = F.number(4)
        let t = F.epoch
        let scans = [F.scan(n, .posting, t, "CN100010", offset: 8 * 3600),
                     F.scan(n, .departureFromOutwardOffice, t + F.day, "CNPEKA", offset: 8 * 3600, next: "NLAMSA"),
                     F.scan(n, .arrivalAtTransitOffice, t + F.day + 12 * F.hour, "NLAMSA", offset: 3600),
                     F.scan(n, .departureFromTransitOffice, t + 2 * F.day, "NLAMSA", offset: 3600, next: "USJFKA"),
                     F.scan(n, .arrivalAtInwardOffice, t + 3 * F.day, "USJFKA", offset: -5 * 3600)]
        func lane(_ count: Int) -> String? { LaneObservation(number: n, events: Array(scans.prefix(count))).lane?.description }
        #expect(lane(2) == "CN-NL", "nothing yet tells the hub from the destination")
        #expect(lane(3) == nil, "arrived at a transit office: the destination is not known")
        #expect(lane(4) == "CN-US" && lane(5) == "CN-US")
        #expect(LaneTable.empty.estimate(LaneObservation(number: n, events: Array(scans.prefix(3))), now: t + 2 * F.day) == .none(.destinationUnknown))
    }

    @Test func datesStayInTheDestinationsLocalTimeAcrossTheDateBoundary() throws {
        // Every item reaches the US at 23:30 local (04:30Z the next day) and is delivered exactly 48 h later.
        let now = F.epoch + 60 * F.day
        let arrivalLocal: Int64 = 23 * F.hour + 30 * 60 + 5 * F.hour  // 23:30 at -05:00, as seconds after 00:00Z
        let history = (0..<40).map { i in
            F.item(i, posted: F.epoch + Int64(i) * F.day, arrival: 2 * F.day + arrivalLocal, toDelivery: 48 * F.hour, now: now)
        }
        let table = LaneTable(observations: F.observations(history), now: now)
        // An item that arrived at 23:30 local on 2027-01-10, looked at half an hour later.
        let posted = LocalTime(rfc3339: "2027-01-08T00:00:00Z")!.epochSeconds
        let item = F.item(99, posted: posted, arrival: 2 * F.day + arrivalLocal, toDelivery: 48 * F.hour, now: posted + 2 * F.day + arrivalLocal + 1800)
        let e = try #require(table.estimate(LaneObservation(number: item[0].number, events: item), now: posted + 2 * F.day + arrivalLocal + 1800).estimate)
        #expect(e.mostLikely.description == "2027-01-12", "23:30 on the 12th in New York is the 13th in UTC")
        #expect(e.earliest.description == "2027-01-12" && e.latest.description == "2027-01-12")
        #expect(e.basis.level == .lane && e.basis.stage == .importCustoms && e.basis.items == 40)
    }

    @Test func tooLittleHistoryFallsBackToCoarserGroupsThenSaysSo() throws {
        let now = F.epoch + 60 * F.day
        func history(_ count: Int, destination: (String, Int32)) -> [[TrackingEvent]] {
            (0..<count).map { i in F.item(i + (destination.0 == "USJFKA" ? 0 : 1000), posted: F.epoch + Int64(i) * 3600,
                                          arrival: 4 * F.day, toDelivery: 3 * F.day, now: now, destination: destination) }
        }
        let probe = F.item(5000, posted: now - 4 * F.day - 3600, arrival: 4 * F.day, toDelivery: 3 * F.day, now: now)
        let observation = LaneObservation(number: probe[0].number, events: probe)

        let thin = LaneTable(observations: F.observations(history(29, destination: ("USJFKA", -5 * 3600))), now: now)
        #expect(thin.estimate(observation, now: now) == .none(.tooLittleHistory))

        let enough = LaneTable(observations: F.observations(history(30, destination: ("USJFKA", -5 * 3600))), now: now)
        #expect(enough.estimate(observation, now: now).estimate?.basis.level == .lane)

        // 10 items to the US, 40 to Germany: the origin-and-service group answers, and says so.
        let mixed = history(10, destination: ("USJFKA", -5 * 3600)) + history(40, destination: ("DEFRAA", 3600))
        let coarse = LaneTable(observations: F.observations(mixed), now: now).estimate(observation, now: now)
        #expect(coarse.estimate?.basis.level == .originService)
        #expect(coarse.estimate?.basis.lane.description == "CN-US")
        #expect(LaneTable.empty.estimate(observation, now: now) == .none(.tooLittleHistory))
    }

    @Test func reasonsForItemsWithoutAnEstimate() {
        let now = F.epoch + 60 * F.day
        let delivered = F.item(1, posted: F.epoch, arrival: 3 * F.day, toDelivery: F.day, now: now)
        #expect(LaneTable.empty.estimate(LaneObservation(number: delivered[0].number, events: delivered), now: now) == .none(.delivered))
        let n = F.number(7)
        #expect(LaneTable.empty.estimate(LaneObservation(number: n, events: []), now: now) == .none(.noEvents))
        let posted = [F.scan(n, .posting, F.epoch, "CN100010", offset: 8 * 3600)]
        #expect(LaneTable.empty.estimate(LaneObservation(number: n, events: posted), now: now) == .none(.destinationUnknown))
        let stopped = posted + [F.scan(n, .exportCancelled, F.epoch + F.day, "CNPEKA", offset: 8 * 3600)]
        #expect(LaneTable.empty.estimate(LaneObservation(number: n, events: stopped), now: now) == .none(.stopped))
    }

    @Test func censoringKeepsASlowLaneSlow() throws {
        // Transit uniformly 5–15 days after arrival; items posted over 20 days, so most are still on their way.
        var rng = SplitMix64(seed: 7)
        let now = F.epoch + 20 * F.day
        let history = (0..<600).map { i in
            F.item(i, posted: F.epoch + Int64(rng.next() % UInt64(20 * F.day)), arrival: 2 * F.day,
                   toDelivery: 5 * F.day + Int64(rng.next() % UInt64(10 * F.day)), now: now)
        }
        let observations = F.observations(history)
        let open = observations.count { $0.end == .open }
        #expect(open > 300, "most still on the way: \(open)")
        let samples = observations.compactMap { LaneStatistics.transit($0, now: now) }
        let km = try #require(SurvivalCurve(samples)?.quantile(0.5))
        let deliveredOnly = try #require(SurvivalCurve(samples.filter(\.delivered))?.quantile(0.5))
        // True median of first scan → delivery: 2 days to arrive + 10 days.
        #expect(abs(Double(km) / Double(F.day) - 12) < 1, "Kaplan–Meier median \(Double(km) / Double(F.day)) days")
        #expect(Double(deliveredOnly) < Double(km) - Double(F.day), "counting only delivered items looks faster")
    }

    @Test func aCustomsHoldMovesTheEstimateLaterAsItGoesOn() throws {
        var rng = SplitMix64(seed: 11)
        let now = F.epoch + 120 * F.day
        // Holds of 1–25 days, delivery 2 days after release.
        let history = (0..<600).map { i in
            let hold = F.day + Int64(rng.next() % UInt64(24 * F.day))
            return F.item(i, posted: F.epoch + Int64(i) * 3 * F.hour, arrival: 3 * F.day, toDelivery: hold + 2 * F.day, now: now, hold: hold)
        }
        let table = LaneTable(observations: F.observations(history), now: now)
        let posted = now - 30 * F.day
        let probe = F.item(9000, posted: posted, arrival: 3 * F.day, toDelivery: 60 * F.day, now: now, hold: 50 * F.day)
        let heldAt = posted + 3 * F.day + 2 * F.hour
        var previous: DeliveryEstimate?
        for days: Int64 in [0, 3, 8, 15] {
            let at = heldAt + days * F.day + F.hour
            let visible = probe.filter { $0.time.epochSeconds <= at }
            let e = try #require(table.estimate(LaneObservation(number: visible[0].number, events: visible), now: at).estimate, "after \(days) days")
            #expect(e.basis.stage == .heldByCustoms)
            #expect(e.earliest >= LocalDate(instant: at, utcOffset: -5 * 3600))
            if let previous {
                #expect(e.mostLikely > previous.mostLikely, "held \(days) days: \(e.mostLikely) after \(previous.mostLikely)")
                #expect(e.latest >= previous.latest)
            }
            previous = e
        }
    }

    @Test func intervalsHoldTheirConfidenceOnAKnownDistribution() {
        // Exponential-ish residuals: a wide, skewed distribution; check coverage over many items.
        var rng = SplitMix64(seed: 3)
        func duration() -> Int64 { Int64(-log(max(Double(rng.next() >> 11) / Double(1 << 53), 1e-9)) * 4 * Double(F.day)) + F.day }
        let now = F.epoch + 200 * F.day
        let history = (0..<2000).map { i in F.item(i, posted: F.epoch + Int64(i) * F.hour, arrival: 2 * F.day, toDelivery: duration(), now: now) }
        let table = LaneTable(observations: F.observations(history), now: now)
        var hits = 0, total = 0, stated = 0.0
        for i in 0..<400 {
            let posted = now + Int64(i) * 5 * F.hour
            let truth = F.item(20_000 + i, posted: posted, arrival: 2 * F.day, toDelivery: duration(), now: .max)
            let at = posted + 2 * F.day + 2 * F.hour
            guard let delivered = truth.last, delivered.code == .finalDelivery, delivered.time.epochSeconds > at else { continue }
            let visible = truth.filter { $0.time.epochSeconds <= at }
            guard let e = table.estimate(LaneObservation(number: visible[0].number, events: visible), now: at).estimate else { continue }
            let date = LocalDate(instant: delivered.time.epochSeconds, utcOffset: delivered.time.utcOffsetSeconds)
            total += 1
            stated += e.confidence
            if date >= e.earliest && date <= e.latest { hits += 1 }
        }
        let coverage = Double(hits) / Double(total), meanStated = stated / Double(total)
        // Runs of several dates can hold about the nominal 0.8, and say so.
        #expect(abs(meanStated - 0.8) < 0.03, "stated \(meanStated)")
        #expect(total > 300 && abs(coverage - meanStated) < 0.07, "coverage \(coverage) against \(meanStated) stated, over \(total)")
    }

    @Test func estimateSentencesInEveryLanguage() throws {
        // Deliveries 2, 3, 4 or 5 days after arrival give a run of dates; always 2 days gives one date.
        let now = F.epoch + 60 * F.day
        func table(spread: Bool) -> LaneTable {
            LaneTable(observations: F.observations((0..<40).map { i in
                F.item(i, posted: F.epoch + Int64(i) * F.day, arrival: 2 * F.day, toDelivery: 2 * F.day + (spread ? Int64(i % 4) * F.day : 0), now: now)
            }), now: now)
        }
        let probe = F.item(99, posted: now - 2 * F.day - F.hour, arrival: 2 * F.day, toDelivery: 9 * F.day, now: now)
        let o = LaneObservation(number: probe[0].number, events: probe)
        let between = try #require(table(spread: true).estimate(o, now: now).estimate)
        let on = try #require(table(spread: false).estimate(o, now: now).estimate)
        #expect(between.earliest < between.latest && on.earliest == on.latest)
        var seen: Set<String> = []
        for language in Language.allCases {
            let range = between.sentence(in: language, now: now), single = on.sentence(in: language, now: now)
            let basis = between.basisSentence(in: language)
            for text in [range, single, basis] {
                #expect(!text.isEmpty && !text.contains("{") && !text.contains("}"), "\(language.rawValue): \(text)")
            }
            #expect(range != single, "\(language.rawValue): \(range)")
            #expect(basis.contains("40"), "\(language.rawValue): \(basis)")
            #expect(seen.insert(range).inserted, "\(language.rawValue) repeats another language: \(range)")
            if language != .en {
                #expect(!range.contains("Expected") && !single.contains("Expected") && !basis.contains("based on"), "\(language.rawValue) in English")
            }
        }
    }

    @Test func tableSurvivesItsJSONForm() throws {
        let now = F.epoch + 60 * F.day
        let history = (0..<40).map { i in F.item(i, posted: F.epoch + Int64(i) * F.day / 2, arrival: 3 * F.day, toDelivery: 2 * F.day, now: now) }
        let table = LaneTable(observations: F.observations(history), now: now)
        let back = try JSONDecoder().decode(LaneTable.self, from: JSONEncoder().encode(table))
        #expect(back == table)
        let stats = try #require(table.statistics(for: Lane(text: "CN-US")!, service: nil))
        #expect(stats.items == 40 && stats.trend.count == 8)
        #expect(table.statistics(for: Lane(text: "CN-US")!, service: ServiceLetter("E")) != nil)
    }
}

@Suite struct SimulatorContinuationTests {
    @Test func aJourneySeenLaterContinuesTheJourneySeenNow() {
        let now: Int64 = 1_790_000_000
        let simulator = Simulator(seed: 9, now: now)
        var continued = 0
        for i in 0..<2_000 {
            let seen = LaneObservation(number: simulator.item(at: i).number, events: simulator.item(at: i).events)
            let later = LaneObservation(number: seen.number, events: simulator.item(at: i, reportedBy: now + 100 * 86_400).events)
            #expect(Array(later.segments.prefix(seen.segments.count)) == seen.segments, "item \(i)")
            if case .delivered = seen.end { #expect(later.end == seen.end) }
            if seen.end == .open, later.end != .open { continued += 1 }
            #expect(simulator.item(at: i, reportedBy: now) == simulator.item(at: i))
        }
        #expect(continued > 300)
    }
}
