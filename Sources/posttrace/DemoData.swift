import Foundation
import PostTraceCore
import PostTraceStore

enum DemoDataCommand {
    static let command = Command(
        name: "demo-data",
        summary: "Write simulated events for trying PostTrace",
        help: """
            Usage: posttrace demo-data --items N [--seed S] [--format ndjson|csv] [--now SECONDS]

            Writes the simulator's events for N items to standard output, e.g.
              posttrace demo-data --items 10000 | posttrace import -

            Options:
              --items N          how many items (1 to 100,000,000)
              --seed S           makes the output repeatable (default 1)
              --format F         ndjson (default) or csv (with a header row)
              --now SECONDS      the simulated present, seconds since 1970 (default: now)
            """,
        run: run
    )

    @Sendable static func run(_ argv: [String]) async throws -> Int32 {
        let args = try Arguments(argv, options: ["items", "seed", "format", "now"], flags: [])
        guard args.positionals.isEmpty else { throw UsageError(message: "unexpected argument '\(args.positionals[0])'") }
        guard args.value("items") != nil else { throw UsageError(message: "--items N is required") }
        let items = try args.int("items", default: 0, in: 1...100_000_000)
        let seed = try args.int("seed", default: 1, in: 0...Int.max)
        let now = try args.int("now", default: Int(Date().timeIntervalSince1970), in: 0...Int(Int32.max) * 4)
        let format = ExchangeFormat(rawValue: (args.value("format") ?? "ndjson").lowercased())
        guard let format else { throw UsageError(message: "--format must be ndjson or csv") }
        let simulator = Simulator(seed: UInt64(seed), now: Int64(now))
        var out = OutputBuffer()
        if format == .csv { out.append(ExchangeWriter.csvHeader) }
        for item in simulator.items(count: items) {
            for event in item.events {
                out.append(format == .csv ? ExchangeWriter.csv(event) : ExchangeWriter.ndjson(event))
            }
            guard out.flushIfFull() else { return ExitCode.ioError }
        }
        return out.flush() ? ExitCode.ok : ExitCode.ioError
    }
}

/// Buffered lines on standard output; a write error (a closed pipe) stops the command with 74.
struct OutputBuffer {
    private var bytes: [UInt8] = []

    mutating func append(_ line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(10)
    }

    mutating func flushIfFull() -> Bool { bytes.count < 1 << 18 || flush() }

    mutating func flush() -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { printError("posttrace demo-data: cannot write: \(String(cString: strerror(errno)))"); return false }
            offset += n
        }
        bytes.removeAll(keepingCapacity: true)
        return true
    }
}
