import CMicroHTTPD
import Foundation

/// Cuts connections whose request is not fully read within a deadline.
///
/// libmicrohttpd's connection timeout is an idle timeout: a client sending one byte per second is never idle
/// and could hold a connection (and its memory) forever. This guard tracks, per connection, since when it is
/// waiting for a complete request and shuts the socket down past the deadline; libmicrohttpd then sees the
/// error and closes the connection itself, so the file descriptor stays owned by it.
final class SlowClientGuard: @unchecked Sendable {
    private struct Watch { let fd: Int32; var since: Double? }
    private let deadline: Double
    private let lock = NSLock()
    private var watches: [UnsafeMutableRawPointer: Watch] = [:]
    private var running = true

    init(deadlineSeconds: Int) {
        deadline = Double(deadlineSeconds)
        let thread = Thread { [weak self] in
            while let guardian = self, guardian.sweep() { Thread.sleep(forTimeInterval: 0.25) }
        }
        thread.name = "posttrace-slow-client-guard"
        thread.start()
    }

    static var now: Double { ProcessInfo.processInfo.systemUptime }

    func opened(_ connection: OpaquePointer) {
        let fd = posttrace_mhd_connection_fd(connection)
        lock.lock(); watches[UnsafeMutableRawPointer(connection)] = Watch(fd: fd, since: Self.now); lock.unlock()
    }
    func closed(_ connection: OpaquePointer) {
        lock.lock(); watches[UnsafeMutableRawPointer(connection)] = nil; lock.unlock()
    }
    /// The request is complete: the handler's time does not count.
    func requestRead(_ connection: OpaquePointer) {
        lock.lock(); watches[UnsafeMutableRawPointer(connection)]?.since = nil; lock.unlock()
    }
    /// The connection waits for its next request (keep-alive).
    func requestDone(_ connection: OpaquePointer) {
        lock.lock(); watches[UnsafeMutableRawPointer(connection)]?.since = Self.now; lock.unlock()
    }

    func stop() { lock.lock(); running = false; lock.unlock() }

    /// Shuts down overdue sockets; false once stopped.
    private func sweep() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard running else { return false }
        let now = Self.now
        for (key, watch) in watches {
            guard let since = watch.since, now - since > deadline, watch.fd >= 0 else { continue }
            shutdown(watch.fd, Int32(SHUT_RDWR))
            watches[key]?.since = nil
        }
        return true
    }
}

/// Tells the guard when connections open and close.
nonisolated func mhdConnectionNotified(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ socketContext: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ code: MHD_ConnectionNotificationCode
) {
    guard let cls, let connection else { return }
    let core = Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue()
    if code == .CONNECTION_NOTIFY_STARTED { core.slowClients.opened(connection) } else { core.slowClients.closed(connection) }
}
