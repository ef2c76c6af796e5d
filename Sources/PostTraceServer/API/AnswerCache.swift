import Foundation
import PostTraceCore
import S10
import Synchronization

/// Rendered lookup answers (a timeline's JSON, its entity tag and its gzipped form) kept for the next request that
/// would render the same bytes.
///
/// Correctness does not rest on being told about writes. A kept answer is used only when it was rendered from
/// exactly the item's stored events, with the same lane table, in the same language, less than `renderAge` ago,
/// and the cache knows the events are the same in one of two ways:
/// - the store's change stamp (`TrackingStore.changeStamp()`, taken before the events were read) is the one
///   recorded with the answer: nothing was committed since, by any process, so the answer is served without
///   reading the store at all (`answer(_:_:_:stamp:lanes:now:)`);
/// - otherwise the lookup reads the events (with the same read rule as without the cache) and the answer is used
///   when it was rendered from exactly those (a keyed SipHash of them); the stamp taken before that read is then
///   recorded with it, so the next lookups skip the read again until the store changes.
/// So an import by another process, another server on the same database, a merged duplicate, a prune or a
/// replica catching up is seen by the very next lookup, and a kept answer is never older than what the store
/// says. The age bound covers what depends on the clock (how long an item has been stale or in its stage,
/// counted in days). What the cache saves is the timeline's construction, its JSON, its tag and its gzip, and
/// while the stamp holds, the store read; what a hit costs otherwise is the hash of the events read.
///
/// Bounded by `capacity` bytes (bodies, gzipped bodies, tags and a fixed overhead per entry), evicting whole
/// items by CLOCK (second chance). Ingestion through this server drops the items it touched at once, which only
/// frees their memory sooner.
final class AnswerCache: Sendable {
    /// Which rendering of a timeline an entry holds.
    enum Kind: UInt8, Sendable { case apiJSON }

    /// What a handler hands on to the response stage: the kept tag and, once made, the gzipped body.
    struct Prepared: Sendable {
        let number: S10Number
        let kind: Kind
        let language: Language
        /// The identity body's entity tag (`HTTPCaching.entityTag`).
        let tag: String
        /// nil: not compressed yet; empty: compressing does not shrink it.
        let gzipped: [UInt8]?
    }

    /// Bytes counted per entry besides its bodies and tag: the slot, the variant and the dictionary's share.
    static let entryOverhead = 160

    let capacity: Int
    let renderAge: Double
    private let state: Mutex<State>
    private let hits = Atomic<Int>(0)
    private let unreadHits = Atomic<Int>(0)
    private let misses = Atomic<Int>(0)
    private let evictions = Atomic<Int>(0)
    private let invalidations = Atomic<Int>(0)

    /// A cache of at most `capacity` bytes whose answers are rendered again after `renderAge` seconds.
    init(capacity: Int, renderAge: Double) {
        self.capacity = capacity
        self.renderAge = renderAge
        state = Mutex(State())
    }

    /// A keyed hash (SipHash, seeded per process) of the events an answer is rendered from.
    static func digest(_ events: [TrackingEvent]) -> Int {
        var hasher = Hasher()
        hasher.combine(events)
        return hasher.finalize()
    }

    /// The kept body when the store's change stamp is still `stamp`, the one recorded with it, and it was
    /// rendered from lane table `lanes` less than `renderAge` before `now` (seconds of system uptime): the store
    /// need not be read. Counts a hit when found, nothing otherwise (the lookup then reads and asks again).
    func answer(_ number: S10Number, _ kind: Kind, _ language: Language, stamp: UInt64, lanes: Int, now: Double)
        -> (body: [UInt8], prepared: Prepared)? {
        let found = state.withLock { state in
            state.use(number, kind, language, lanes: lanes, notBefore: now - renderAge) { $0.stamp == stamp }
        }
        if found != nil {
            hits.add(1, ordering: .relaxed)
            unreadHits.add(1, ordering: .relaxed)
        }
        return found
    }

    /// The kept body when one was rendered from events with `digest`, from lane table `lanes`, less than
    /// `renderAge` before `now` (seconds of system uptime); counts a hit or a miss. On a hit `stamp`, the store's
    /// change stamp taken before those events were read, is recorded with it.
    func answer(_ number: S10Number, _ kind: Kind, _ language: Language, digest: Int, lanes: Int, now: Double,
                stamp: UInt64? = nil) -> (body: [UInt8], prepared: Prepared)? {
        let found = state.withLock { state in
            state.use(number, kind, language, lanes: lanes, notBefore: now - renderAge) { variant in
                guard variant.digest == digest else { return false }
                variant.stamp = stamp
                return true
            }
        }
        if found == nil { misses.add(1, ordering: .relaxed) } else { hits.add(1, ordering: .relaxed) }
        return found
    }

    /// Keeps a freshly rendered body (replacing the item's entry of the same kind and language) and returns what
    /// the response stage needs; evicts by CLOCK while over capacity. Bodies over an eighth of the capacity are not
    /// kept. `stamp` is the store's change stamp taken before the events it was rendered from were read.
    func keep(_ number: S10Number, _ kind: Kind, _ language: Language, digest: Int, lanes: Int, now: Double,
              body: [UInt8], tag: String, stamp: UInt64? = nil) -> Prepared {
        let prepared = Prepared(number: number, kind: kind, language: language, tag: tag, gzipped: nil)
        let variant = Variant(kind: kind, language: language, digest: digest, lanes: lanes, renderedAt: now, stamp: stamp,
                              body: body, tag: tag, gzipped: nil)
        guard variant.size <= capacity / 8 else { return prepared }
        let evicted = state.withLock { state in
            state.put(variant, for: number)
            return state.evict(downTo: capacity)
        }
        if evicted > 0 { evictions.add(evicted, ordering: .relaxed) }
        return prepared
    }

    /// Adds the gzipped form (empty: it does not shrink) to the entry still holding the body tagged `prepared.tag`.
    func attach(gzipped: [UInt8], to prepared: Prepared) {
        let evicted = state.withLock { state -> Int in
            guard let i = state.index[prepared.number], var slot = state.slots[i],
                  let v = slot.variants.firstIndex(where: { $0.kind == prepared.kind && $0.language == prepared.language }),
                  slot.variants[v].tag == prepared.tag, slot.variants[v].gzipped == nil else { return 0 }
            slot.variants[v].gzipped = gzipped
            slot.bytes += gzipped.count
            state.bytes += gzipped.count
            state.slots[i] = slot
            return state.evict(downTo: capacity)
        }
        if evicted > 0 { evictions.add(evicted, ordering: .relaxed) }
    }

    /// Drops every entry of these items (their events just changed here).
    func invalidate(_ numbers: some Sequence<S10Number>) {
        let dropped = state.withLock { state in
            var dropped = 0
            for number in numbers where state.drop(number) { dropped += 1 }
            return dropped
        }
        if dropped > 0 { invalidations.add(dropped, ordering: .relaxed) }
    }

    /// Bytes and entries held now.
    var usage: (bytes: Int, entries: Int) { state.withLock { ($0.bytes, $0.entries) } }

    /// The Prometheus lines for `/metrics`.
    func metricsText() -> String {
        let (bytes, entries) = usage
        var out = ""
        func line(_ name: String, _ type: String, _ help: String, _ value: Int) {
            out += "# HELP posttrace_answer_cache_\(name) \(help)\n# TYPE posttrace_answer_cache_\(name) \(type)\nposttrace_answer_cache_\(name) \(value)\n"
        }
        line("hits_total", "counter", "Lookups answered with bytes rendered before from the same events.", hits.load(ordering: .relaxed))
        line("unread_hits_total", "counter",
             "Hits answered without reading the store: its change stamp had not moved since the answer was rendered or checked.",
             unreadHits.load(ordering: .relaxed))
        line("misses_total", "counter", "Lookups rendered anew (no entry, or the events, lane table or age differed).",
             misses.load(ordering: .relaxed))
        line("evictions_total", "counter", "Items evicted to stay within the capacity.", evictions.load(ordering: .relaxed))
        line("invalidations_total", "counter", "Items dropped because this server ingested events for them.",
             invalidations.load(ordering: .relaxed))
        line("bytes", "gauge", "Bytes held: bodies, gzipped bodies, tags and a fixed overhead per entry.", bytes)
        line("entries", "gauge", "Rendered answers held (one per item, kind and language).", entries)
        line("capacity_bytes", "gauge", "The most bytes the cache may hold (--answer-cache).", capacity)
        return out
    }
}

extension AnswerCache {
    /// One rendering of one item.
    fileprivate struct Variant {
        let kind: Kind
        let language: Language
        let digest: Int
        let lanes: Int
        let renderedAt: Double
        /// The store's change stamp under which the body is known to match the stored events; nil: none known.
        var stamp: UInt64?
        let body: [UInt8]
        let tag: String
        var gzipped: [UInt8]?
        var size: Int { body.count + (gzipped?.count ?? 0) + tag.utf8.count + AnswerCache.entryOverhead }
    }

    /// One item's renderings; the unit of eviction.
    fileprivate struct Slot {
        let number: S10Number
        var variants: [Variant]
        var bytes: Int
        var referenced: Bool
    }

    /// Everything behind the lock. Invariant: `bytes` is the sum of the slots' `bytes`, `entries` the count of
    /// their variants, `index[n] == i` exactly when `slots[i]` holds item `n`, and `free` lists the empty slots.
    fileprivate struct State {
        var index: [S10Number: Int] = [:]
        var slots: [Slot?] = []
        var free: [Int] = []
        var hand = 0
        var bytes = 0
        var entries = 0

        /// The body and what the response stage needs of the item's entry of this kind and language, when it was
        /// rendered from lane table `lanes` at or after `notBefore` and `accepts` it (which may update it); marks
        /// the item referenced.
        mutating func use(_ number: S10Number, _ kind: Kind, _ language: Language, lanes: Int, notBefore: Double,
                          accepts: (inout Variant) -> Bool) -> (body: [UInt8], prepared: Prepared)? {
            // In place (`slots[i]!`): a copy of the slot would make the variants' storage be copied on write.
            guard let i = index[number], let v = slots[i]?.variants.firstIndex(where: { $0.kind == kind && $0.language == language }),
                  slots[i]!.variants[v].lanes == lanes, slots[i]!.variants[v].renderedAt > notBefore,
                  accepts(&slots[i]!.variants[v]) else { return nil }
            slots[i]!.referenced = true
            let variant = slots[i]!.variants[v]
            return (variant.body, Prepared(number: number, kind: kind, language: language, tag: variant.tag, gzipped: variant.gzipped))
        }

        mutating func put(_ variant: Variant, for number: S10Number) {
            if let i = index[number], var slot = slots[i] {
                if let v = slot.variants.firstIndex(where: { $0.kind == variant.kind && $0.language == variant.language }) {
                    slot.bytes -= slot.variants[v].size
                    bytes -= slot.variants[v].size
                    slot.variants[v] = variant
                } else {
                    slot.variants.append(variant)
                    entries += 1
                }
                slot.bytes += variant.size
                slot.referenced = true
                slots[i] = slot
            } else {
                let slot = Slot(number: number, variants: [variant], bytes: variant.size, referenced: true)
                if let i = free.popLast() { slots[i] = slot; index[number] = i } else { index[number] = slots.count; slots.append(slot) }
                entries += 1
            }
            bytes += variant.size
        }

        /// Removes item `number`; false when it was not held.
        mutating func drop(_ number: S10Number) -> Bool {
            guard let i = index.removeValue(forKey: number), let slot = slots[i] else { return false }
            bytes -= slot.bytes
            entries -= slot.variants.count
            slots[i] = nil
            free.append(i)
            return true
        }

        /// CLOCK: the hand clears reference bits until it meets an unreferenced item, which goes; returns how many went.
        mutating func evict(downTo capacity: Int) -> Int {
            var evicted = 0
            while bytes > capacity, !slots.isEmpty {
                if hand >= slots.count { hand = 0 }
                if var slot = slots[hand] {
                    if slot.referenced {
                        slot.referenced = false
                        slots[hand] = slot
                    } else if drop(slot.number) {
                        evicted += 1
                    }
                }
                hand += 1
            }
            return evicted
        }
    }
}
