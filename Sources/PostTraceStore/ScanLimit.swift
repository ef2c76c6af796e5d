import PostTraceCore

/// How many distinct scans one item may hold. A real journey has a few dozen; the bound keeps one flooded
/// number from making every lookup of it slow. Scans past it are rejected (`item_scan_limit`), never dropped
/// silently, and a repeat of a stored scan still merges as a duplicate.
public enum ScanLimit {
    /// The default bound per item.
    public static let defaultPerItem = 1_000

    /// Splits a batch into the events to store and the indices of those past the bound, in batch order.
    /// `storedCounts` gives the scans already stored per item (`storageKey`); `storedScans` the scan keys of
    /// one item, asked only for items the batch could take past the bound.
    static func admit(_ events: [TrackingEvent], limit: Int,
                      storedCounts: ([Int64]) throws -> [Int64: Int],
                      storedScans: (Int64) throws -> Set<ScanKey>) rethrows -> (admitted: [TrackingEvent], rejected: [Int]) {
        guard limit < Int.max, !events.isEmpty else { return (events, []) }
        // An upper bound of the batch's new scans per item: most items are far from the bound and stop here.
        var offered: [Int64: Int] = [:]
        for e in events { offered[e.number.storageKey, default: 0] += 1 }
        let stored = try storedCounts(Array(offered.keys))
        let crowded = offered.filter { (stored[$0.key] ?? 0) + $0.value > limit }
        guard !crowded.isEmpty else { return (events, []) }
        var known: [Int64: (scans: Set<ScanKey>, count: Int)] = [:]
        for item in crowded.keys { known[item] = (try storedScans(item), stored[item] ?? 0) }
        var rejected: [Int] = []
        for (i, e) in events.enumerated() {
            let item = e.number.storageKey
            guard var entry = known[item] else { continue }
            let key = ScanKey(e)
            if entry.scans.contains(key) { continue }  // a repeat: merges as a duplicate
            if entry.count < limit {
                entry.scans.insert(key); entry.count += 1; known[item] = entry
            } else {
                rejected.append(i)
            }
        }
        guard !rejected.isEmpty else { return (events, []) }
        var admitted: [TrackingEvent] = []
        admitted.reserveCapacity(events.count - rejected.count)
        var next = rejected.makeIterator(), skip = next.next()
        for (i, e) in events.enumerated() {
            if i == skip { skip = next.next(); continue }
            admitted.append(e)
        }
        return (admitted, rejected)
    }

    /// The reject of an event past the bound.
    public static func reject(_ event: TrackingEvent, limit: Int) -> LineReject {
        LineReject(.itemScanLimit, "\(event.number) already holds \(limit) scans, the most one item may hold; this scan was not stored")
    }
}
