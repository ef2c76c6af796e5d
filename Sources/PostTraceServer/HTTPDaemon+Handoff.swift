import CMicroHTTPD
import Foundation

/// Hands each request's answer from its handler back to libmicrohttpd, whichever finishes first.
///
/// A handler that completes while the access handler is still in its call (a lookup run inline) is answered
/// directly, without suspending the connection; otherwise the connection is suspended and the handler's task
/// resumes it. Shutdown may answer suspended requests first (503); a handler's late answer is then dropped.
///
/// Each request's state lives in its `PendingRequest`, under that request's lock; only suspended requests are
/// also listed here (for shutdown), so the usual inline answer takes no lock shared between threads.
final class Handoffs: @unchecked Sendable {
    // @unchecked: `suspended` is only touched while holding `lock`. Lock order: a request's, then this one.
    enum State {
        case idle
        case running
        case answered(HTTPResponse)
        case suspended(SuspendedConnection)
    }
    private let lock = NSLock()
    private var suspended: [ObjectIdentifier: PendingRequest] = [:]

    /// The handler for `pending` is about to start.
    func started(_ pending: PendingRequest) {
        pending.withLock { pending.handoff = .running }
    }

    /// The handler's answer: kept for `settle` if the access handler has not returned yet, else the connection resumes.
    func answer(_ pending: PendingRequest, with response: HTTPResponse) {
        let resume: SuspendedConnection? = pending.withLock {
            switch pending.handoff {
            case .running:
                pending.handoff = .answered(response)
                return nil
            case .suspended(let connection):
                pending.handoff = .idle
                pending.response = response
                lock.lock(); suspended[ObjectIdentifier(pending)] = nil; lock.unlock()
                return connection
            case .answered, .idle:
                return nil  // already answered (by shutdown)
            }
        }
        // Outside the locks: libmicrohttpd takes its own, and callbacks it makes may take ours.
        if let resume { MHD_resume_connection(resume.raw) }
    }

    /// On the libmicrohttpd thread, after the handler started: its answer when already there, else nil once
    /// the connection is suspended (the handler's task resumes it).
    func settle(_ pending: PendingRequest, on connection: OpaquePointer) -> HTTPResponse? {
        pending.withLock {
            if case .answered(let response) = pending.handoff {
                pending.handoff = .idle
                return response
            }
            // Under the request's lock, so that `answer` sees the suspension recorded; suspending calls back into nothing.
            MHD_suspend_connection(connection)
            pending.handoff = .suspended(SuspendedConnection(raw: connection))
            lock.lock(); suspended[ObjectIdentifier(pending)] = pending; lock.unlock()
            return nil
        }
    }

    /// Answers every request whose handler has not answered yet (libmicrohttpd must not stop with any suspended).
    func answerAll(with response: HTTPResponse) {
        lock.lock()
        let waiting = Array(suspended.values)
        lock.unlock()
        for pending in waiting { answer(pending, with: response) }
    }
}
