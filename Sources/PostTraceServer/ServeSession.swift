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
                           extraMetrics: @escaping @Sendable () -> String = { "" }, lanes: LaneBook = LaneBook(),
                           listening: @Sendable (String) -> Void = { _ in },
                           announce: @escaping @Sendable (String) -> Void) async throws {
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
                                         extraMetrics: extraMetrics, lanes: lanes)
        let refresher = Task(executorPreference: BackgroundThreads.executor) { await lanes.keepFresh(from: store, interval: configuration.laneRefresh,
                                                     now: { Int64(Date().timeIntervalSince1970) }, log: announce) }
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
        refresher.cancel()
        await server.shutdown()
        announce("posttrace: stopped")
    }
}

/// SIGINT and SIGTERM as an async value; the default handlers are replaced so the process can shut down cleanly.
///
/// A plain signal handler writes the signal's number into a pipe, and a thread reads it from there. A dispatch
/// signal source would be registered asynchronously, and a signal arriving before that (say, a supervisor
/// stopping the server just after starting it) would be ignored; the pipe keeps it until it is read.
final class TerminationSignals: @unchecked Sendable {
    // @unchecked: set up once in init; the stream is Sendable and the thread only reads the pipe.
    private let stream: AsyncStream<String>

    init() {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        self.stream = stream
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            continuation.finish()  // no pipe, no clean stop: the default handlers stay
            return
        }
        let readEnd = ends[0]
        signalPipeWriteEnd = ends[1]
        for number in [SIGINT, SIGTERM] { signal(number, writeSignalToPipe) }
        let reader = Thread {
            var number: UInt8 = 0
            while true {
                let n = read(readEnd, &number, 1)
                if n == 1 { continuation.yield(Int32(number) == SIGINT ? "SIGINT" : "SIGTERM") } else if n < 0, errno == EINTR { continue } else { break }
            }
        }
        reader.name = "posttrace-signals"
        reader.start()
    }

    func next() async -> String {
        for await name in stream { return name }
        return "end"
    }
}

/// Where the signal handler writes: set once, before the handler is installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Async-signal-safe: one write(2) of the signal's number.
private func writeSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}
