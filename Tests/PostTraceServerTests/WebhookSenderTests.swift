import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("webhook sender over real HTTP", .scratch)
struct WebhookSenderTests {
    let sender = CurlWebhookSender()

    @Test("a POST arrives with body and headers; the status and Retry-After come back")
    func roundTrip() async throws {
        let receiver = try WebhookReceiver { index, _ in index == 0 ? (503, [("Retry-After", "7")], 0) : (204, [], 0) }
        defer { receiver.stop() }
        let url = try #require(URL(string: receiver.url("/in?x=1")))
        let first = await sender.post(to: url, connectingTo: [], body: Array("{\"a\":1}".utf8), headers: [("X-Test", "yes")], timeout: 5)
        #expect(first == .response(status: 503, retryAfter: "7"))
        let second = await sender.post(to: url, connectingTo: [], body: [], headers: [], timeout: 5)
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
        let outcome = await sender.post(to: URL(string: receiver.url())!, connectingTo: [], body: [1], headers: [], timeout: 5)
        #expect(outcome == .response(status: 302, retryAfter: nil))
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.requests.isEmpty)
    }

    @Test("a closed port is a connection failure; a slow receiver is a time-out")
    func failures() async throws {
        let gone = try WebhookReceiver()
        let port = gone.port
        gone.stop()
        let refused = await sender.post(to: URL(string: "http://127.0.0.1:\(port)/x")!, connectingTo: [], body: [], headers: [], timeout: 5)
        guard case .connectionFailed = refused else { Issue.record("got \(refused)"); return }
        let slow = try WebhookReceiver { _, _ in (200, [], 3) }
        defer { slow.stop() }
        let outcome = await sender.post(to: URL(string: slow.url())!, connectingTo: [], body: [], headers: [], timeout: 1)
        #expect(outcome == .timedOut)
    }

    @Test("the connection goes to the checked addresses, never to a fresh lookup of the name (DNS rebinding)")
    func pinned() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        // A name no resolver knows reaches the receiver through its pinned address: no lookup happened.
        let invented = try #require(URL(string: "http://hooks.posttrace.invalid:\(receiver.port)/in"))
        let arrived = await sender.post(to: invented, connectingTo: [IPAddress("127.0.0.1")!], body: [1], headers: [], timeout: 5)
        #expect(arrived == .response(status: 200, retryAfter: nil))
        #expect(receiver.requests.first?.headers["host"] == "hooks.posttrace.invalid:\(receiver.port)")
        // localhost does resolve to the receiver, but pinned to an address where nothing listens, nothing arrives.
        let before = receiver.requests.count
        let local = try #require(URL(string: "http://localhost:\(receiver.port)/in"))
        let elsewhere = await sender.post(to: local, connectingTo: [IPAddress("127.0.0.2")!], body: [1], headers: [], timeout: 5)
        guard case .connectionFailed = elsewhere else { Issue.record("got \(elsewhere)"); return }
        #expect(receiver.requests.count == before)
    }

    @Test("libcurl's pin lists every checked address, IPv6 in brackets, with the scheme's default port")
    func resolveEntries() throws {
        let v4 = try #require(IPAddress("93.184.216.34")), v6 = try #require(IPAddress("2606:2800:220:1:248:1893:25c8:1946"))
        #expect(CurlWebhookSender.resolveEntry(URL(string: "https://Hooks.Example/x")!, [v4, v6])
                == "hooks.example:443:93.184.216.34,[2606:2800:220:1:248:1893:25c8:1946]")
        #expect(CurlWebhookSender.resolveEntry(URL(string: "http://hooks.example:8080/x")!, [v4]) == "hooks.example:8080:93.184.216.34")
        #expect(CurlWebhookSender.resolveEntry(URL(string: "http://hooks.example/x")!, []) == nil)
    }
}
