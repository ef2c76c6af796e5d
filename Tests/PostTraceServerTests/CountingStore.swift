import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Synchronization

/// A real store that counts how often it was asked for its sizes (`counts()`, what a `/metrics` scrape must not
/// do) and for events (what an answer-cache hit under an unchanged stamp must not do). Everything else goes
/// straight to the wrapped store; its change stamp only with `forwardingStamp`, else it is a store without one.
final class CountingStore: TrackingStore {
    let inner: any TrackingStore
    private let forwardingStamp: Bool
    private let countCalls = Atomic<Int>(0)
    private let eventReads = Atomic<Int>(0)
    /// How many times `counts()` ran.
    var counted: Int { countCalls.load(ordering: .relaxed) }
    /// How many times events were read (`events(for:)`, one number or many).
    var eventsRead: Int { eventReads.load(ordering: .relaxed) }

    init(_ inner: any TrackingStore, forwardingStamp: Bool = false) {
        self.inner = inner
        self.forwardingStamp = forwardingStamp
    }

    func changeStamp() -> UInt64? { forwardingStamp ? inner.changeStamp() : nil }

    func counts() async throws -> (items: Int, events: Int) {
        countCalls.add(1, ordering: .relaxed)
        return try await inner.counts()
    }
    func insert(_ events: [TrackingEvent], maxScansPerItem: Int) async throws -> InsertResult {
        try await inner.insert(events, maxScansPerItem: maxScansPerItem)
    }
    func events(for number: S10Number) async throws -> [TrackingEvent] {
        eventReads.add(1, ordering: .relaxed)
        return try await inner.events(for: number)
    }
    func events(for numbers: [S10Number]) async throws -> [S10Number: [TrackingEvent]] {
        eventReads.add(1, ordering: .relaxed)
        return try await inner.events(for: numbers)
    }
    func existing(_ numbers: [S10Number]) async throws -> Set<S10Number> { try await inner.existing(numbers) }
    func ping() async throws { try await inner.ping() }
    func close() async { await inner.close() }
}
