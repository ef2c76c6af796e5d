import Foundation
import S10

/// Deterministic, realistic journeys of postal items for the demo server, benchmarks and tests.
///
/// Item `i` depends only on `(seed, now, i)`, so a sequence of any length is generated lazily in
/// constant memory, and the same arguments always give the same items.
public struct Simulator: Sendable {
    /// The seed that makes runs repeatable.
    public let seed: UInt64
    /// The moment of the simulation (seconds since 1970, UTC): no scan lies after it.
    public let now: Int64

    /// Makes a simulator; `now` is usually the current time, fixed in tests (clamped to 1970…9998).
    public init(seed: UInt64, now: Int64) {
        self.seed = seed
        // Journeys span up to ~80 days before `now`: keep every generated time inside LocalTime's range.
        self.now = min(max(now, 0), LocalTime.validEpochSeconds.upperBound - 400 * 86_400)
    }

    /// A simulator whose `now` is the current time, to the minute (deterministic within that minute).
    public init(seed: UInt64) {
        self.init(seed: seed, now: Int64(Date().timeIntervalSince1970) / 60 * 60)
    }

    /// The first `count` simulated items, generated on demand.
    public func items(count: Int) -> SimulatedItems { SimulatedItems(simulator: self, count: max(0, count)) }

    /// The item at position `index` (the same as the `index`-th element of `items(count:)`).
    public func item(at index: Int) -> SimulatedItem {
        var script = JourneyScript(simulator: self, index: index)
        return script.run()
    }

    /// The item at `index` as its feeds will have reported it by `instant` (seconds since 1970, UTC), which may
    /// lie after `now`: the same journey continued (or cut), to compare forecasts made at `now` with what happened.
    public func item(at index: Int, reportedBy instant: Int64) -> SimulatedItem {
        var script = JourneyScript(simulator: self, index: index)
        script.visibleUntil = min(instant, LocalTime.validEpochSeconds.upperBound)
        return script.run()
    }

    /// The first item (within `searchLimit` positions) the simulator meant to end in `status`,
    /// e.g. a delivered, an in-customs and a not-found example for the demo server.
    public func example(_ status: ItemStatus, searchLimit: Int = 100_000) -> SimulatedItem? {
        for i in 0..<searchLimit {
            let item = item(at: i)
            if item.outcome == status { return item }
        }
        return nil
    }
}

/// One simulated item: its number and the events its feeds reported, in arrival order.
public struct SimulatedItem: Sendable, Hashable {
    /// The item's S10 number (its country suffix is the origin).
    public let number: S10Number
    /// Reported events in arrival order; may be empty (no scan yet), may hold late and duplicate reports.
    public let events: [TrackingEvent]
    /// The status the simulator meant the item to have at `now`.
    public let outcome: ItemStatus
    /// True when the simulator stopped the journey midway (a lost or stuck item).
    public let stuck: Bool
    /// When the sender handed the item over (seconds since 1970, UTC); the first scan follows 24–48 h later.
    public let handedOverAt: Int64

    /// Makes an item (tests and benchmarks that adjust simulated reports).
    public init(number: S10Number, events: [TrackingEvent], outcome: ItemStatus, stuck: Bool, handedOverAt: Int64) {
        self.number = number
        self.events = events
        self.outcome = outcome
        self.stuck = stuck
        self.handedOverAt = handedOverAt
    }
}

/// A lazy sequence of simulated items.
public struct SimulatedItems: Sequence, Sendable {
    let simulator: Simulator
    /// How many items the sequence yields.
    public let count: Int

    /// Iterates by position; nothing is kept between items.
    public struct Iterator: IteratorProtocol {
        let simulator: Simulator
        let count: Int
        var index = 0
        public mutating func next() -> SimulatedItem? {
            guard index < count else { return nil }
            defer { index += 1 }
            return simulator.item(at: index)
        }
    }

    public func makeIterator() -> Iterator { Iterator(simulator: simulator, count: count) }
    public var underestimatedCount: Int { count }
}

extension SplitMix64 {
    /// Uniform in `0..<n` (n > 0; the modulo's bias is below 2^-40 for the sizes we draw).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True with probability `perMille / 1000`.
    mutating func chance(_ perMille: Int) -> Bool { below(1000) < perMille }
    /// Whole minutes uniformly within the given hours.
    mutating func minutes(hours range: ClosedRange<Double>) -> Int64 {
        let lo = Int(range.lowerBound * 60), hi = Int(range.upperBound * 60)
        return Int64(lo + below(max(1, hi - lo + 1))) * 60
    }
    /// One element of a non-empty array, uniformly.
    public mutating func pick<T>(_ array: [T]) -> T { array[below(array.count)] }
}
