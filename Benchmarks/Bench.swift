import Foundation

/// `make bench` entry point: `Benchmarks <suite> [options]`; each suite prints Markdown for BENCHMARKS.md.
@main
struct Bench {
    static let suites: [String: @Sendable ([String]) async throws -> Void] = [
        "s10": S10Bench.run,
        "timeline": TimelineBench.run,
        "import": ImportBench.run,
        "page": PageBench.run,
        "message": MessageBench.run,
        "message-dump": MessageDump.run,
        "webhook": WebhookBench.run,
        "lookup": LookupBench.run,
        "estimates": EstimateBench.run,
    ]

    static func main() async {
        let args = Array(CommandLine.arguments.dropFirst())
        guard let name = args.first, let suite = suites[name] else {
            FileHandle.standardError.write(Data("usage: Benchmarks <\(suites.keys.sorted().joined(separator: "|"))> [options]\n".utf8))
            exit(64)
        }
        do {
            try await suite(Array(args.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("benchmark \(name) failed: \(error)\n".utf8))
            exit(70)
        }
    }
}
