import Testing
@testable import PostTraceServer
import TestSupport

@Suite("webhook retry policy", .scratch)
struct WebhookRetryTests {
    let policy = DeliveryRetryPolicy.standard

    @Test("2xx is delivered at once")
    func success() {
        for status in [200, 201, 202, 204, 299] {
            var state = DeliveryAttempts()
            #expect(state.record(.response(status: status, retryAfter: nil), now: 100, jitter: 0.5) == .markDelivered)
            #expect(state.count == 1)
        }
    }

    @Test("5xx, 408, 429, time-outs and connection errors are retried with back-off")
    func retried() {
        let outcomes: [DeliveryOutcome] = [.response(status: 500, retryAfter: nil), .response(status: 503, retryAfter: nil),
                                           .response(status: 408, retryAfter: nil), .response(status: 429, retryAfter: nil),
                                           .timedOut, .connectionFailed("refused")]
        for outcome in outcomes {
            var state = DeliveryAttempts()
            guard case .retry(let at, let error) = state.record(outcome, now: 1000, jitter: 0) else {
                Issue.record("\(outcome) was not retried"); continue
            }
            #expect((1005...1010).contains(at), "first retry after 5–10 s")
            #expect(!error.isEmpty)
        }
    }

    @Test("other 4xx and 3xx are final: no retry")
    func final() {
        for status in [400, 401, 403, 404, 410, 413, 422, 301, 302, 307] {
            var state = DeliveryAttempts()
            guard case .markFailed(let error) = state.record(.response(status: status, retryAfter: nil), now: 0, jitter: 0.3) else {
                Issue.record("HTTP \(status) was retried"); continue
            }
            #expect(error.hasPrefix("HTTP \(status)"))
        }
    }

    @Test("a URL refused by the host policy fails at once with the reason")
    func refused() {
        var state = DeliveryAttempts()
        #expect(state.record(.refused("callback host denied"), now: 0, jitter: 0) == .markFailed(lastError: "callback host denied"))
    }

    @Test("delays double, stay within their jitter band and are capped")
    func backoff() {
        for attempts in 1...20 {
            let full = min(policy.firstDelay << Int64(attempts - 1), policy.maxDelay)
            let low = policy.backoff(afterAttempts: attempts, jitter: 0)
            let high = policy.backoff(afterAttempts: attempts, jitter: 0.999_999)
            #expect(low == full - full / 2)
            #expect(high <= full && high >= full - 1)
        }
        #expect(policy.backoff(afterAttempts: 10_000, jitter: 1) == policy.maxDelay)
        #expect(policy.backoff(afterAttempts: -3, jitter: -1) >= 1)
    }

    @Test("Retry-After in seconds or as an HTTP date is honoured")
    func retryAfter() {
        var a = DeliveryAttempts()
        #expect(a.record(.response(status: 429, retryAfter: "120"), now: 1000, jitter: 0) == .retry(at: 1120, lastError: "HTTP 429"))
        var b = DeliveryAttempts()
        // 1994-11-06T08:49:37Z is 784111777.
        let action = b.record(.response(status: 503, retryAfter: "Sun, 06 Nov 1994 08:49:37 GMT"), now: 784_111_700, jitter: 0)
        #expect(action == .retry(at: 784_111_777, lastError: "HTTP 503"))
        var c = DeliveryAttempts()
        guard case .retry(let at, _) = c.record(.response(status: 503, retryAfter: "soon"), now: 0, jitter: 0) else {
            Issue.record("not retried"); return
        }
        #expect(at == 5, "a malformed Retry-After falls back to the back-off")
    }

    @Test("a receiver that never answers is given up after 24 hours, with the last error")
    func givesUp() {
        var state = DeliveryAttempts()
        var now: Int64 = 50_000
        var attempts = 0
        while true {
            attempts += 1
            let action = state.record(.response(status: 502, retryAfter: nil), now: now, jitter: 0.5)
            if case .retry(let at, _) = action { #expect(at > now); now = at; continue }
            guard case .markFailed(let error) = action else { Issue.record("delivered?"); return }
            #expect(error.contains("HTTP 502"))
            #expect(error.contains("gave up after \(attempts) attempts"))
            break
        }
        #expect(now - 50_000 <= 86_400)
        #expect(now - 50_000 > 86_400 - 3600, "retries go on for nearly the whole day")
        #expect((20...60).contains(attempts))
    }

    @Test("a Retry-After beyond the 24-hour window ends the delivery instead of waiting")
    func retryAfterBeyondWindow() {
        var state = DeliveryAttempts(count: 3, firstAttemptAt: 0)
        guard case .markFailed = state.record(.response(status: 503, retryAfter: "999999999999"), now: 100, jitter: 0) else {
            Issue.record("kept waiting"); return
        }
    }

    @Test("Retry-After parsing", arguments: [
        ("0", Int64(0)), (" 7 ", 7), ("Thu, 01 Jan 1970 00:01:40 GMT", 0), ("Thu, 01 Jan 1970 00:03:20 GMT", 100),
    ])
    func retryAfterParsing(header: String, expected: Int64) {
        #expect(RetryAfter.delay(header: header, now: 100) == expected)
    }

    @Test("malformed Retry-After values are ignored", arguments: [
        "", "-5", "1.5", "tomorrow", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT", String(repeating: "9", count: 100),
    ])
    func malformedRetryAfter(header: String) {
        #expect(RetryAfter.delay(header: header, now: 0) == nil)
    }
}
