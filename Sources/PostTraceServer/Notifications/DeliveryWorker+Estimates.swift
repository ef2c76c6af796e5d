import PostTraceCore
import PostTraceStore

extension DeliveryWorker {
    /// Writes an estimate-change notice for each watched item whose estimate appeared or moved since the
    /// subscription was last told, a page at a time; returns how many were written. Estimates move with new
    /// scans, with each lane refresh and with the time an item has spent in its stage, so they are compared
    /// on a schedule rather than at ingestion. Without a lane table there is nothing to compare.
    @discardableResult
    public func sweepEstimates(pageSize: Int = 1_000) async throws -> Int {
        guard let lanes = configuration.lanes?.current, lanes.items > 0 else { return 0 }
        var written = 0, cursor: EstimateWatch?
        while true {
            let watches = try await store.estimateWatches(after: cursor, limit: pageSize)
            guard let last = watches.last else { return written }
            let events = try await store.events(for: Array(Set(watches.map(\.number))))
            let now = clock()
            for watch in watches {
                guard let scans = events[watch.number], !scans.isEmpty else { continue }
                let timeline = Timeline(number: watch.number, events: scans, language: .en, now: now, lanes: lanes)
                guard let notice = SubscriptionTriggers.estimateChange(number: watch.number, timeline: timeline, told: watch.told) else { continue }
                if try await store.enqueueEstimateChange(watch, notice, now: now) { written += 1 }
            }
            guard watches.count == pageSize else { return written }
            cursor = last
        }
    }
}
