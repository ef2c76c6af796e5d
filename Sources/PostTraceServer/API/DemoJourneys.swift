import PostTraceCore
import PostTraceStore
import S10

/// Simulated journeys for `serve --demo` (Core's `Simulator`), so a new user sees real-looking results at once.
public enum DemoJourneys {
    /// Example numbers to print: one delivered, one in customs, one valid without any record yet.
    public struct Examples: Sendable {
        public var delivered: S10Number?
        public var inCustoms: S10Number?
        public var noRecord: S10Number?
    }

    /// Stores the first `count` simulated items (seed fixed, so runs are repeatable) in batches.
    public static func fill(_ store: any TrackingStore, count: Int = 10_000, now: Int64) async throws -> Examples {
        var examples = Examples()
        var batch: [TrackingEvent] = []
        for item in Simulator(seed: 2026, now: now).items(count: count) {
            switch item.outcome {
            case .delivered where examples.delivered == nil: examples.delivered = item.number
            // A recent hold, not one stuck for weeks (that one would show the stale advice first).
            case .inCustoms where examples.inCustoms == nil
                && !Timeline(number: item.number, events: item.events, language: .en, now: now).stale:
                examples.inCustoms = item.number
            case .notFound where examples.noRecord == nil && item.events.isEmpty: examples.noRecord = item.number
            default: break
            }
            batch += item.events
            if batch.count >= 5_000 { _ = try await store.insert(batch); batch.removeAll(keepingCapacity: true) }
        }
        if !batch.isEmpty { _ = try await store.insert(batch) }
        return examples
    }
}
