import Foundation
import Testing
import TestSupport

@Suite("posttrace track", .scratch)
struct TrackCLITests {
    let dir = cliTempDir()
    var db: String { dir.appendingPathComponent("t.db").path }

    func load() async throws {
        let csv = """
            number,code,time,office,office_name,city
            EE123456785CN,EMA,2026-03-01T09:10:00+08:00,CNPEKA,Beijing IMPC,Beijing
            EE123456785CN,EMD,2026-03-04T07:05:00+01:00,DEFRAA,Frankfurt IMPC,Frankfurt
            """
        let file = dir.appendingPathComponent("e.csv")
        try (csv + "\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try await CLI.launch(["import", file.path, "--db", db]).status == 0)
    }

    @Test("a stored item prints its timeline in the offices' own times; exit 0")
    func found() async throws {
        try await load()
        let run = try await CLI.launch(["track", "EE123456785CN", "--db", db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("EE123456785CN"))
        #expect(run.stdout.contains("2026-03-01 09:10 +08:00"))
        #expect(run.stdout.contains("2026-03-04 07:05 +01:00"))
        let json = try await CLI.launch(["track", "ee 123 456 785 cn", "--json", "--db", db])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["number"] as? String == "EE123456785CN")
        #expect((object?["events"] as? [Any])?.count == 2)
    }

    @Test("an unknown valid number exits 1, and names the stored number one slip away (CM typed for CN)")
    func notFound() async throws {
        try await load()
        let run = try await CLI.launch(["track", "EE000000005CN", "--db", db])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("did you mean"))
        let slip = try await CLI.launch(["track", "EE123456785CM", "--db", db])
        #expect(slip.status == 1)
        #expect(slip.stdout.contains("did you mean:\n    EE123456785CN  (has events)"))
    }

    @Test("an invalid number prints its error code and suggestions, the stored number first; exit 1")
    func invalid() async throws {
        try await load()
        let run = try await CLI.launch(["track", "EE123456784CN", "--db", db])
        #expect(run.status == 1)
        #expect(run.stdout.contains("check_digit"))
        let suggestions = run.stdout.split(separator: "\n").drop { !$0.contains("did you mean") }.dropFirst()
        #expect(suggestions.first?.contains("EE123456785CN") == true)
        #expect(suggestions.first?.contains("has events") == true)
    }

    @Test("usage errors: no number, bad --lang; zh-Hans output")
    func usage() async throws {
        #expect(try await CLI.launch(["track", "--db", db]).status == 64)
        #expect(try await CLI.launch(["track", "EE123456785CN", "--lang", "sv", "--db", db]).status == 64)
        try await load()
        let en = try await CLI.launch(["track", "EE123456785CN", "--db", db])
        let zh = try await CLI.launch(["track", "EE123456785CN", "--lang", "zh-Hans", "--db", db])
        #expect(zh.status == 0 && zh.stdout != en.stdout)
        #expect(zh.stdout.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
    }
}
