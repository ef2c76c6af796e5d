import PostTraceCore
import Foundation
import S10

/// S10 validation throughput. Driven by scripts/bench/10-s10.sh, which measures the Python peer and the
/// CLI on the same input files and passes their figures in, so this prints one Markdown section with ratios.
///
///     Benchmarks s10 write-inputs DIR COUNT      writes DIR/valid.txt and DIR/mixed.txt (fixed seed)
///     Benchmarks s10 alloc-probe FILE N          validates N inputs from FILE (for valgrind's allocation count)
///     Benchmarks s10 report DIR [--peer-any R] [--peer-s10 R] [--cli-valid R] [--cli-mixed R] [--allocs A]
enum S10Bench {
    @Sendable static func run(_ args: [String]) async throws {
        switch args.first {
        case "write-inputs":
            guard args.count == 3, let count = Int(args[2]) else { throw BenchUsage() }
            try writeInputs(directory: args[1], count: count)
        case "alloc-probe":
            guard args.count == 3, let n = Int(args[2]) else { throw BenchUsage() }
            let inputs = try lines(args[1])
            var valid = 0
            for i in 0..<n where S10.validate(inputs[i % inputs.count]).isValid { valid += 1 }
            print("validated \(n), valid \(valid)")
        case "report":
            guard args.count >= 2 else { throw BenchUsage() }
            try report(directory: args[1], options: options(Array(args.dropFirst(2))))
        default:
            throw BenchUsage()
        }
    }

    struct BenchUsage: Error, CustomStringConvertible {
        var description: String { "usage: Benchmarks s10 write-inputs DIR COUNT | alloc-probe FILE N | report DIR [--name value…]" }
    }

    /// Valid numbers of common services and countries, and the same with one in ten mistyped.
    static func writeInputs(directory: String, count: Int) throws {
        var rng = SplitMix64(seed: 0x5310)
        let indicators = ["EE", "EA", "RR", "RB", "CP", "LZ", "UA", "HA", "LP"]
        let countries = ["CN", "GB", "FR", "DE", "US", "IN", "JP", "NL", "RU", "BR", "AU", "ES"]
        var valid: [String] = [], mixed: [String] = []
        for i in 0..<count {
            let number = S10Number(serviceIndicator: indicators[Int(rng.next() % 9)], serial: UInt32(rng.next() % 100_000_000),
                                   countryCode: countries[Int(rng.next() % 12)])!
            valid.append(number.description)
            var bytes = number.utf8
            if i % 10 == 9 { bytes[2 + Int(rng.next() % 9)] = UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            mixed.append(String(decoding: bytes, as: UTF8.self))
        }
        try (valid.joined(separator: "\n") + "\n").write(toFile: directory + "/valid.txt", atomically: true, encoding: .utf8)
        try (mixed.joined(separator: "\n") + "\n").write(toFile: directory + "/mixed.txt", atomically: true, encoding: .utf8)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func options(_ args: [String]) -> [String: Double] {
        var out: [String: Double] = [:]
        var i = 0
        while i + 1 < args.count {
            if args[i].hasPrefix("--"), let v = Double(args[i + 1]) { out[String(args[i].dropFirst(2))] = v }
            i += 2
        }
        return out
    }

    /// Runs `body` over `inputs` for `rounds` rounds; validations per second (best of three).
    static func throughput(_ inputs: [String], rounds: Int, _ body: (String) -> Int) -> (perSecond: Double, sink: Int) {
        var best = 0.0, sink = 0
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds { for input in inputs { sink &+= body(input) } }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = max(best, Double(inputs.count * rounds) / seconds)
        }
        return (best, sink)
    }

    static func report(directory: String, options: [String: Double]) throws {
        let valid = try lines(directory + "/valid.txt"), mixed = try lines(directory + "/mixed.txt")
        let typos = mixed.filter { !S10.validate($0).isValid }
        let rounds = max(1, 10_000_000 / valid.count)
        let canonical = throughput(valid, rounds: rounds) { Int(truncatingIfNeeded: S10.validate($0).number?.storageKey ?? 0) }
        let mixedRun = throughput(mixed, rounds: max(1, rounds / 10)) { S10.validate($0).isValid ? 1 : 0 }
        let typoRun = throughput(Array(typos.prefix(20_000)), rounds: 1) { S10.validate($0).suggestions.count }
        let sms = (0..<2_000).map { "Your parcel \(valid[$0 % valid.count]) is held at customs, pay 1.99 at post-office.example " }.joined()
        let findStart = DispatchTime.now().uptimeNanoseconds
        let found = S10.find(in: sms).count
        let findSeconds = Double(DispatchTime.now().uptimeNanoseconds - findStart) / 1e9
        let sink = canonical.sink &+ mixedRun.sink &+ typoRun.sink &+ found

        let goal = 10_000_000.0
        print("## S10 validation (`S10.validate`, `posttrace validate`)")
        print()
        print("Inputs: \(valid.count) generated valid numbers (fixed seed) in `valid.txt`; `mixed.txt` is the same with one in ten mistyped. "
            + "Both sides read the same files. Swift figures are the best of three runs on one core.")
        print()
        print("| What | Figure | Goal | Peer (same run) | Ratio |")
        print("|---|---|---|---|---|")
        let peer = options["peer-s10"], peerAny = options["peer-any"]
        print("| `S10.validate`, canonical valid input | \(rate(canonical.perSecond)) | ≥ \(rate(goal)) | "
            + "\(peer.map(rate) ?? "not measured") (`tracking-numbers` 0.1.8, S10 definition) | \(peer.map { ratio(canonical.perSecond, $0) } ?? "–") |")
        print("| `S10.validate`, canonical valid input | \(rate(canonical.perSecond)) | ≥ 100× peer | "
            + "\(peerAny.map(rate) ?? "not measured") (`tracking_numbers.get_tracking_number`) | \(peerAny.map { ratio(canonical.perSecond, $0) } ?? "–") |")
        print("| `S10.validate`, mixed (10 % mistyped, errors + suggestions) | \(rate(mixedRun.perSecond)) | | | |")
        print("| `S10.validate`, mistyped only (errors + up to 30 suggestions) | \(rate(typoRun.perSecond)) | | | |")
        print("| `S10.find(in:)`, SMS-like text | \(String(format: "%.1f MB/s", Double(sms.utf8.count) / findSeconds / 1e6)) | | | |")
        if let lines = options["cli-valid"] {
            print("| `posttrace validate < valid.txt > /dev/null` | \(rate(lines, unit: "lines/s")) | ≥ 1.0 M lines/s | | |")
        }
        if let lines = options["cli-mixed"] {
            print("| `posttrace validate < mixed.txt > /dev/null` | \(rate(lines, unit: "lines/s")) | | | |")
        }
        if let allocs = options["allocs"] {
            print("| Heap allocations per canonical validation (heaptrack) | \(String(format: "%.3f", allocs)) | 0 | | |")
        }
        print()
        print("Python's `tracking-numbers` answers valid or `None`; PostTrace also explains every error and suggests corrections "
            + "(checksum \(UInt(bitPattern: sink) % 1000)).")
    }

    static func rate(_ perSecond: Double) -> String { rate(perSecond, unit: "validations/s") }

    static func rate(_ perSecond: Double, unit: String) -> String {
        perSecond >= 1e6 ? String(format: "%.2f M \(unit)", perSecond / 1e6) : String(format: "%.0f k \(unit)", perSecond / 1e3)
    }

    static func ratio(_ ours: Double, _ theirs: Double) -> String { String(format: "%.0f×", ours / theirs) }
}

