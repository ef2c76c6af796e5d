import Foundation
import Testing
@testable import PostTraceServer

@Suite("webhook sender over real HTTP")
struct WebhookSenderTests {
    let sender = URLSessionWebhookSender()

    @Test("a POST arrives with body and headers; the status and Retry-After come back")
    func roundTrip() async throws {
        let receiver = try WebhookReceiver { index, _ in index == 0 ? (503, [("Retry-After", "7")], 0) : (204, [], 0) }
        defer { receiver.stop() }
        let url = try #require(URL(string: receiver.url("/in?x=1")))
        let first = await sender.post(to: url, body: Array("{\"a\":1}".utf8), headers: [("X-Test", "yes")], timeout: 5)
        #expect(first == .response(status: 503, retryAfter: "7"))
        let second = await sender.post(to: url, body: [], headers: [], timeout: 5)
        #expect(second == .response(status: 204, retryAfter: nil))
        let got = receiver.requests
        #expect(got.count == 2)
        #expect(got[0].method == "POST" && got[0].path == "/in?x=1")
        #expect(got[0].body == Array("{\"a\":1}".utf8))
        #expect(got[0].headers["x-test"] == "yes")
    }

    @Test("redirects are reported, not followed")
    func redirect() async throws {
        let target = try WebhookReceiver()
        defer { target.stop() }
        let receiver = try WebhookReceiver { _, _ in (302, [("Location", target.url("/elsewhere"))], 0) }
        defer { receiver.stop() }
        let outcome = await sender.post(to: URL(string: receiver.url())!, body: [1], headers: [], timeout: 5)
        #expect(outcome == .response(status: 302, retryAfter: nil))
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.requests.isEmpty)
    }

    @Test("a closed port is a connection failure; a slow receiver is a time-out")
    func failures() async throws {
        let gone = try WebhookReceiver()
        let port = gone.port
        gone.stop()
        let refused = await sender.post(to: URL(string: "http://127.0.0.1:\(port)/x")!, body: [], headers: [], timeout: 5)
        guard case .connectionFailed = refused else { Issue.record("got \(refused)"); return }
        let slow = try WebhookReceiver { _, _ in (200, [], 3) }
        defer { slow.stop() }
        let outcome = await sender.post(to: URL(string: slow.url())!, body: [], headers: [], timeout: 1)
        #expect(outcome == .timedOut)
    }
}
