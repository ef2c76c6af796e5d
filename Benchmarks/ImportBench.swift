import Foundation
import PostTraceCore
import PostTraceStore

/// The import hot path without a database: PostTrace's byte-level NDJSON parser with full validation,
/// against Foundation's JSONDecoder decoding the same lines into `TrackingEvent` (which validates less).
enum ImportBench {
    @Sendable static func run(_ args: [String]) async throws {
        let items = Int(args.first ?? "") ?? 20_000
        let simulator = Simulator(seed: 1, now: 1_790_000_000)
        let lines = simulator.items(count: items).flatMap { $0.events.map { Array(ExchangeWriter.ndjson($0).utf8) } }
        var ok = 0
        let ours = measure {
            ok = 0
            for line in lines {
                if (try? line.withUnsafeBufferPointer { bytes throws(LineReject) in try ExchangeReader.event(ndjson: bytes, receivedAt: 0) }) != nil { ok += 1 }
            }
        }
        let decoder = JSONDecoder()
        var decoded = 0
        let peer = measure {
            decoded = 0
            for line in lines { if (try? decoder.decode(TrackingEvent.self, from: Data(line))) != nil { decoded += 1 } }
        }
        let n = Double(lines.count)
        print("## Import parsing (Benchmarks import)")
        print()
        print("\(lines.count) simulated NDJSON lines; \(ok) valid for PostTrace, \(decoded) decodable by JSONDecoder. Best of 3 runs.")
        print()
        print("| parser | lines/s | ratio |")
        print("|---|---|---|")
        print("| Foundation JSONDecoder → TrackingEvent (peer) | \(Int(n / peer)) | 1.00× |")
        print("| PostTrace NDJSON byte parser + full validation | \(Int(n / ours)) | \(String(format: "%.2f", peer / ours))× |")
    }

    /// Best wall time of three runs, in seconds.
    static func measure(_ body: () -> Void) -> Double {
        (0..<3).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.min()!
    }
}
