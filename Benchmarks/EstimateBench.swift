import Foundation
import PostTraceCore
import S10

/// Delivery estimates judged as a forecaster would: learn the lane table from the history up to a cut-off,
/// estimate every item on its way at the cut-off, then compare with when the same simulated journeys were
/// delivered afterwards. The peer is the naive forecast: the lane's overall median transit time after the
/// first scan (never before the cut-off day).
enum EstimateBench {
    struct Tally {
        var inFlight = 0, estimated = 0, judged = 0, covered = 0, early = 0, late = 0, widthDays = 0
        var errorDays = 0, baselineErrorDays = 0, undelivered = 0
        /// The judged estimates' stated confidences, summed in twentieths (they are multiples of 0.05).
        var statedTwentieths = 0
        mutating func add(_ o: Tally) {
            inFlight += o.inFlight; estimated += o.estimated; judged += o.judged; covered += o.covered; early += o.early; late += o.late
            widthDays += o.widthDays; errorDays += o.errorDays; baselineErrorDays += o.baselineErrorDays; undelivered += o.undelivered
            statedTwentieths += o.statedTwentieths
        }
        var coverage: Double { Double(covered) / Double(max(1, judged)) }
        var meanStated: Double { Double(statedTwentieths) / 20 / Double(max(1, judged)) }
        /// Whether coverage is within ±5 points of `target` (the mean stated confidence when nil).
        func withinGoal(of target: Double? = nil) -> Bool { abs(coverage - (target ?? meanStated)) <= 0.05 + 1e-9 }
    }

    @Sendable static func run(_ args: [String]) async throws {
        let quick = args.contains("--quick")
        let seed = Self.seed(args)
        let count = quick ? 15_000 : 80_000
        let cutoff = Int64(1_790_000_000) / 86_400 * 86_400  // 2026-09-21T00:00:00Z: fixed so runs compare
        let horizon = cutoff + 200 * 86_400
        let simulator = Simulator(seed: seed, now: cutoff)
        let started = Date()
        let seen = (0..<count).map { simulator.item(at: $0) }
        let observations = seen.map { LaneObservation(number: $0.number, events: $0.events) }
        let table = LaneTable(observations: observations, now: cutoff)
        let buildSeconds = Date().timeIntervalSince(started)

        var byLane: [Lane: Tally] = [:], byLevel: [LaneLevel: Int] = [:], levelTally: [String: Tally] = [:], reasons: [EstimateReason: Int] = [:]
        var byStated: [Int: Tally] = [:]
        var lookupSeconds = 0.0, lookups = 0
        for (i, o) in observations.enumerated() {
            guard case .open = o.end, !o.segments.isEmpty, let lane = o.lane else { continue }
            var t = Tally(inFlight: 1)
            let clock = Date()
            let outcome = table.estimate(o, now: cutoff)
            lookupSeconds += Date().timeIntervalSince(clock); lookups += 1
            guard let e = outcome.estimate else {
                reasons[outcome.reason!, default: 0] += 1
                byLane[lane, default: Tally()].add(t)
                continue
            }
            t.estimated = 1
            byLevel[e.basis.level, default: 0] += 1
            let truth = LaneObservation(number: o.number, events: simulator.item(at: i, reportedBy: horizon).events)
            guard case .delivered(let at) = truth.end else {
                t.undelivered = 1
                byLane[lane, default: Tally()].add(t)
                continue
            }
            let actual = LocalDate(instant: at.epochSeconds, utcOffset: at.utcOffsetSeconds)
            t.judged = 1
            t.statedTwentieths = Int((e.confidence * 20).rounded())
            t.covered = actual >= e.earliest && actual <= e.latest ? 1 : 0
            t.early = actual < e.earliest ? 1 : 0
            t.late = actual > e.latest ? 1 : 0
            t.widthDays = Int(e.latest.days - e.earliest.days + 1)
            t.errorDays = Int(abs(actual.days - e.mostLikely.days))
            let median = table.statistics(for: lane, service: nil)?.transitDays.median ?? 0
            let offset = o.destinationOffset ?? table.destinationOffsets[lane.destination] ?? 0
            let naive = max(LocalDate(instant: (o.firstScan ?? cutoff) + Int64(median * 86_400), utcOffset: offset),
                            LocalDate(instant: cutoff, utcOffset: offset))
            t.baselineErrorDays = Int(abs(actual.days - naive.days))
            byLane[lane, default: Tally()].add(t)
            byStated[t.statedTwentieths, default: Tally()].add(t)
            levelTally[e.basis.level.rawValue, default: Tally()].add(t)
            levelTally["\(lane) \(e.basis.level.rawValue) \(o.service) \(o.segments.last!.stage.rawValue)", default: Tally()].add(t)
        }
        if args.contains("--by-level") {
            header()
            for (name, t) in levelTally.sorted(by: { $0.key < $1.key }) where t.judged >= 20 { row(name, t) }
        }
        report(byLane: byLane, byLevel: byLevel, reasons: reasons, count: count, seed: seed, table: table, buildSeconds: buildSeconds,
               lookupMicros: lookupSeconds / Double(max(1, lookups)) * 1e6, byStated: byStated)
    }

    /// The simulator seed: `--seed N` (an unsigned integer), 2026 without it; anything else exits 64.
    static func seed(_ args: [String]) -> UInt64 {
        guard let i = args.firstIndex(of: "--seed") else { return 2026 }
        guard i + 1 < args.count, let seed = UInt64(args[i + 1]) else {
            FileHandle.standardError.write(Data("usage: Benchmarks estimates [--quick] [--by-level] [--seed N]\n".utf8))
            exit(64)
        }
        return seed
    }

    static func report(byLane: [Lane: Tally], byLevel: [LaneLevel: Int], reasons: [EstimateReason: Int], count: Int, seed: UInt64,
                       table: LaneTable, buildSeconds: Double, lookupMicros: Double, byStated: [Int: Tally]) {
        var total = Tally()
        for t in byLane.values { total.add(t) }
        // A second seed is held-out data: its journeys are new, its lanes' profiles the same (they follow the countries).
        if seed != 2026 {
            print("### The same evaluation on a second simulator seed (\(seed))")
            print()
            print("Table built from \(table.items) items in \(String(format: "%.1f", buildSeconds)) s; one estimate reads it in \(String(format: "%.1f", lookupMicros)) µs.")
        } else {
            intro(count: count, seed: seed, table: table, buildSeconds: buildSeconds, lookupMicros: lookupMicros)
        }
        print()
        header()
        // The busiest lanes; ties by name, so that the list does not depend on hashing.
        let lanes = byLane.filter { $0.value.judged >= 40 }
            .sorted { ($0.value.judged, $1.key.description) > ($1.value.judged, $0.key.description) }.prefix(15)
        for (lane, t) in lanes { row(lane.description, t) }
        row("**All lanes**", total)
        print()
        let levels = LaneLevel.allCases.map { "\($0.rawValue) \(byLevel[$0, default: 0])" }.joined(separator: ", ")
        let why = reasons.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        print("Estimates by history level: \(levels). No estimate: \(why.isEmpty ? "none" : why). Estimated but not delivered within 200 days (lost or stuck journeys, not judged): \(total.undelivered).")
        print()
        let reduction = 1 - Double(total.errorDays) / Double(max(1, total.baselineErrorDays))
        let listed = lanes.map(\.value)
        let lanesCovered = listed.filter { $0.withinGoal() }.count, lanesNominal = listed.filter { $0.withinGoal(of: 0.8) }.count
        let lanesBetter = listed.filter { 1 - Double($0.errorDays) / Double(max(1, $0.baselineErrorDays)) >= 0.25 }.count
        print("Goals: coverage within ±5 points of the stated confidence — \(total.withinGoal() ? "met" : "not met") overall (\(pct(total.coverage)) against \(pct(total.meanStated)) stated), on \(lanesCovered) of \(listed.count) listed lanes (within ±5 points of the nominal 80 %: \(lanesNominal) of \(listed.count)); most-likely-date error ≥ 25 % below the lane-median forecast — \(reduction >= 0.25 ? "met" : "not met") overall (\(pct(reduction)) lower), on \(lanesBetter) of \(listed.count) listed lanes. Lanes listed: those with ≥ 40 judged items.")
        promises(byStated)
        guard seed == 2026 else { return }
        print()
        print("How the estimate is shaped: `most_likely` is the forecast's median (the first date by which delivery is as likely as not), which minimises the expected error in days; transit times are skewed late (backlogs, holds), so the mode would sit early. The interval is the run of whole dates whose probability is nearest 0.8 (the shortest run reaching it, or the heaviest run one day shorter when that is nearer): whole dates make a run's probability jump by a day's share, and always rounding up would over-cover. No run is shorter than one date, and at the delivery office, where the next morning's round takes about nine items in ten, one date holds about 90 %: such an estimate states 0.9, and each estimate states what its interval holds (to the nearest 0.05, at most 0.9). From the delivery office's stage on (on the way there from the office of exchange, at the office, out for delivery), time is counted from the start of the local date the stage was entered rather than from the scan, so that the curve knows the round comes on a morning whether the item arrived at 06:00 or at 22:00.")
    }

    /// The section's heading and what the evaluation does.
    static func intro(count: Int, seed: UInt64, table: LaneTable, buildSeconds: Double, lookupMicros: Double) {
        print("## Delivery estimates: forecast evaluation (scripts/bench/80-estimates.sh)")
        print()
        print("\(count) simulated items (simulator seed \(seed); 25 countries, each lane with its own pace, backlog tail before import customs and log-normal customs holds). The lane table is learned from what the feeds had reported by the cut-off (items on their way censored); every item on its way at the cut-off is estimated and compared with the local date the same journey was delivered afterwards (followed for 200 days). Nominal confidence 0.8: each interval is the run of whole dates whose probability is nearest 0.8, and states the probability the history gives it, to the nearest 0.05 (`confidence`, 0.5–0.9; the mean per lane in the table); coverage counts whole dates (the delivery date inside [earliest, latest]) and is judged against the stated confidence. Peer, in the same run: the naive forecast, first scan + the lane's overall median transit time (Kaplan–Meier), never before the cut-off day.")
        print()
        print("Table built from \(table.items) items in \(String(format: "%.1f", buildSeconds)) s (simulation included); one estimate reads it in \(String(format: "%.1f", lookupMicros)) µs.")
    }

    static func header() {
        print("| Lane | In flight | Estimated | Judged | Stated (mean) | Coverage | Missed early / late | Mean width (days) | Error, most likely (days) | Error, lane median (days) | Error reduction |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    }

    static func row(_ name: String, _ t: Tally) {
        let judged = Double(max(1, t.judged))
        let reduction = 1 - Double(t.errorDays) / Double(max(1, t.baselineErrorDays))
        print("| \(name) | \(t.inFlight) | \(t.estimated) | \(t.judged) | \(pct(t.meanStated)) | \(pct(t.coverage)) | \(t.early) / \(t.late) | \(String(format: "%.1f", Double(t.widthDays) / judged)) | \(String(format: "%.2f", Double(t.errorDays) / judged)) | \(String(format: "%.2f", Double(t.baselineErrorDays) / judged)) | \(pct(reduction)) |")
    }

    /// Each stated confidence's own promise: how often the estimates that stated it held the delivery.
    static func promises(_ byStated: [Int: Tally]) {
        print()
        print("Each promise kept, all lanes: coverage of the estimates by the confidence they stated.")
        print()
        print("| Stated | Judged | Coverage | Mean width (days) |")
        print("|---:|---:|---:|---:|")
        for (twentieths, t) in byStated.sorted(by: { $0.key < $1.key }) {
            print("| \(String(format: "%.2f", Double(twentieths) / 20)) | \(t.judged) | \(pct(t.coverage)) | \(String(format: "%.1f", Double(t.widthDays) / Double(max(1, t.judged)))) |")
        }
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
}
