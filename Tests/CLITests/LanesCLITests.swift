import Foundation
import Testing
import TestSupport

@Suite("posttrace lanes", .scratch)
struct LanesCLITests {
    let dir = cliTempDir()
    var db: String { dir.appendingPathComponent("t.db").path }

    /// Simulated history up to now in the store; returns the NDJSON lines imported.
    func load(items: Int = 3_000) async throws -> [[String: Any]] {
        let now = Int(Date().timeIntervalSince1970) / 60 * 60
        let data = try await CLI.launch(["demo-data", "--items", String(items), "--seed", "18", "--now", String(now)])
        #expect(data.status == 0)
        #expect(try await CLI.launch(["import", "-", "--db", db], stdin: Data(data.stdout.utf8)).status == 0)
        return data.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test("refresh prepares the table; track --json and plain track then carry the estimate; list names the lanes")
    func refreshThenTrack() async throws {
        let lines = try await load()
        let before = try await CLI.launch(["track", lines[0]["number"] as! String, "--json", "--db", db])
        let plain = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any]
        #expect(plain?["estimated_delivery"] is NSNull, "no table yet")
        let refresh = try await CLI.launch(["lanes", "refresh", "--db", db])
        #expect(refresh.status == 0)
        #expect(refresh.stdout.contains("items"))
        let list = try await CLI.launch(["lanes", "list", "--db", db])
        #expect(list.status == 0)
        #expect(list.stdout.contains("CN-"))
        // Items whose last scan is not a delivery: some of them get an estimate.
        var byNumber: [String: [String]] = [:]
        for line in lines { if let n = line["number"] as? String, let c = line["code"] as? String { byNumber[n, default: []].append(c) } }
        let open = byNumber.filter { !$0.value.contains("EMI") && !$0.value.contains("EXX") && !$0.value.contains("EDX") }.keys.sorted().prefix(60)
        var estimated = 0
        for number in open {
            let json = try await CLI.launch(["track", number, "--json", "--db", db])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            guard let e = object?["estimated_delivery"] as? [String: Any] else { continue }
            estimated += 1
            let text = try await CLI.launch(["track", number, "--db", db]).stdout
            #expect(text.contains("Expected "), "the plain output says it too")
            let zh = try await CLI.launch(["track", number, "--lang", "zh-Hans", "--db", db]).stdout
            #expect(zh.contains("预计"))
            #expect(e["basis"] is [String: Any])
        }
        #expect(estimated > 5, "\(estimated) of \(open.count)")
    }

    @Test("usage errors exit 64; a store that cannot be opened exits 74")
    func usage() async throws {
        #expect(try await CLI.launch(["lanes", "--db", db]).status == 64)
        #expect(try await CLI.launch(["lanes", "rebuild", "--db", db]).status == 64)
        #expect(try await CLI.launch(["lanes", "refresh", "list", "--db", db]).status == 64)
        #expect(try await CLI.launch(["lanes", "refresh", "--db", "/nonexistent/dir/x.db"]).status == 74)
    }
}
