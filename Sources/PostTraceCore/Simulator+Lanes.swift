import Foundation

/// How fast and how irregular one lane is: geography, not chance, so it depends only on the two countries
/// (and the service), never on the simulator's seed. Lanes differ in pace, in how often items wait in a
/// backlog before import customs (a heavy tail) and in how long customs holds last.
struct LaneProfile {
    /// Multiplies the hours of moving steps (flight, inland transport): 0.7 (fast) … 2.2 (slow).
    let pace: Double
    /// Per mille of items that wait in a backlog before being presented to import customs.
    let backlogPerMille: Int
    /// Median backlog wait, hours.
    let backlogMedianHours: Double
    /// Median customs hold, hours.
    let holdMedianHours: Double

    init(origin: String, destination: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (origin + destination).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var rng = SplitMix64(seed: hash)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        pace = 0.7 + 1.5 * unit()
        backlogPerMille = 30 + Int(220 * unit())
        backlogMedianHours = 48 + 192 * unit()
        holdMedianHours = 72 + 168 * unit()
    }

    /// The service's own pace: EMS is fastest, parcels slowest.
    static func servicePace(_ indicator: String) -> Double {
        switch indicator.first {
        case "E": 0.7
        case "C": 1.4
        case "R": 1.2
        default: 1.0
        }
    }
}

extension SplitMix64 {
    /// Log-normal hours with the given median and spread (sigma of the logarithm): a heavy right tail.
    mutating func logNormalHours(median: Double, sigma: Double) -> Double {
        let u1 = max(Double(next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(next() >> 11) / Double(1 << 53)
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return exp(log(median) + sigma * z)
    }
}

extension JourneyScript {
    /// Moves the clock by a log-normal wait, clipped to `bounds` hours, to the whole minute.
    mutating func wait(median: Double, sigma: Double, bounds: ClosedRange<Double>) {
        let hours = min(max(rng.logNormalHours(median: median, sigma: sigma), bounds.lowerBound), bounds.upperBound)
        time += Int64(hours * 60) * 60
    }
}
