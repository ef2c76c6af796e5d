import Testing
import S10
@testable import PostTraceCore

@Suite struct StaleRuleTests {
    typealias F = Fixture
    let rule = StaleRule.standard
    let day: Int64 = 86_400

    @Test func thresholdsPerStage() {
        #expect(rule.threshold(for: .inTransit) == 5 * day)
        #expect(rule.threshold(for: .importCustoms) == 10 * day)
        #expect(rule.threshold(for: .delivered) == nil)
        for stage in Stage.allCases where stage != .delivered { #expect(rule.threshold(for: stage) != nil) }
    }

    @Test func boundaryIsExclusive() {
        let last = F.time("2026-03-01T00:00:00+08:00")
        #expect(!rule.isStale(status: .inTransit, stage: .inTransit, lastUpdate: last, now: last.epochSeconds + 5 * day))
        #expect(rule.isStale(status: .inTransit, stage: .inTransit, lastUpdate: last, now: last.epochSeconds + 5 * day + 1))
        #expect(!rule.isStale(status: .inCustoms, stage: .importCustoms, lastUpdate: last, now: last.epochSeconds + 9 * day))
        #expect(rule.isStale(status: .inCustoms, stage: .importCustoms, lastUpdate: last, now: last.epochSeconds + 11 * day))
    }

    @Test func terminalAndEmptyItemsAreNeverStale() {
        let last = F.time("2026-03-01T00:00:00Z")
        let later = last.epochSeconds + 400 * day
        #expect(!rule.isStale(status: .delivered, stage: .delivered, lastUpdate: last, now: later))
        #expect(!rule.isStale(status: .exception, stage: .export, lastUpdate: last, now: later))
        #expect(!rule.isStale(status: .notFound, stage: nil, lastUpdate: nil, now: later))
        #expect(rule.isStale(status: .returned, stage: .outForDelivery, lastUpdate: last, now: later))
    }

    @Test func timelineUsesTheRule() {
        let strict = StaleRule(thresholds: [.importCustoms: 60], returnThreshold: 60)
        let t = Timeline(number: F.number, events: F.chinaToGermany, language: .en,
                         now: F.time("2026-03-03T09:20:00+01:00").epochSeconds, staleRule: strict)
        #expect(t.stale)
        #expect(strict.isStale(t, now: F.time("2026-03-03T09:20:00+01:00").epochSeconds))
        #expect(!F.timeline(F.chinaToGermany).stale)
    }
}

@Suite struct HostileClockTests {
    @Test func extremeNowValuesNeitherTrapNorLie() {
        for now in [Int64.min, -1, 0, Int64.max] {
            let t = Fixture.timeline(Fixture.chinaToGermany, now: "2026-03-04T12:00:00Z")
            let rebuilt = Timeline(number: t.number, events: t.events, language: .en, now: now)
            #expect(rebuilt.status == .inCustoms)
            #expect(rebuilt.stale == (now == Int64.max), "\(now)")
        }
        #expect(LocalTime(epochSeconds: .max, utcOffsetSeconds: 0) == nil)
        #expect(LocalTime(epochSeconds: LocalTime.validEpochSeconds.upperBound, utcOffsetSeconds: 0)?.rfc3339 == "9999-12-31T23:59:59Z")
    }

    @Test func simulatorClampsHostileNow() {
        for now in [Int64.min, Int64.max, 0] {
            let sim = Simulator(seed: 1, now: now)
            for item in sim.items(count: 200) {
                let t = Timeline(number: item.number, events: item.events, language: .en, now: sim.now)
                #expect(t.status == item.outcome)
            }
        }
    }
}
