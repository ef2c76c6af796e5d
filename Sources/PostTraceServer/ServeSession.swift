import Dispatch
import Foundation
import PostTraceStore

/// `posttrace serve` as a library call: optional demo data, start, announce, run until SIGINT/SIGTERM,
/// then shut down gracefully (stop accepting, finish in-flight requests, close the store).
public enum ServeSession {
    /// Runs the server until a termination signal; `announce` receives the lines to print for people, and
    /// `listening` the base URL once bound (with the real port when configured with 0).
    /// With `temporaryAdminKey` (for a store that lives in memory, where `posttrace keys` cannot reach),
    /// an admin key is created and its secret announced, so ingestion can be tried.
    public static func run(configuration: ServerConfiguration, store: any TrackingStore & APIKeyStore, demo: Bool,
                           temporaryAdminKey: Bool = false, extraRoutes: [Route] = [], pageExamples: PageExamples? = nil,
                           extraMetrics: @escaping @Sendable () -> String = { "" },
                           listening: @Sendable (String) -> Void = { _ in },
                           announce: @Sendable (String) -> Void) async throws {
        var examples: DemoJourneys.Examples?
        if demo {
            if try await store.counts().items == 0 {
                examples = try await DemoJourneys.fill(store, now: Int64(Date().timeIntervalSince1970))
            } else {
                announce("demo: the store already holds items; nothing added")
            }
        }
        let signals = TerminationSignals()
        let server = try PostTraceServer(configuration: configuration, store: store, keyStore: store, extraRoutes: extraRoutes,
                                         extraMetrics: extraMetrics)
        let scheme = configuration.tls == nil ? "http" : "https"
        let base = "\(scheme)://\(configuration.host):\(server.port)"
        announce("posttrace: listening on \(base) (port \(server.port))")
        listening(base)
        if let examples {
            pageExamples?.showDemo(delivered: examples.delivered?.description, inCustoms: examples.inCustoms?.description,
                                   noRecord: examples.noRecord?.description)
            // People open the page; integrators want the API: show both for each example.
            announce("  web page:       \(base)/")
            for (label, number) in [("delivered", examples.delivered), ("in customs", examples.inCustoms), ("no record yet", examples.noRecord)] {
                if let number {
                    announce("  \((label + ":").padding(toLength: 15, withPad: " ", startingAt: 0)) \(base)/t/\(number)   (API: \(base)/v1/trackings/\(number))")
                }
            }
        }
        if temporaryAdminKey {
            let key = try await KeyRing(store: store).create(name: "temporary (memory store)", scope: .admin)
            announce("  admin key for this run (memory store): \(key.secret)")
        }
        let signal = await signals.next()
        announce("posttrace: \(signal), shutting down")
        await server.shutdown()
        announce("posttrace: stopped")
    }
}

/// SIGINT and SIGTERM as an async value; the default handlers are replaced so the process can shut down cleanly.
final class TerminationSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: String.self)
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let continuation = continuation
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            sources.append(source)
        }
    }

    func next() async -> String {
        for await name in stream { return name }
        return "end"
    }
}
