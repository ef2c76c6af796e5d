import Testing
@testable import PostTraceServer
import TestSupport
import PostTraceCore

/// The request lifecycle on its own, without sockets: every legal path, and transitions that cannot happen in a
/// state, which must change nothing that matters and never crash.
@Suite("Request lifecycle state machine", .scratch)
struct RequestLifecycleTests {
    typealias Action = RequestLifecycle.Action

    static let ok = HTTPResponse(status: 200, contentType: "text/plain", body: "ok")
    static let late = HTTPResponse(status: 201, contentType: "text/plain", body: "late")
    static let stopping = HTTPResponse(status: 503, contentType: "text/plain", body: "stopping")

    /// A lifecycle whose head and (empty) body are read and whose handler has started.
    static func started(limit: Int = 100) -> RequestLifecycle {
        var lifecycle = RequestLifecycle(maxBodyBytes: limit)
        _ = lifecycle.headRead(declaredLength: nil)
        _ = lifecycle.bodyComplete(refused: false)
        return lifecycle
    }

    @Test("a GET answered inline is queued without suspending the connection")
    func answeredInline() {
        var lifecycle = RequestLifecycle(maxBodyBytes: 100)
        #expect(lifecycle.awaitsHead)
        #expect(lifecycle.headRead(declaredLength: nil).label == "readBody(0)")
        #expect(!lifecycle.awaitsHead)
        #expect(lifecycle.bodyComplete(refused: false).label == "startHandler")
        #expect(lifecycle.handlerAnswered(Self.ok).label == "none")
        #expect(lifecycle.handlerReturnedControl().label == "queue(200)")
        #expect(lifecycle.state.label == "done")
    }

    @Test("a body read in chunks, the handler slower than the access handler: suspend, then resume, then queue")
    func suspendedThenResumed() {
        var lifecycle = RequestLifecycle(maxBodyBytes: 10)
        #expect(lifecycle.headRead(declaredLength: 10).label == "readBody(10)")
        #expect(lifecycle.bodyChunk(count: 4).label == "none")
        #expect(lifecycle.bodyChunk(count: 6).label == "none")
        #expect(lifecycle.state.label == "reading(10)")
        #expect(lifecycle.bodyComplete(refused: false).label == "startHandler")
        #expect(lifecycle.handlerReturnedControl().label == "suspend")
        #expect(lifecycle.suspensionDone().label == "none")
        #expect(lifecycle.state.label == "suspended")
        #expect(lifecycle.handlerAnswered(Self.ok).label == "resume")
        #expect(lifecycle.resumedCall().label == "queue(200)")
        #expect(lifecycle.state.label == "done")
    }

    @Test("an answer that comes while the connection is being suspended resumes it only once the suspension is done")
    func answeredWhileSuspending() {
        var lifecycle = Self.started()
        #expect(lifecycle.handlerReturnedControl().label == "suspend")
        #expect(lifecycle.handlerAnswered(Self.ok).label == "none")  // no resume before MHD_suspend_connection returned
        #expect(lifecycle.resumedCall().label == "none")
        #expect(lifecycle.suspensionDone().label == "resume")
        #expect(lifecycle.resumedCall().label == "queue(200)")
    }

    @Test("a declared body over the limit is refused on the head; nothing after it is read or started")
    func declaredTooLarge() {
        var lifecycle = RequestLifecycle(maxBodyBytes: 100)
        #expect(lifecycle.headRead(declaredLength: 101).label == "refuse")
        #expect(lifecycle.bodyChunk(count: 1).label == "close")
        #expect(lifecycle.bodyComplete(refused: false).label == "none")
        #expect(lifecycle.handlerAnswered(Self.ok).label == "drop")
        #expect(lifecycle.state.label == "done")
    }

    @Test("declared lengths at the limit, zero, negative or absent read the body, reserving only what fits")
    func declaredLengths() {
        for (declared, reserve) in [(100, 100), (0, 0), (-5, 0), (Int.min, 0)] as [(Int?, Int)] + [(nil, 0)] {
            var lifecycle = RequestLifecycle(maxBodyBytes: 100)
            #expect(lifecycle.headRead(declaredLength: declared).label == "readBody(\(reserve))")
        }
        var huge = RequestLifecycle(maxBodyBytes: 100)
        #expect(huge.headRead(declaredLength: Int.max).label == "refuse")
    }

    @Test("a refusal on the head (the screen) or at the end of the body (a flawed target) starts no handler")
    func refusals() {
        var screened = RequestLifecycle(maxBodyBytes: 100)
        _ = screened.headRead(declaredLength: 5)
        #expect(screened.refused().label == "refuse")
        #expect(screened.bodyChunk(count: 5).label == "close")
        #expect(screened.bodyComplete(refused: false).label == "none")
        var flawed = RequestLifecycle(maxBodyBytes: 100)
        _ = flawed.headRead(declaredLength: nil)
        #expect(flawed.bodyComplete(refused: true).label == "refuse")
        #expect(flawed.handlerReturnedControl().label == "none")
        #expect(flawed.state.label == "done")
        var running = Self.started()
        #expect(running.refused().label == "none")  // too late to refuse: the handler answers
        #expect(running.state.label == "handling")
    }

    @Test("body chunks past the limit close the connection; a zero-byte chunk is fine, a negative one is not")
    func chunkLimit() {
        var lifecycle = RequestLifecycle(maxBodyBytes: 10)
        _ = lifecycle.headRead(declaredLength: nil)  // chunked: no declared length
        #expect(lifecycle.bodyChunk(count: 10).label == "none")
        #expect(lifecycle.bodyChunk(count: 0).label == "none")
        #expect(lifecycle.bodyChunk(count: 1).label == "close")
        #expect(lifecycle.state.label == "done")
        var negative = RequestLifecycle(maxBodyBytes: 10)
        _ = negative.headRead(declaredLength: nil)
        #expect(negative.bodyChunk(count: -1).label == "close")
        var overflow = RequestLifecycle(maxBodyBytes: 10)
        _ = overflow.headRead(declaredLength: nil)
        _ = overflow.bodyChunk(count: 5)
        #expect(overflow.bodyChunk(count: Int.max).label == "close")
    }

    @Test("a body chunk after the handler started, or before the head, is refused and the handler still answers")
    func chunkOutOfPlace() {
        var lifecycle = Self.started()
        #expect(lifecycle.bodyChunk(count: 3).label == "close")
        #expect(lifecycle.state.label == "handling")
        #expect(lifecycle.handlerReturnedControl().label == "suspend")
        var early = RequestLifecycle(maxBodyBytes: 10)
        #expect(early.bodyChunk(count: 3).label == "close")
        #expect(early.awaitsHead)
    }

    @Test("after the answer went out, a resume, a second answer, a second head or shutdown do nothing")
    func afterCompletion() {
        var lifecycle = Self.started()
        _ = lifecycle.handlerAnswered(Self.ok)
        #expect(lifecycle.handlerReturnedControl().label == "queue(200)")
        #expect(lifecycle.handlerAnswered(Self.late).label == "drop")
        #expect(lifecycle.suspensionDone().label == "none")
        #expect(lifecycle.resumedCall().label == "none")
        #expect(lifecycle.handlerReturnedControl().label == "none")
        #expect(lifecycle.headRead(declaredLength: nil).label == "none")
        #expect(lifecycle.shutdown(answer: Self.stopping).label == "none")
        #expect(lifecycle.state.label == "done")
    }

    @Test("a second answer while the first waits to be queued is dropped, and the first one goes out")
    func secondAnswerDropped() {
        var inline = Self.started()
        _ = inline.handlerAnswered(Self.ok)
        #expect(inline.handlerAnswered(Self.late).label == "drop")
        #expect(inline.handlerReturnedControl().label == "queue(200)")
        var resumed = Self.started()
        _ = resumed.handlerReturnedControl()
        _ = resumed.suspensionDone()
        #expect(resumed.handlerAnswered(Self.ok).label == "resume")
        #expect(resumed.handlerAnswered(Self.late).label == "drop")  // no second resume
        #expect(resumed.resumedCall().label == "queue(200)")
    }

    @Test("shutdown answers a suspended request with its own answer; the handler's late one is dropped")
    func shutdownWhileSuspended() {
        var lifecycle = Self.started()
        _ = lifecycle.handlerReturnedControl()
        _ = lifecycle.suspensionDone()
        #expect(lifecycle.shutdown(answer: Self.stopping).label == "resume")
        #expect(lifecycle.handlerAnswered(Self.ok).label == "drop")
        #expect(lifecycle.shutdown(answer: Self.stopping).label == "none")
        #expect(lifecycle.resumedCall().label == "queue(503)")
    }

    @Test("shutdown during the suspension resumes after it; during reading it leaves the request to libmicrohttpd")
    func shutdownInOtherStates() {
        var suspending = Self.started()
        _ = suspending.handlerReturnedControl()
        #expect(suspending.shutdown(answer: Self.stopping).label == "none")
        #expect(suspending.suspensionDone().label == "resume")
        #expect(suspending.handlerAnswered(Self.ok).label == "drop")
        #expect(suspending.resumedCall().label == "queue(503)")
        var reading = RequestLifecycle(maxBodyBytes: 10)
        _ = reading.headRead(declaredLength: 4)
        #expect(reading.shutdown(answer: Self.stopping).label == "none")
        #expect(reading.state.label == "reading(0)")
        #expect(reading.handlerAnswered(Self.ok).label == "drop")  // no handler was started
        var head = RequestLifecycle(maxBodyBytes: 10)
        #expect(head.shutdown(answer: Self.stopping).label == "none")
        #expect(head.awaitsHead)
    }

    @Test("in any order of events, each suspension is resumed at most once and after it, and one answer goes out")
    func randomOrders() {
        var generator = SplitMix64(seed: 0x5EED)  // deterministic, so a failing order can be replayed
        for _ in 0..<5_000 {
            var lifecycle = RequestLifecycle(maxBodyBytes: 8)
            var suspends = 0, suspensionsDone = 0, resumes = 0, queued = 0
            for _ in 0..<12 {
                let action: Action
                switch generator.next() % 10 {
                case 0: action = lifecycle.headRead(declaredLength: Int(generator.next() % 12))
                case 1: action = lifecycle.bodyChunk(count: Int(generator.next() % 6))
                case 2: action = lifecycle.bodyComplete(refused: generator.next() % 5 == 0)
                case 3: action = lifecycle.refused()
                case 4: action = lifecycle.handlerReturnedControl()
                case 5:
                    // Only the thread that suspended reports the suspension done, once.
                    guard suspends > suspensionsDone else { continue }
                    suspensionsDone += 1
                    action = lifecycle.suspensionDone()
                case 6, 7: action = lifecycle.handlerAnswered(Self.ok)
                case 8: action = lifecycle.resumedCall()
                default: action = lifecycle.shutdown(answer: Self.stopping)
                }
                switch action {
                case .suspend: suspends += 1
                case .resume:
                    resumes += 1
                    #expect(resumes <= suspensionsDone, "a resume before MHD_suspend_connection returned")
                case .queue, .refuse: queued += 1
                default: break
                }
            }
            #expect(suspends <= 1 && resumes <= suspends && queued <= 1)
        }
    }
}

extension RequestLifecycle.Action {
    /// A comparable description: responses by status.
    var label: String {
        switch self {
        case .none: "none"
        case .readBody(let reserve): "readBody(\(reserve))"
        case .refuse: "refuse"
        case .close: "close"
        case .startHandler: "startHandler"
        case .suspend: "suspend"
        case .resume: "resume"
        case .queue(let response): "queue(\(response.status))"
        case .drop: "drop"
        }
    }
}

extension RequestLifecycle.State {
    /// A comparable description: responses by status.
    var label: String {
        switch self {
        case .head: "head"
        case .reading(let bytes): "reading(\(bytes))"
        case .handling: "handling"
        case .answeredInline(let response): "answeredInline(\(response.status))"
        case .suspending: "suspending"
        case .answeredWhileSuspending(let response): "answeredWhileSuspending(\(response.status))"
        case .suspended: "suspended"
        case .resumed(let response): "resumed(\(response.status))"
        case .done: "done"
        }
    }
}
