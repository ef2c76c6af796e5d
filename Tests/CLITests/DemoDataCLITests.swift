import Foundation
import Testing
import TestSupport

@Suite("posttrace demo-data", .scratch)
struct DemoDataCLITests {
    @Test("same seed, same output; NDJSON lines are JSON objects with the API's fields")
    func repeatableNDJSON() async throws {
        let a = try await CLI.launch(["demo-data", "--items", "50", "--seed", "3", "--now", "1790000000"])
        let b = try await CLI.launch(["demo-data", "--items", "50", "--seed", "3", "--now", "1790000000"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.count > 50)
        for line in lines.prefix(20) {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["number"] is String && object?["code"] is String && object?["time"] is String && object?["office"] is String)
        }
        let other = try await CLI.launch(["demo-data", "--items", "50", "--seed", "4", "--now", "1790000000"])
        #expect(other.stdout != a.stdout)
    }

    @Test("CSV has the documented header and the same events")
    func csv() async throws {
        let nd = try await CLI.launch(["demo-data", "--items", "20", "--seed", "9", "--now", "1790000000"])
        let csv = try await CLI.launch(["demo-data", "--items", "20", "--seed", "9", "--now", "1790000000", "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first == "number,code,time,office,office_name,city,country,reason,next_office,transport,source")
        #expect(lines.count - 1 == nd.stdout.split(separator: "\n").count)
    }

    @Test("usage errors: missing or bad --items, bad --format")
    func usage() async throws {
        #expect(try await CLI.launch(["demo-data"]).status == 64)
        #expect(try await CLI.launch(["demo-data", "--items", "0"]).status == 64)
        #expect(try await CLI.launch(["demo-data", "--items", "ten"]).status == 64)
        #expect(try await CLI.launch(["demo-data", "--items", "5", "--format", "xml"]).status == 64)
    }
}
