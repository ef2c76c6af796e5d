import CMicroHTTPD
import Foundation

/// Hands each request's answer from its handler back to libmicrohttpd, whichever finishes first.
///
/// A handler that completes while the access handler is still in its call (a lookup run inline) is answered
/// directly, without suspending the connection; otherwise the connection is suspended and the handler's task
/// resumes it. Shutdown may answer suspended requests first (503); a handler's late answer is then dropped.
final class Handoffs: @unchecked Sendable {
    // @unchecked: `states` is only touched while holding `lock`.
    private enum State {
        case running
        case answered(HTTPResponse)
        case suspended(PendingRequest, SuspendedConnection)
    }
    private let lock = NSLock()
    private var states: [ObjectIdentifier: State] = [:]

    /// The handler for `pending` is about to start.
    func started(_ pending: PendingRequest) {
        lock.lock(); states[ObjectIdentifier(pending)] = .running; lock.unlock()
    }

    /// The handler's answer: kept for `settle` if the access handler has not returned yet, else the connection resumes.
    func answer(_ pending: PendingRequest, with response: HTTPResponse) {
        let key = ObjectIdentifier(pending)
        lock.lock()
        switch states[key] {
        case .running:
            states[key] = .answered(response)
            lock.unlock()
        case .suspended(_, let connection):
            states[key] = nil
            lock.unlock()
            // Outside our lock: libmicrohttpd takes its own, and callbacks it makes may take ours.
            pending.finish(response)
            MHD_resume_connection(connection.raw)
        case .answered, nil:
            lock.unlock()  // already answered (by shutdown)
        }
    }

    /// On the libmicrohttpd thread, after the handler started: its answer when already there, else nil once
    /// the connection is suspended (the handler's task resumes it).
    func settle(_ pending: PendingRequest, on connection: OpaquePointer) -> HTTPResponse? {
        let key = ObjectIdentifier(pending)
        lock.lock()
        defer { lock.unlock() }
        if case .answered(let response) = states[key] {
            states[key] = nil
            return response
        }
        // Under our lock, so that `answer` sees the suspension recorded; suspending calls back into nothing.
        MHD_suspend_connection(connection)
        states[key] = .suspended(pending, SuspendedConnection(raw: connection))
        return nil
    }

    /// Answers every request whose handler has not answered yet (libmicrohttpd must not stop with any suspended).
    func answerAll(with response: HTTPResponse) {
        lock.lock()
        let waiting: [PendingRequest] = states.values.compactMap {
            if case .suspended(let pending, _) = $0 { pending } else { nil }
        }
        lock.unlock()
        for pending in waiting { answer(pending, with: response) }
    }
}
