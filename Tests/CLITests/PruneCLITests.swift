import Foundation
import Testing
import TestSupport

@Suite("posttrace prune", .serialized, .scratch)
struct PruneCLITests {
    @Test("a dry run counts, a real run deletes what is older and keeps the rest; bad values are usage errors")
    func prune() async throws {
        let dir = cliTempDir()
        let db = dir.appendingPathComponent("p.db").path
        let now = Int(Date().timeIntervalSince1970)
        // Two scans from 400 days ago and one from yesterday, on three items.
        let lines = [("EE123456785CN", now - 400 * 86_400), ("RR123456785DE", now - 400 * 86_400), ("LP607427673CN", now - 86_400)].map { number, t in
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(t)))
            return #"{"number":"\#(number)","code":"EMA","time":"\#(time)","office":"CNPEKA"}"#
        }.joined(separator: "\n") + "\n"
        #expect(try await CLI.launch(["import", "--db", db, "-"], stdin: Data(lines.utf8)).status == 0)

        let dry = try await CLI.launch(["prune", "--older-than", "365", "--dry-run", "--db", db])
        #expect(dry.status == 0 && dry.stdout.hasPrefix("would prune 2 items (2 events) whose last scan is before"), "\(dry.stdout)\(dry.stderr)")
        #expect(try await CLI.launch(["track", "--db", db, "EE123456785CN"]).status == 0)
        let real = try await CLI.launch(["prune", "--older-than", "365", "--db", db])
        #expect(real.status == 0 && real.stdout.hasPrefix("pruned 2 items (2 events)"), "\(real.stdout)\(real.stderr)")
        #expect(try await CLI.launch(["track", "--db", db, "EE123456785CN"]).status == 1)
        #expect(try await CLI.launch(["track", "--db", db, "LP607427673CN"]).status == 0)

        for bad in [[], ["--older-than", "0"], ["--older-than", "-5"], ["--older-than", "a year"], ["--older-than", "36501"], ["--older-than", "30", "extra"]] {
            let run = try await CLI.launch(["prune", "--db", db] + bad)
            #expect(run.status == 64, "\(bad): \(run.stderr)")
        }
    }
}
