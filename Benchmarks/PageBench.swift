import Foundation
import PostTraceCore
import PostTraceServer
import PostTraceStore
import S10

/// The web page's server time: `/t/{number}` for a 30-event timeline, against the JSON API body of
/// the same timeline (Foundation's JSONEncoder) measured in the same run.
enum PageBench {
    @Sendable static func run(_ args: [String]) async throws {
        let iterations = args.firstIndex(of: "--iterations").flatMap { Int(args[$0 + 1]) } ?? 3000
        let number = S10Number("EE123456785CN")!
        let store = InMemoryStore()
        _ = try await store.insert(events(number, count: 30))
        let now = Int64(1_773_100_800)
        let routes = PageRoutes.routes(store: store, now: { now })
        guard let page = routes.first(where: { $0.name == "page.number" }) else { throw BenchError.noRoute }
        var request = HTTPRequest(method: "GET", path: "/t/\(number)", headers: ["accept-language": "en"])
        request.pathParameters = ["number": number.description]
        let timeline = Timeline(number: number, events: try await store.events(for: number), language: .en, now: now)
        let encoder = JSONEncoder()

        var bytes = 0
        let handler = try await measure(iterations) { bytes = (await page.handler(request)).body.count }
        let render = try await measure(iterations) { _ = PageRoutes.renderPage(timeline) }
        let zh = Timeline(number: number, events: timeline.events, language: .zhHans, now: now)
        let renderZh = try await measure(iterations) { _ = PageRoutes.renderPage(zh) }
        let feed = try await measure(iterations) { _ = PageRoutes.renderFeed(timeline, now: now) }
        let json = try await measure(iterations) { _ = try encoder.encode(timeline) }

        print("## Web page (issue 7)")
        print()
        print("Server time to render a parcel page with a 30-event timeline, \(iterations) iterations each after a warm-up; "
            + "page size \(bytes / 1024) KiB. Peer: Foundation's JSONEncoder encoding the same `Timeline` (the API's body), same run.")
        print()
        print("| What | µs per request | per second |")
        print("|---|---:|---:|")
        row("`GET /t/{number}` handler (store read, timeline, HTML), English", handler)
        row("HTML render only, English", render)
        row("HTML render only, Chinese", renderZh)
        row("Atom feed, 30 entries", feed)
        row("Peer: JSONEncoder, same timeline", json)
        print()
        let verdict = handler <= 1000 ? "met" : "NOT met"
        print(String(format: "Goal ≤ 1 ms of server time per page: %@ (%.0f µs). Page handler / JSON peer: %.2f×.",
                     verdict, handler, handler / json))
    }

    enum BenchError: Error { case noRoute }

    /// Mean µs per call over `n` calls, after `n / 10` warm-up calls.
    static func measure(_ n: Int, _ body: () async throws -> Void) async throws -> Double {
        for _ in 0..<max(1, n / 10) { try await body() }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { try await body() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n) / 1000
    }

    static func row(_ what: String, _ micros: Double) {
        print(String(format: "| %@ | %.1f | %.0f |", what, micros, 1_000_000 / micros))
    }

    /// A journey of `count` scans alternating between a Chinese and a German office.
    static func events(_ number: S10Number, count: Int) -> [TrackingEvent] {
        let codes = EventCode.allKnown
        return (0..<count).map { i in
            let german = i >= count / 2
            let office = german ? Office(code: "DEFRAA", name: "Frankfurt International Mail Centre", city: "Frankfurt")
                                : Office(code: "CNBJSA", name: "Beijing International Mail Centre", city: "Beijing")
            let time = LocalTime(epochSeconds: 1_772_327_400 + Int64(i) * 5400, utcOffsetSeconds: german ? 3600 : 28800)!
            return TrackingEvent(number: number, code: codes[i % codes.count], time: time, office: office)
        }
    }
}
