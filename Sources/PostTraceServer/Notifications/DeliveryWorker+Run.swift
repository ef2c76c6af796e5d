import Foundation
import PostTraceStore

extension DeliveryWorker {
    /// What finished in the worker's task group.
    enum Finished: Sendable { case delivery, tick }

    /// Delivers until the task is cancelled. Deliveries run side by side (up to `concurrency`), and a
    /// free slot is refilled as soon as one finishes, so a slow receiver never holds up the others.
    /// Store errors are logged and retried after a pause; a closed store (shutdown) ends the loop.
    public func run() async {
        var lastStaleSweep = ContinuousClock.now - configuration.staleInterval
        await withTaskGroup(of: Finished.self) { group in
            var inFlight = 0, ticking = false
            while !Task.isCancelled {
                do {
                    if ContinuousClock.now - lastStaleSweep >= configuration.staleInterval {
                        lastStaleSweep = .now
                        try await sweepAndPrune()
                    }
                    if inFlight < configuration.concurrency {
                        let due = try await store.claimDueDeliveries(now: clock(), lease: lease, limit: configuration.concurrency - inFlight)
                        for delivery in due { group.addTask { await self.attempt(delivery); return .delivery } }
                        inFlight += due.count
                        if !due.isEmpty && inFlight < configuration.concurrency { continue }  // a slot is free: claim again
                    }
                    if !ticking {
                        // Wake up when the next delivery is due (or after the poll interval), even if none finishes.
                        let pause = try await idleSleep()
                        group.addTask { try? await Task.sleep(for: pause); return .tick }
                        ticking = true
                    }
                } catch let error as StoreError where error.category == .closed {
                    break  // the server is shutting down; pending deliveries wait for the next start
                } catch {
                    log("delivery worker: \(error)")
                    try? await Task.sleep(for: configuration.pollInterval)
                    continue
                }
                switch await group.next() {
                case .delivery?: inFlight -= 1
                case .tick?: ticking = false
                case nil: break
                }
            }
            group.cancelAll()
        }
    }

    private func sweepAndPrune() async throws {
        _ = try await sweepStale()
        _ = try await sweepEstimates()
        _ = try await store.pruneDeliveries(before: clock() - configuration.retention)
    }
}
