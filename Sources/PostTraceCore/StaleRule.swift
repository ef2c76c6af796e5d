/// How long an item may go without a new scan at each stage before PostTrace calls it stale.
/// The one table of thresholds; the explanation and the stale flag both read it.
public struct StaleRule: Sendable, Hashable {
    /// Seconds without a new scan after which an item at a stage is stale; a missing stage is never stale.
    public var thresholds: [Stage: Int64]
    /// Threshold for an item on its way back to the sender.
    public var returnThreshold: Int64

    /// Makes a rule from a table (tests, deployments with other habits).
    public init(thresholds: [Stage: Int64], returnThreshold: Int64) {
        self.thresholds = thresholds
        self.returnThreshold = returnThreshold
    }

    /// The defaults: 3 days after posting, 5 days in export or transit, 10 days in customs, 7 days in delivery.
    public static let standard = StaleRule(
        thresholds: [.posted: 3 * day, .export: 5 * day, .inTransit: 5 * day, .importCustoms: 10 * day, .outForDelivery: 7 * day],
        returnThreshold: 21 * day)

    static let day: Int64 = 86_400

    /// Seconds without news after which an item at `stage` is stale; nil when it never is (delivered).
    public func threshold(for stage: Stage) -> Int64? { thresholds[stage] }

    /// Whether a timeline has had no new scan for longer than is normal for its stage at `now`.
    public func isStale(_ timeline: Timeline, now: Int64) -> Bool {
        if timeline.isReturnedToSender { return false }  // delivered back: the journey is over
        return isStale(status: timeline.status, stage: timeline.currentStage, lastUpdate: timeline.lastUpdate, now: now)
    }

    /// The rule on its inputs: terminal statuses and items without scans are never stale.
    public func isStale(status: ItemStatus, stage: Stage?, lastUpdate: LocalTime?, now: Int64) -> Bool {
        guard let last = lastUpdate?.epochSeconds else { return false }
        let limit: Int64?
        switch status {
        case .delivered, .exception, .notFound: limit = nil
        case .returned: limit = returnThreshold
        default: limit = stage.flatMap { threshold(for: $0) }
        }
        guard let limit else { return false }
        return StaleRule.secondsBetween(last, now) > limit
    }

    /// `now - then`, saturating instead of trapping for hostile `now` values.
    static func secondsBetween(_ then: Int64, _ now: Int64) -> Int64 {
        let (gap, overflow) = now.subtractingReportingOverflow(then)
        return overflow ? (now > then ? .max : .min) : gap
    }
}

extension Timeline {
    /// The stage the item is at now (the furthest reached), nil before the first scan.
    public var currentStage: Stage? { stages.first(where: \.isCurrent)?.stage }

    /// True when a returned item has been delivered back to its sender.
    public var isReturnedToSender: Bool {
        status == .returned && events.last(where: { $0.code.isKnown })?.code == .finalDelivery
    }
}
