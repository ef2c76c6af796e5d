import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Flooded items over HTTP", .scratch)
struct ScanLimitServerTests {
    @Test("ingestion past an item's bound is rejected by index with item_scan_limit, and its lookup shows only the bound")
    func flood() async throws {
        let s = try TestServer { $0.maxScansPerItem = 50 }
        let key = try await s.key(.ingest)
        let lines = (0..<120).map { i in
            #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:\#(String(format: "%02d", i % 60))+08:00","office":"CN\#(String(format: "%06d", i))"}"#
        }
        // A bad line in the middle keeps its own index and code.
        let body = (lines[..<60] + [#"{"number":"EE123456784CN"}"#] + lines[60...]).joined(separator: "\n")
        let r = try await s.post("/v1/events", body: body, type: "application/x-ndjson", headers: ["Authorization": "Bearer \(key)"])
        #expect(r.status == 200)
        let answer = try r.json()
        #expect(answer["accepted"] as? Int == 50)
        let rejected = try #require(answer["rejected"] as? [[String: Any]])
        #expect(rejected.count == 71)
        #expect(rejected.compactMap { $0["index"] as? Int } == Array(50...120))
        #expect(rejected.filter { $0["code"] as? String == "item_scan_limit" }.count == 70)
        #expect(rejected.first { $0["index"] as? Int == 60 }?["code"] as? String != "item_scan_limit")
        let lookup = try await s.get("/v1/trackings/EE123456785CN")
        #expect(lookup.status == 200)
        #expect((try lookup.json()["events"] as? [Any])?.count == 50)
        let metrics = try await s.get("/metrics")
        #expect(metrics.text.contains("posttrace_events_rejected_total 71\n"), "\(metrics.text)")
    }
}
