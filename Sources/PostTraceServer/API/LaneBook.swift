import Foundation
import PostTraceCore
import PostTraceStore
import Synchronization

/// The lane table the server answers from: read by every lookup, replaced whole by the refresher. A lookup
/// never computes lane statistics; it reads the table prepared last.
public final class LaneBook: Sendable {
    /// The table and how many times it was replaced, changed together.
    private let table: Mutex<(table: LaneTable, generation: Int)>

    /// A book holding `table` (empty: every estimate says `too_little_history` until the first refresh).
    public init(_ table: LaneTable = .empty) { self.table = Mutex((table, 0)) }

    /// The table prepared last.
    public var current: LaneTable { table.withLock { $0.table } }

    /// The table prepared last and its generation (one more at each `replace`), read together, so that an answer
    /// kept with the generation was rendered from that very table.
    var versioned: (table: LaneTable, generation: Int) { table.withLock { $0 } }

    /// The generation alone (a lookup answered from the answer cache compares it, and needs no table).
    var generation: Int { table.withLock { $0.generation } }

    /// Puts a newly prepared table in place.
    public func replace(_ new: LaneTable) { table.withLock { $0 = (new, $0.generation + 1) } }

    /// Loads the saved table, refreshes it when it is missing or older than `interval`, then refreshes every
    /// `interval` until cancelled. A failed refresh keeps the table in place and is tried again next time.
    public func keepFresh(from store: any TrackingStore, interval: Duration, now: @escaping @Sendable () -> Int64,
                          log: @escaping @Sendable (String) -> Void) async {
        let seconds = interval.components.seconds
        if let saved = try? await store.loadLaneTable() { replace(saved) }
        var due = current.builtAt + seconds <= now()
        while !Task.isCancelled {
            if due {
                do { replace(try await store.refreshLaneTable(now: now())) } catch {
                    log("posttrace: lane statistics not refreshed: \(error)")
                }
            }
            due = true
            try? await Task.sleep(for: interval)
        }
    }
}
