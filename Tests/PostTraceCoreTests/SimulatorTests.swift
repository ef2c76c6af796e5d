import Testing
import S10
@testable import PostTraceCore

@Suite struct SimulatorTests {
    static let now = Fixture.time("2026-03-15T12:00:00Z").epochSeconds
    let simulator = Simulator(seed: 42, now: SimulatorTests.now)

    @Test func deterministic() {
        let a = Array(simulator.items(count: 300)), b = Array(Simulator(seed: 42, now: Self.now).items(count: 300))
        #expect(a == b)
        #expect(simulator.item(at: 123) == a[123])
        #expect(Array(Simulator(seed: 43, now: Self.now).items(count: 300)) != a)
    }

    @Test func derivedStatusMatchesTheIntendedOutcomeFor5000Items() {
        var mismatches: [String] = []
        for item in simulator.items(count: 5000) {
            let t = Timeline(number: item.number, events: item.events, language: .en, now: Self.now)
            if t.status != item.outcome { mismatches.append("\(item.number): \(t.status) vs \(item.outcome)") }
            if item.events.isEmpty != (t.status == .notFound) { mismatches.append("\(item.number): empty mismatch") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func everyOutcomeAndRealisticRates() {
        var counts: [ItemStatus: Int] = [:]
        var holds = 0, failed = 0, duplicates = 0, stale = 0, unknown = 0, countries = Set<String>(), numbers = Set<S10Number>()
        let n = 10_000
        for item in simulator.items(count: n) {
            counts[item.outcome, default: 0] += 1
            numbers.insert(item.number)
            if item.events.contains(where: { $0.code == .heldByImportCustoms }) { holds += 1 }
            if item.events.contains(where: { $0.code == .unsuccessfulDelivery }) { failed += 1 }
            if item.events.contains(where: { !$0.code.isKnown }) { unknown += 1 }
            let t = Timeline(number: item.number, events: item.events, language: .en, now: Self.now)
            if t.events.count < item.events.count { duplicates += 1 }
            if t.stale { stale += 1 }
            for e in item.events {
                countries.insert(e.office.countryCode ?? "?")
                #expect(e.time.epochSeconds <= Self.now && (e.receivedAt ?? 0) <= Self.now)
            }
        }
        #expect(numbers.count == n, "numbers are unique")
        #expect(countries.count >= 20 && !countries.contains("?"))
        for status in ItemStatus.allCases { #expect(counts[status, default: 0] > 0, "\(status)") }
        #expect((300...800).contains(holds), "holds \(holds)")
        #expect((500...1200).contains(failed), "failed \(failed)")
        #expect((40...250).contains(counts[.returned, default: 0]))
        #expect((100...1000).contains(counts[.notFound, default: 0]))
        #expect(duplicates > 500 && stale > 50 && unknown > 20)
    }

    @Test func firstScanComes24To48HoursAfterHandOver() {
        var withScan = 0, without = 0
        for item in simulator.items(count: 2000) {
            guard let first = item.events.min(by: { $0.time < $1.time }) else {
                #expect(Self.now - item.handedOverAt < 48 * 3600, "no scan only when handed over less than 48 h ago")
                without += 1
                continue
            }
            withScan += 1
            #expect(first.code == .posting)
            #expect((24 * 3600...48 * 3600).contains(first.time.epochSeconds - item.handedOverAt))
        }
        #expect(withScan > 1500 && without > 20)
    }

    @Test func stuckItemsGoStale() {
        var stuckStale = 0
        for item in simulator.items(count: 3000) where item.stuck {
            let t = Timeline(number: item.number, events: item.events, language: .en, now: Self.now)
            if t.stale { stuckStale += 1 }
        }
        #expect(stuckStale > 10)
    }

    @Test func examplesPerStatus() throws {
        for status in [ItemStatus.delivered, .inCustoms, .notFound, .deliveryFailed] {
            let item = try #require(simulator.example(status))
            let t = Timeline(number: item.number, events: item.events, language: .en, now: Self.now)
            #expect(t.status == status)
        }
    }

    @Test func lazySequence() {
        let items = simulator.items(count: 3)
        #expect(items.underestimatedCount == 3)
        #expect(Array(items).count == 3)
        #expect(Array(simulator.items(count: -5)).isEmpty)
    }
}

@Suite struct SimulatorClockTests {
    @Test func seedOnlyUsesTheCurrentMinute() {
        let sim = Simulator(seed: 5)
        #expect(sim.now % 60 == 0)
        #expect(sim.now > 1_700_000_000)
        for item in sim.items(count: 100) { #expect(item.events.allSatisfy { $0.time.epochSeconds <= sim.now }) }
    }
}
