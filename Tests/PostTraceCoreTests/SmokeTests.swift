import Testing
import S10
@testable import PostTraceCore

@Suite struct SmokeTests {
    @Test func printsSome() throws {
        let sim = Simulator(seed: 1, now: 1_772_000_000)
        for item in sim.items(count: 6) {
            let t = Timeline(number: item.number, events: item.events, language: .en, now: sim.now)
            print(TimelineText.full(t))
            print(TimelineText.summary(t))
            #expect(t.status == item.outcome)
        }
    }
}
