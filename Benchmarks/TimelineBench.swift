import Foundation
import PostTraceCore
import S10

/// Timeline derivation, its JSON encoding, and the journey simulator. There is no named external
/// peer for this part; Foundation's JSONEncoder is the encoder used, so its figures are ours.
enum TimelineBench {
    @Sendable static func run(_ args: [String]) async throws {
        let quick = args.contains("--quick")
        let rounds = quick ? 2_000 : 20_000
        let simItems = quick ? 20_000 : 500_000
        let now = Int64(1_773_576_000)  // 2026-03-15T12:00:00Z: fixed so runs compare
        let simulator = Simulator(seed: 7, now: now)
        let item = try thirtyEventItem(simulator)
        let encoder = JSONEncoder()
        var sink = 0

        let build = measure(rounds) {
            sink &+= Timeline(number: item.number, events: item.events, language: .en, now: now).events.count
        }
        let timeline = Timeline(number: item.number, events: item.events, language: .en, now: now)
        let json = try encoder.encode(timeline)
        let encode = measure(rounds) { sink &+= (try? encoder.encode(timeline).count) ?? 0 }
        let bytes = measure(rounds) { sink &+= timeline.jsonBytes().count }
        let both = measure(rounds) {
            let t = Timeline(number: item.number, events: item.events, language: .zhHans, now: now)
            sink &+= t.jsonBytes().count
        }
        let text = measure(rounds) { sink &+= TimelineText.full(timeline).utf8.count }
        var events = 0
        let sim = measure(1) { for generated in simulator.items(count: simItems) { events += generated.events.count } }

        print("## Timeline derivation, JSON and simulator (PostTraceCore)")
        print()
        print("One item with \(item.events.count) reported events (\(timeline.events.count) after merging duplicates), \(json.count) bytes of JSON; \(rounds) rounds each, best of 3 batches.")
        print("No external peer exists for explained UPU timelines; our JSON writer is compared with Foundation's `JSONEncoder` on the same `Timeline`.")
        print()
        print("| Operation | Per second | Time per operation |")
        print("|---|---:|---:|")
        row("Build a 30-event timeline (dedup, status, stages, explanation)", rounds, build)
        row("JSON: `Timeline.jsonBytes()` (our writer)", rounds, bytes)
        row("JSON: Foundation `JSONEncoder` on the same `Timeline` (peer)", rounds, encode)
        row("Build + `jsonBytes()` (zh-Hans)", rounds, both)
        row("Plain-text rendering (`TimelineText.full`)", rounds, text)
        row("Simulator: items generated (\(simItems) items)", simItems, sim)
        row("Simulator: events generated (\(events) events)", events, sim)
        print()
        print("Ratio: `jsonBytes()` is \(String(format: "%.1f", encode / bytes))× Foundation `JSONEncoder` on the same timeline (same document, checked by TimelineJSONBytesTests).")
        print()
        if sink == 42 { print("") }  // keeps the work from being optimised away
    }

    /// A simulated item padded to 30 distinct scans (extra sorting-centre scans a minute apart),
    /// reported with 6 more duplicate reports from a second feed.
    static func thirtyEventItem(_ simulator: Simulator) throws -> SimulatedItem {
        let candidates = (0..<5_000).lazy.map { simulator.item(at: $0) }
        guard let base = candidates.first(where: { $0.outcome == .delivered && !$0.events.isEmpty }),
              let sorting = base.events.first(where: { $0.code == .intoSortingCentre })
        else { throw CocoaError(.featureUnsupported) }
        var events = Timeline.deduplicated(base.events)
        var minute: Int64 = 1
        while events.count < 30 {
            var extra = sorting
            extra.time = LocalTime(epochSeconds: sorting.time.epochSeconds + minute * 60, utcOffsetSeconds: sorting.time.utcOffsetSeconds)!
            extra.code = minute % 2 == 0 ? .intoSortingCentre : .outOfSortingCentre
            events.append(extra)
            minute += 1
        }
        for i in 0..<6 {
            var copy = events[i * 4]
            copy.source = "upu-ems"
            copy.office.name = copy.office.name?.uppercased()
            events.append(copy)
        }
        return SimulatedItem(number: base.number, events: events, outcome: base.outcome, stuck: base.stuck, handedOverAt: base.handedOverAt)
    }

    /// Seconds for `rounds` calls, from the fastest of 3 batches: the machine is shared, so the best
    /// batch is the figure least disturbed by other work.
    static func measure(_ rounds: Int, _ body: () -> Void) -> Double {
        let batch = max(1, rounds / 3)
        var best = Double.infinity
        for _ in 0..<(rounds >= 3 ? 3 : 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<batch { body() }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best * Double(rounds) / Double(batch)
    }

    static func grouped(_ n: Int) -> String {
        var s = String(n), out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s.removeLast(3) }
        return s + out
    }

    static func row(_ name: String, _ count: Int, _ seconds: Double) {
        let perSecond = Double(count) / seconds
        let micro = seconds / Double(count) * 1e6
        print("| \(name) | \(grouped(Int(perSecond))) | \(String(format: "%.2f µs", micro)) |")
    }
}
