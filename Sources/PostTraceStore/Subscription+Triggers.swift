import PostTraceCore
import S10

/// A notification decided by the trigger rules, before it gets an id and an outbox row.
public struct DueNotification: Sendable, Hashable {
    public var kind: NotificationKind
    public var event: TrackingEvent?
    public var status: ItemStatus
    public var previousStatus: ItemStatus?
    public var stage: Stage?
    public var estimate: DeliveryEstimate?
    public init(kind: NotificationKind, event: TrackingEvent?, status: ItemStatus, previousStatus: ItemStatus?, stage: Stage? = nil,
                estimate: DeliveryEstimate? = nil) {
        self.kind = kind; self.event = event; self.status = status; self.previousStatus = previousStatus; self.stage = stage
        self.estimate = estimate
    }
}

/// The trigger rules: which notifications a batch of newly accepted scans of one item causes.
/// Pure, so that every backend writes exactly the same outbox rows in its insert transaction.
public enum SubscriptionTriggers {
    /// Above this many new scans of one item in one batch, every `event` notification carries the
    /// batch's final status instead of the status right after that scan (bounded work on bulk imports).
    static let incrementalLimit = 64

    /// The notifications for one subscription, in the order they must be delivered.
    /// `before` are the item's stored scans before the batch, `accepted` the newly stored ones.
    public static func notifications(for triggers: Set<NotificationTrigger>, number: S10Number,
                                     before: [TrackingEvent], accepted: [TrackingEvent], now: Int64) -> [DueNotification] {
        guard !accepted.isEmpty else { return [] }
        let newScans = accepted.sorted { $0.time.epochSeconds < $1.time.epochSeconds }
        let statusBefore = status(number, before, now)
        let statusAfter = status(number, before + newScans, now)
        let latest = newScans.last
        var out: [DueNotification] = []
        if triggers.contains(.firstRecord) && before.isEmpty {
            out.append(DueNotification(kind: .firstRecord, event: newScans[0], status: statusAfter, previousStatus: statusBefore))
        }
        if triggers.contains(.everyEvent) {
            var seen = before, previous = statusBefore
            for scan in newScans {
                seen.append(scan)
                let now = newScans.count > incrementalLimit ? statusAfter : status(number, seen, now)
                out.append(DueNotification(kind: .event, event: scan, status: now, previousStatus: previous))
                previous = now
            }
        }
        if triggers.contains(.statusChange) && statusAfter != statusBefore {
            out.append(DueNotification(kind: .statusChanged, event: latest, status: statusAfter, previousStatus: statusBefore))
        }
        if triggers.contains(.delivered) && statusAfter == .delivered && statusBefore != .delivered {
            out.append(DueNotification(kind: .delivered, event: latest, status: statusAfter, previousStatus: statusBefore))
        }
        return out
    }

    /// The stale alert due for an item, if it is stale now in a stage not alerted yet.
    /// `alertedStages` are the stages this subscription was already told about for this item.
    public static func staleAlert(number: S10Number, events: [TrackingEvent], alertedStages: Set<Stage>, now: Int64) -> DueNotification? {
        guard !events.isEmpty else { return nil }
        let timeline = Timeline(number: number, events: events, language: .en, now: now)
        guard timeline.stale else { return nil }
        // A returned item has no forward stage; "posted" keys its one alert.
        let stage = timeline.currentStage ?? .posted
        guard !alertedStages.contains(stage) else { return nil }
        return DueNotification(kind: .stale, event: timeline.events.last, status: timeline.status, previousStatus: nil, stage: stage)
    }

    /// The estimate-change notice due for an item whose estimate is `current` when the subscription was last
    /// told `told` (nil: never). An estimate that appears is news; one that goes away is not (delivery and
    /// returns have their own notices, and "too little history" is nothing to act on). Dates are whole days,
    /// so any moved date is a change of a day or more; the basis alone changing (more items) is not news.
    public static func estimateChange(number: S10Number, timeline: Timeline, told: DeliveryEstimate?) -> DueNotification? {
        guard let current = timeline.estimate.estimate else { return nil }
        if let told, told.earliest == current.earliest, told.latest == current.latest, told.mostLikely == current.mostLikely {
            return nil
        }
        return DueNotification(kind: .estimateChanged, event: timeline.events.last, status: timeline.status, previousStatus: nil,
                               estimate: current)
    }

    static func status(_ number: S10Number, _ events: [TrackingEvent], _ now: Int64) -> ItemStatus {
        events.isEmpty ? .notFound : Timeline(number: number, events: events, language: .en, now: now).status
    }
}
