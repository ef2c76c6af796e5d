import Foundation
import Testing
import TestSupport

/// The API against its document: scripts/schemathesis.sh runs Schemathesis (pinned, in its own venv under
/// .build/) with every check over every operation but /wechat, against the built binary serving a demo store
/// with an admin key. `make fuzz` runs the long mode of the same script.
@Suite("openapi.json checked by Schemathesis against the built server", .scratch)
struct SchemathesisCLITests {
    @Test("the short run (about 20 examples per operation) reports no failure", .timeLimit(.minutes(10)))
    func shortRun() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/schemathesis.sh").path, "short"]
        var environment = ProcessInfo.processInfo.environment
        environment["POSTTRACE_BIN"] = CLI.binary.path
        process.environment = environment
        let output = Scratch.file("schemathesis", extension: "log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close(); try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try await offPool { process.waitUntilExit() }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "Schemathesis reported failures:\n\(text.suffix(20_000))")
        // The summary line, e.g. "735 generated, 735 passed, 4 skipped": cases were generated and all passed.
        let summary = text.split(separator: "\n").first { $0.contains(" generated, ") }.map(String.init) ?? ""
        let numbers = summary.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        #expect(numbers.count >= 2 && numbers[0] > 300 && numbers[0] == numbers[1], "summary: \(summary)")
    }
}
