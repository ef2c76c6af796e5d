import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Handlers on the server's own threads", .scratch)
struct HandlerThreadsTests {
    @Test("a lookup is answered while every cooperative thread of the process is blocked")
    func servesWhilePoolIsBlocked() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let width = ProcessInfo.processInfo.activeProcessorCount
        let gate = PoolGate()
        // Occupy the cooperative pool synchronously, as a blocking test or a CPU-bound loop elsewhere would.
        for _ in 0..<width { Task.detached { gate.block() } }
        let status = try await offPool { () throws -> Int in
            defer { gate.open() }
            // Alone, the blockers hold the whole pool within milliseconds; in the full suite other tests may
            // already hold it, and blockers that cannot start are proof of a saturated pool as well.
            _ = gate.waitForBlocked(width, seconds: 3)
            let fd = try RawHTTP.connect(port: s.port, timeoutSeconds: 5)
            defer { close(fd) }
            _ = RawHTTP.send(fd, RawHTTP.request("GET", "/v1/trackings/\(n)"))
            return try RawHTTP.read(fd).status
        }
        #expect(status == 200)
    }

    @Test("jobs run on these threads; after stop, late jobs still run")
    func runsAndStops() async throws {
        let threads = HandlerThreads(count: 2, name: "pt-test")
        let onThreads = await Task(executorPreference: threads) { threads.isCurrentThread }.value
        #expect(onThreads)
        #expect(!threads.isCurrentThread)
        threads.stop()
        try await Task.sleep(for: .milliseconds(50))
        let late = await Task(executorPreference: threads) { 6 * 7 }.value
        #expect(late == 42)
    }

    @Test("inline: a new task's synchronous start runs on the calling thread; otherwise on a handler thread")
    func inlineStart() async throws {
        let threads = HandlerThreads(count: 1, name: "pt-test")
        defer { threads.stop() }
        // From a plain thread, as libmicrohttpd's callbacks are.
        let (inlineDone, inlineOnHandler, queuedOnHandler) = try await offPool { () -> (Bool, Bool, Bool) in
            let inlineRun = Recorded(), queuedRun = Recorded()
            threads.start(inline: true) { Task(executorPreference: threads) { inlineRun.record(threads.isCurrentThread) } }
            let inlineDone = inlineRun.value != nil  // already ran, before `start` returned
            threads.start(inline: false) { Task(executorPreference: threads) { queuedRun.record(threads.isCurrentThread) } }
            while queuedRun.value == nil { usleep(1000) }
            return (inlineDone, inlineRun.value ?? true, queuedRun.value ?? false)
        }
        #expect(inlineDone)
        #expect(!inlineOnHandler)
        #expect(queuedOnHandler)
    }
}

/// A value recorded once from another thread.
final class Recorded: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Bool?
    func record(_ value: Bool) { lock.withLock { stored = value } }
    var value: Bool? { lock.withLock { stored } }
}

/// Holds cooperative threads until opened; counts how many it holds.
final class PoolGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var blocked = 0
    private var isOpen = false

    func block() {
        condition.lock()
        blocked += 1
        condition.broadcast()
        while !isOpen { condition.wait() }
        condition.unlock()
    }

    /// Waits until `count` threads are held (or the time is up); returns how many are.
    func waitForBlocked(_ count: Int, seconds: Double) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while blocked < count, condition.wait(until: deadline) {}
        return blocked
    }

    func open() { condition.lock(); isOpen = true; condition.broadcast(); condition.unlock() }
}
