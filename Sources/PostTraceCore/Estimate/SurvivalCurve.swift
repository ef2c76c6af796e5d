import S10

/// A survival curve S(t) = P(duration > t) estimated by Kaplan–Meier from durations some of which are
/// censored (the item had not yet been delivered when last seen), kept compactly as quantile knots.
///
/// Invariant: `knots` ascend; S is 1 before `start`, falls linearly to `1 - (k+1)/levels` at `knots[k]`,
/// and stays at `1 - knots.count/levels` after the last knot: mass the history cannot place (items still on
/// their way when the observation ended) is left unplaced rather than guessed.
public struct SurvivalCurve: Sendable, Hashable, Codable {
    /// How many observations (delivered or censored) the curve is built from.
    public let count: Int
    /// How many of them were delivered.
    public let delivered: Int
    /// The shortest delivered duration, seconds.
    public let start: Int64
    /// Durations (seconds) at which S reaches `1 - (k+1)/levels`.
    public let knots: [Int64]
    /// How finely the curve is kept: quantiles at multiples of `1/levels`.
    public static let levels = 50

    /// One observed duration: delivered after `seconds`, or still on its way after `seconds` (censored).
    public struct Observation: Sendable, Hashable {
        public var seconds: Int64
        public var delivered: Bool
        public init(seconds: Int64, delivered: Bool) { self.seconds = max(0, seconds); self.delivered = delivered }
    }

    /// The Kaplan–Meier estimate from observations; nil when none was delivered.
    public init?(_ observations: [Observation]) {
        let sorted = observations.sorted { ($0.seconds, $0.delivered ? 0 : 1) < ($1.seconds, $1.delivered ? 0 : 1) }
        guard let first = sorted.first(where: \.delivered) else { return nil }
        var atRisk = sorted.count, survival = 1.0, knots: [Int64] = [], i = 0
        let levels = SurvivalCurve.levels
        while i < sorted.count {
            let t = sorted[i].seconds
            var deaths = 0, leaving = 0
            while i < sorted.count, sorted[i].seconds == t {
                if sorted[i].delivered { deaths += 1 }
                leaving += 1; i += 1
            }
            if deaths > 0 {
                survival *= 1 - Double(deaths) / Double(atRisk)
                // Every level crossed at this step gets this time (ties make steps deeper than one level).
                while knots.count < levels, survival <= 1 - Double(knots.count + 1) / Double(levels) + 1e-9 { knots.append(t) }
            }
            atRisk -= leaving
        }
        count = sorted.count
        delivered = sorted.count { $0.delivered }
        start = first.seconds
        self.knots = knots
    }

    /// S(t): the probability that the duration exceeds `t` seconds.
    public func survival(at t: Int64) -> Double {
        guard t > start else { return 1 }
        let levels = Double(SurvivalCurve.levels)
        var previousTime = start, previousLevel = 1.0
        for (k, knot) in knots.enumerated() {
            let level = 1 - Double(k + 1) / levels
            if t <= knot {
                guard knot > previousTime else { return level }
                return previousLevel - (previousLevel - level) * Double(t - previousTime) / Double(knot - previousTime)
            }
            previousTime = knot; previousLevel = level
        }
        return previousLevel
    }

    /// The duration by which a share `p` (0…1) of items is delivered; nil when the history cannot say.
    public func quantile(_ p: Double) -> Int64? {
        guard p > 0 else { return start }
        let levels = Double(SurvivalCurve.levels)
        let position = p * levels
        let k = Int(position.rounded(.up)) - 1
        guard k < knots.count else { return nil }
        let lower = k == 0 ? start : knots[k - 1], upper = knots[k]
        let fraction = position - Double(k)
        return lower + Int64(Double(upper - lower) * fraction)
    }

    /// The last duration the curve knows about: beyond it, the remaining mass is unplaced.
    public var horizon: Int64 { knots.last ?? start }
}
