import CMicroHTTPD
import Foundation
import Synchronization

/// Cuts connections whose request is not fully read within a deadline.
///
/// libmicrohttpd's connection timeout is an idle timeout: a client sending one byte per second is never idle
/// and could hold a connection (and its memory) forever. This guard tracks, per connection, since when it is
/// waiting for a complete request and shuts the socket down past the deadline; libmicrohttpd then sees the
/// error and closes the connection itself, so the file descriptor stays owned by it.
///
/// Each connection's watch hangs off libmicrohttpd's socket context, and a request only stores a time in it:
/// no lock shared by the worker threads on every request (the set of watches is locked only when a
/// connection opens or closes, and by the sweep).
final class SlowClientGuard: Sendable {
    /// One connection: its socket, and since when (monotonic milliseconds) it waits for a request; 0 while a
    /// request is being handled.
    final class Watch: Sendable {
        let fd: Int32
        let since: Atomic<Int64>
        init(fd: Int32, since: Int64) { self.fd = fd; self.since = Atomic(since) }
    }
    private let deadline: Int64
    /// The open connections' watches, and whether the sweep goes on.
    private let state = Mutex<(byID: [ObjectIdentifier: Watch], running: Bool)>(([:], true))

    init(deadlineSeconds: Int) {
        deadline = Int64(deadlineSeconds) * 1000
        let thread = Thread { [weak self] in
            while let guardian = self, guardian.sweep() { Thread.sleep(forTimeInterval: 0.25) }
        }
        thread.name = "posttrace-slow-client-guard"
        thread.start()
    }

    /// Monotonic milliseconds from the coarse clock (a vDSO read, no syscall): the deadline is in seconds.
    static var now: Int64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC_COARSE, &t)
        return max(1, Int64(t.tv_sec) * 1000 + Int64(t.tv_nsec) / 1_000_000)
    }

    /// A connection opened: its watch goes into `context` (libmicrohttpd's socket context), retained.
    func opened(_ connection: OpaquePointer, context: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
        let watch = Watch(fd: posttrace_mhd_connection_fd(connection), since: Self.now)
        context?.pointee = Unmanaged.passRetained(watch).toOpaque()
        state.withLock { $0.byID[ObjectIdentifier(watch)] = watch }
    }

    /// A connection closed: its watch is dropped and released.
    func closed(context: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
        guard let context, let raw = context.pointee else { return }
        context.pointee = nil
        let watch = Unmanaged<Watch>.fromOpaque(raw).takeRetainedValue()
        _ = state.withLock { $0.byID.removeValue(forKey: ObjectIdentifier(watch)) }
    }

    /// The request is complete: the handler's time does not count.
    func requestRead(_ connection: OpaquePointer) { Self.watch(of: connection)?.since.store(0, ordering: .relaxed) }
    /// The connection waits for its next request (keep-alive).
    func requestDone(_ connection: OpaquePointer) { Self.watch(of: connection)?.since.store(Self.now, ordering: .relaxed) }

    private static func watch(of connection: OpaquePointer) -> Watch? {
        posttrace_mhd_socket_context(connection).map { Unmanaged<Watch>.fromOpaque($0).takeUnretainedValue() }
    }

    func stop() { state.withLock { $0.running = false } }

    /// Shuts down overdue sockets; false once stopped.
    private func sweep() -> Bool {
        let deadline = self.deadline
        // Under the lock: a watch's socket is shut down only while its connection is still open.
        return state.withLock { state in
            guard state.running else { return false }
            let now = Self.now
            for watch in state.byID.values {
                let since = watch.since.load(ordering: .relaxed)
                guard since > 0, now - since > deadline, watch.fd >= 0 else { continue }
                shutdown(watch.fd, Int32(SHUT_RDWR))
                watch.since.store(0, ordering: .relaxed)
            }
            return true
        }
    }
}

/// Tells the guard when connections open and close.
nonisolated func mhdConnectionNotified(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode
) {
    guard let cls, let connection else { return }
    let core = Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue()
    if code == .CONNECTION_NOTIFY_STARTED { core.slowClients.opened(connection, context: socketContext) } else { core.slowClients.closed(context: socketContext) }
}
