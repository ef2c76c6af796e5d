import S10

extension LaneTable {
    /// The estimate for an item at `now` (seconds since 1970, UTC), or why there is none. Reads the table
    /// only: the item's current stage and the time it has spent there pick the curve; the most specific
    /// group with enough history is used.
    ///
    /// `confidence` is the nominal level the interval aims at (0.5–0.99; anything else, NaN included, reads
    /// as 0.8). The estimate's own `confidence` is what its interval holds (`statedConfidence`), which whole
    /// dates can make differ from the aim: one date that holds nine deliveries in ten says 0.9.
    public func estimate(_ o: LaneObservation, now: Int64, confidence: Double = 0.8) -> EstimateOutcome {
        switch o.end {
        case .delivered: return .none(.delivered)
        case .stopped: return .none(o.returned ? .returned : .stopped)
        case .open: break
        }
        guard let current = o.segments.last else { return .none(.noEvents) }
        guard let lane = o.lane else { return .none(.destinationUnknown) }
        let offset = o.destinationOffset ?? destinationOffsets[lane.destination]
        let elapsed = max(0, StaleRule.secondsBetween(current.countedFrom, now))
        let level = confidence.isFinite ? min(max(confidence, 0.5), 0.99) : 0.8
        for (kind, group) in Self.groups(origin: o.origin, destination: o.destination, service: o.service) {
            let reached = Self.elapsedSteps.lastIndex { $0 <= elapsed } ?? 0
            for step in stride(from: reached, through: 0, by: -1) {
                guard let curve = curve(group: group, stage: current.curveStage, step: step) else { continue }
                guard let offset else { return .none(.timeZoneUnknown) }
                let base = current.countedFrom + Self.elapsedSteps[step]
                guard let dates = Self.interval(curve, base: base, now: now, utcOffset: offset, confidence: level) else { continue }
                let basis = DeliveryEstimate.Basis(lane: lane, service: o.service, stage: current.stage, items: curve.count, level: kind)
                return .estimate(DeliveryEstimate(earliest: dates.earliest, latest: dates.latest, mostLikely: dates.mostLikely,
                                                  confidence: Self.statedConfidence(dates.mass), basis: basis))
            }
        }
        return .none(.tooLittleHistory)
    }

    /// The run of whole local dates that holds the delivery closest to `confidence`, given that the residual
    /// time from `base` is at least `now - base`, the probability the history gives it (`mass`), and the
    /// median date; nil when the history cannot place that much.
    ///
    /// Whole dates make the mass of a run jump by a day's share, so the shortest run holding at least
    /// `confidence` often holds much more (87 % for 80 % on a fast lane). The best run one day shorter is
    /// taken instead when its mass is nearer the confidence and still more likely than not. No run can be
    /// shorter than one date, and where one date holds more than the confidence (a delivery office whose
    /// next morning's round takes nine items in ten) the run holds more: its mass says how much. The most
    /// likely date is the median (the first date by which delivery is at least as likely as not), the single
    /// date with the smallest expected error in days; the distribution is skewed late, so its mode would sit
    /// early and miss by more.
    static func interval(_ curve: SurvivalCurve, base: Int64, now: Int64, utcOffset: Int32, confidence: Double)
        -> (earliest: LocalDate, latest: LocalDate, mostLikely: LocalDate, mass: Double)? {
        let waited = max(0, now - base)
        let alive = curve.survival(at: waited)
        guard alive > 1e-6 else { return nil }
        let today = LocalDate(instant: now, utcOffset: utcOffset)
        let horizon = base + curve.horizon
        var masses: [Double] = [], from = now
        while masses.count < 400 {
            let end = LocalDate(days: today.days + Int64(masses.count) + 1).start(utcOffset: utcOffset)
            let mass = (curve.survival(at: max(from - base, waited)) - curve.survival(at: max(end - base, waited))) / alive
            masses.append(max(0, mass))
            from = end
            if end > horizon { break }
        }
        guard var window = heaviestRun(masses, reaching: confidence) else { return nil }
        if window.end > window.start, let shorter = heaviestRun(masses, length: window.end - window.start),
           confidence - shorter.mass < window.mass - confidence, shorter.mass >= 0.5 {
            window = shorter
        }
        var cumulative = 0.0
        let median = masses.indices.first { cumulative += masses[$0]; return cumulative >= 0.5 - 1e-9 } ?? window.end
        let mostLikely = min(max(median, window.start), window.end)
        return (LocalDate(days: today.days + Int64(window.start)), LocalDate(days: today.days + Int64(window.end)),
                LocalDate(days: today.days + Int64(mostLikely)), window.mass)
    }

    /// The confidence an interval states: the probability the history gives it (`mass`, 0…1), to the nearest
    /// 0.05, so that "the delivery falls in this interval with this probability" stays true when whole dates
    /// cannot hold the nominal level. At most 0.9: a curve of a few hundred items does not justify more (one
    /// date that the curves gave 95 % or more held about 83 % of deliveries on the simulator's lanes, where
    /// rounds sometimes fail); at least 0.5 (`interval` never chooses a run less likely than not).
    static func statedConfidence(_ mass: Double) -> Double {
        guard mass.isFinite else { return 0.5 }
        return Double(min(max(Int((mass * 20).rounded()), 10), 18)) / 20
    }

    /// The shortest run of days whose mass reaches `confidence`; among equally short runs, the heaviest.
    static func heaviestRun(_ masses: [Double], reaching confidence: Double) -> (start: Int, end: Int, mass: Double)? {
        var best: (start: Int, end: Int, mass: Double)?
        for i in masses.indices {
            var sum = 0.0
            for j in i..<masses.count {
                sum += masses[j]
                if let b = best, j - i > b.end - b.start { break }
                guard sum >= confidence - 1e-9 else { continue }
                if best == nil || j - i < best!.end - best!.start || (j - i == best!.end - best!.start && sum > best!.mass) {
                    best = (i, j, sum)
                }
                break
            }
        }
        return best
    }

    /// The heaviest run of exactly `length` days (earliest on ties), or nil when there are fewer days.
    static func heaviestRun(_ masses: [Double], length: Int) -> (start: Int, end: Int, mass: Double)? {
        guard length >= 1, masses.count >= length else { return nil }
        var sum = masses[0..<length].reduce(0, +)
        var best = (start: 0, end: length - 1, mass: sum)
        for i in 1...(masses.count - length) {
            sum += masses[i + length - 1] - masses[i - 1]
            if sum > best.mass + 1e-12 { best = (i, i + length - 1, sum) }
        }
        return best
    }
}
