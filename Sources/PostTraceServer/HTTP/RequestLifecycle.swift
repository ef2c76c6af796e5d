/// The life of one request on its connection, from its head to its answer, as a value: each transition
/// returns what the daemon must do, and `HTTPDaemon+Callbacks.swift` does it (calls libmicrohttpd).
///
/// libmicrohttpd calls the access handler once after the head, once per body chunk and once at the end of the
/// body; there the handler starts. A handler that answers before that call returns (a lookup run inline) is
/// queued at once; otherwise the connection is suspended and the handler's answer resumes it, after which
/// libmicrohttpd calls the access handler once more to queue the answer (queuing from another thread is not
/// allowed). libmicrohttpd's rules the machine keeps: `MHD_resume_connection` only on a connection whose
/// `MHD_suspend_connection` has returned (anything else is undefined), each suspension resumed exactly once,
/// and none left suspended at stop (shutdown answers them).
///
/// Transitions that cannot happen in a state (a body chunk after the handler started, a resume after the
/// answer went out) change nothing and return `.none`, `.close` or `.drop`: never a crash.
struct RequestLifecycle: Sendable {
    enum State: Sendable {
        /// Nothing read yet.
        case head
        /// The head is read; body bytes arrive (`bodyBytes` so far).
        case reading(bodyBytes: Int)
        /// The handler started and the access handler has not returned yet.
        case handling
        /// The handler answered before the access handler returned: queued without suspending.
        case answeredInline(HTTPResponse)
        /// The access handler is suspending the connection (`MHD_suspend_connection` not yet returned).
        case suspending
        /// The handler answered while the connection was being suspended: resumed once the suspension is done.
        case answeredWhileSuspending(HTTPResponse)
        /// Suspended until the handler answers.
        case suspended
        /// Resumed: the answer waits for libmicrohttpd's next call of the access handler.
        case resumed(HTTPResponse)
        /// An answer is queued, or the connection is being closed: nothing more happens.
        case done
    }

    /// What the daemon must do after a transition.
    enum Action: Sendable {
        /// Nothing: keep reading (or wait); the access handler returns `MHD_YES`.
        case none
        /// Reserve room for this many body bytes and keep reading.
        case readBody(reserve: Int)
        /// Answer now with the refusal the daemon holds (the connection closes after it).
        case refuse
        /// The body is over the limit: return `MHD_NO`, and libmicrohttpd closes the connection.
        case close
        /// Start the handler.
        case startHandler
        /// Call `MHD_suspend_connection`, then `suspensionDone()`.
        case suspend
        /// Call `MHD_resume_connection`.
        case resume
        /// Queue this answer (`MHD_queue_response`).
        case queue(HTTPResponse)
        /// An answer that is no longer wanted (shutdown answered first, or it came in a state where none can go).
        case drop
    }

    private(set) var state = State.head
    /// The most body bytes accepted.
    let maxBodyBytes: Int

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    /// The head is read. A declared length over the limit is refused before a byte of the body is read.
    mutating func headRead(declaredLength: Int?) -> Action {
        guard case .head = state else { return .none }
        if let declaredLength, declaredLength > maxBodyBytes {
            state = .done
            return .refuse
        }
        state = .reading(bodyBytes: 0)
        return .readBody(reserve: max(0, declaredLength ?? 0))
    }

    /// The daemon refuses the request on its head or body (a screen, a flaw in its target), before any handler.
    mutating func refused() -> Action {
        switch state {
        case .head, .reading:
            state = .done
            return .refuse
        default:
            return .none
        }
    }

    /// A chunk of `count` body bytes arrived; only while reading, and only within the limit.
    mutating func bodyChunk(count: Int) -> Action {
        guard case .reading(let bytes) = state else { return .close }
        guard count >= 0, count <= maxBodyBytes - bytes else {  // no overflow for any count
            state = .done
            return .close
        }
        state = .reading(bodyBytes: bytes + count)
        return .none
    }

    /// The body is complete (the access handler's call without data): the handler starts, unless `refused`.
    mutating func bodyComplete(refused: Bool) -> Action {
        guard case .reading = state else { return .none }
        if refused {
            state = .done
            return .refuse
        }
        state = .handling
        return .startHandler
    }

    /// The access handler is about to return after starting the handler: an answer already there is queued,
    /// otherwise the connection is suspended.
    mutating func handlerReturnedControl() -> Action {
        switch state {
        case .handling:
            state = .suspending
            return .suspend
        case .answeredInline(let response):
            state = .done
            return .queue(response)
        default:
            return .none
        }
    }

    /// `MHD_suspend_connection` returned: an answer that came meanwhile resumes the connection now.
    mutating func suspensionDone() -> Action {
        switch state {
        case .suspending:
            state = .suspended
            return .none
        case .answeredWhileSuspending(let response):
            state = .resumed(response)
            return .resume
        default:
            return .none
        }
    }

    /// The handler answered (on any thread).
    mutating func handlerAnswered(_ response: HTTPResponse) -> Action {
        switch state {
        case .handling:
            state = .answeredInline(response)
            return .none
        case .suspending:
            state = .answeredWhileSuspending(response)
            return .none
        case .suspended:
            state = .resumed(response)
            return .resume
        case .head, .reading, .answeredInline, .answeredWhileSuspending, .resumed, .done:
            return .drop
        }
    }

    /// libmicrohttpd called the access handler after the resume: the answer is queued.
    mutating func resumedCall() -> Action {
        guard case .resumed(let response) = state else { return .none }
        state = .done
        return .queue(response)
    }

    /// The server stops: a request waiting for its handler is answered with `response` (libmicrohttpd must not
    /// stop with a connection suspended); the handler's later answer is dropped. Requests still being read, or
    /// already answered, are left to libmicrohttpd.
    mutating func shutdown(answer response: HTTPResponse) -> Action {
        switch state {
        case .handling, .suspending, .suspended:
            return handlerAnswered(response)
        default:
            return .none
        }
    }

    /// Whether the head is still to be read (the access handler's first call).
    var awaitsHead: Bool {
        if case .head = state { true } else { false }
    }
}
