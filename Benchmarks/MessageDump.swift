import Foundation
import MessageCheck
import S10

/// `Benchmarks message-dump [--fixtures DIR] [--generated N] [--seed S]`: every corpus message (held-out, tuning,
/// `corpus.jsonl`), the fuzz seeds and N generated hostile messages, each checked and printed as one JSON line
/// (the API's JSON answer, then each language's summary and explanations as `text(in:)` reads them). Two builds
/// whose dumps are byte-identical give identical verdicts, scores, signals, spans and texts in every language.
enum MessageDump {
    @Sendable static func run(_ args: [String]) async throws {
        var fixtures = MessageBench.root, generated = 3000, seed: UInt64 = 15
        var i = 0
        while i + 1 < args.count {
            switch args[i] {
            case "--fixtures": fixtures = args[i + 1]
            case "--generated": generated = Int(args[i + 1]) ?? generated
            case "--seed": seed = UInt64(args[i + 1]) ?? seed
            default: break
            }
            i += 2
        }
        let corpus = try MessageBench.load(folder: fixtures + "/heldout") + MessageBench.load(folder: fixtures + "/tuning")
            + MessageBench.load(file: fixtures + "/corpus.jsonl")
        var inputs = corpus.map { ($0.id, $0.text) }
        let seeds = "Fuzz/Corpus/message-check"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: seeds))?.sorted() ?? [] {
            let data = try Data(contentsOf: URL(fileURLWithPath: seeds + "/" + name))
            inputs.append(("seed/" + name, String(decoding: data, as: UTF8.self)))
        }
        for (n, text) in HostileMessages.make(count: generated, seed: seed, fragments: corpus.map(\.text)).enumerated() {
            inputs.append(("generated/\(n)", text))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (id, text) in inputs {
            var line: [String: String] = ["id": id]
            let result: MessageCheckResult
            do throws(MessageCheckError) { result = try MessageChecker.shipped.check(text) } catch {
                line["error"] = error.code + ": " + error.message
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
                continue
            }
            do {
                line["json"] = String(decoding: try encoder.encode(result), as: UTF8.self)
                var read: [String] = []
                for language in Language.allCases {
                    read.append(language.rawValue + ": " + result.summary.text(in: language))
                    for signal in result.signals { read.append(signal.explanation.text(in: language)) }
                }
                line["read"] = read.joined(separator: "\n")
            }
            print(String(decoding: try encoder.encode(line), as: UTF8.self))
        }
    }
}
