import Foundation

/// Runs blocking work (a child process, a pipe read, a socket, a sleep) on a thread of its own and awaits it.
///
/// Why: a test process has as many cooperative threads as cores, shared by every suite running at once and by
/// the in-process servers' awaits; one blocked pool thread can stall unrelated tests until they time out.
/// The running test's `Scratch` goes along, so files made on that thread are still the test's to remove.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let scratch = Scratch.current
    return try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            Scratch.$current.withValue(scratch) { continuation.resume(with: Result { try work() }) }
        }
    }
}
