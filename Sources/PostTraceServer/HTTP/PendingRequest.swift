import CMicroHTTPD
import Synchronization

/// One request while libmicrohttpd reads it and a handler answers it: its `RequestLifecycle`, and the
/// libmicrohttpd calls that carry out what the lifecycle's transitions return across threads (suspend, resume).
final class PendingRequest: @unchecked Sendable {
    // @unchecked: `request`, `badEncoding`, `targetFlaw` and `counted` are only touched on the libmicrohttpd
    // thread that owns the connection, and the handler gets a copy of `request`; `lifecycle` is in a Mutex.
    var request: HTTPRequest
    /// True when a header, the path or a query parameter is not valid UTF-8.
    var badEncoding = false
    /// What is wrong with the request target as sent, seen before decoding (see `RequestTarget`).
    var targetFlaw: RequestTarget.Flaw?
    /// Whether the request is counted in flight (from its head until libmicrohttpd completes it).
    var counted = false
    /// The connection, valid until libmicrohttpd completes the request (also while suspended).
    private let connection: OpaquePointer?
    private let lifecycle: Mutex<RequestLifecycle>

    init(connection: OpaquePointer?, maxBodyBytes: Int) {
        self.connection = connection
        request = HTTPRequest(method: "GET", path: "/")
        lifecycle = Mutex(RequestLifecycle(maxBodyBytes: maxBodyBytes))
    }

    /// Applies one transition of the lifecycle; the caller performs the action it returns.
    func transition(_ body: (inout RequestLifecycle) -> RequestLifecycle.Action) -> RequestLifecycle.Action {
        lifecycle.withLock { body(&$0) }
    }

    /// Whether the access handler's call is the first one, after the head.
    var awaitsHead: Bool { lifecycle.withLock { $0.awaitsHead } }

    /// On the libmicrohttpd thread, after the handler started: the answer to queue now, or nil once the
    /// connection is suspended (the handler's answer resumes it).
    func settle(listing suspended: SuspendedRequests) -> HTTPResponse? {
        switch transition({ $0.handlerReturnedControl() }) {
        case .queue(let response):
            return response
        case .suspend:
            suspended.insert(self)  // before suspending, so that shutdown finds it in any later state
            if let connection { MHD_suspend_connection(connection) }
            // No lock is held across libmicrohttpd's calls: an answer that came meanwhile waits in the lifecycle.
            if case .resume = transition({ $0.suspensionDone() }) { resume(listing: suspended) }
            return nil
        default:
            return nil
        }
    }

    /// The handler's answer, on its thread.
    func answer(_ response: HTTPResponse, listing suspended: SuspendedRequests) {
        if case .resume = transition({ $0.handlerAnswered(response) }) { resume(listing: suspended) }
    }

    /// Shutdown's answer for a request whose handler has not answered.
    func shutdown(answer response: HTTPResponse, listing suspended: SuspendedRequests) {
        if case .resume = transition({ $0.shutdown(answer: response) }) { resume(listing: suspended) }
    }

    /// The lifecycle resumes only after `MHD_suspend_connection` returned, and once per suspension.
    private func resume(listing suspended: SuspendedRequests) {
        suspended.remove(self)
        if let connection { MHD_resume_connection(connection) }
    }
}

/// The requests whose connection is suspended (or being suspended), for shutdown to answer: libmicrohttpd must
/// not stop with a connection suspended. Requests answered inline never enter it.
final class SuspendedRequests: Sendable {
    private let byID = Mutex<[ObjectIdentifier: PendingRequest]>([:])

    func insert(_ pending: PendingRequest) { byID.withLock { $0[ObjectIdentifier(pending)] = pending } }
    func remove(_ pending: PendingRequest) { _ = byID.withLock { $0.removeValue(forKey: ObjectIdentifier(pending)) } }

    /// Answers every listed request whose handler has not answered yet; their handlers' later answers are dropped.
    func answerAll(with response: HTTPResponse) {
        let waiting = byID.withLock { Array($0.values) }
        for pending in waiting { pending.shutdown(answer: response, listing: self) }
    }
}
