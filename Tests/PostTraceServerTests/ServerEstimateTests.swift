import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// Delivery estimates in API timelines and the lane statistics endpoints, over a real server and SQLite file.
@Suite("API: delivery estimates and lanes", .scratch)
struct ServerEstimateTests {
    /// A server whose store holds simulated history up to now, with the lane table prepared from it.
    static func server(items: Int = 4_000) async throws -> (TestServer, [SimulatedItem]) {
        let s = try TestServer()
        let now = Int64(Date().timeIntervalSince1970) / 60 * 60
        let simulated = Array(Simulator(seed: 18, now: now).items(count: items))
        _ = try await s.store.insert(simulated.flatMap(\.events))
        s.server.lanes.replace(try await s.store.refreshLaneTable(now: now))
        return (s, simulated)
    }

    @Test("a timeline carries exactly the estimated_delivery member, or null with a reason")
    func lookupCarriesTheEstimate() async throws {
        let (s, items) = try await Self.server()
        Scratch.atEnd { await s.server.shutdown() }
        var estimated = 0
        for item in items.prefix(400) where item.outcome == .inTransit || item.outcome == .inCustoms {
            let answer = try await s.get("/v1/trackings/\(item.number)")
            let json = try answer.json()
            guard let e = json["estimated_delivery"] as? [String: Any] else {
                #expect(json["estimated_delivery"] is NSNull)
                #expect(["too_little_history", "destination_unknown", "time_zone_unknown"].contains(json["estimated_delivery_reason"] as? String ?? ""))
                continue
            }
            estimated += 1
            #expect(json["estimated_delivery_reason"] == nil)
            #expect(Set(e.keys) == ["earliest", "latest", "most_likely", "confidence", "basis"])
            let basis = try #require(e["basis"] as? [String: Any])
            #expect(Set(basis.keys) == ["lane", "service", "stage", "items", "level"])
            #expect((basis["items"] as? Int ?? 0) >= LaneTable.minimumItems)
            // What the interval holds, to the nearest 0.05, written as such (0.85, never 0.8500000000000001).
            let confidence = try #require(e["confidence"] as? Double)
            #expect((0.5...0.9).contains(confidence) && abs((confidence * 20).rounded() - confidence * 20) < 1e-9, "\(confidence)")
            #expect(answer.text.contains("\"confidence\":\(confidence),"), "\(answer.text)")
            let dates = try ["earliest", "latest", "most_likely"].map { try #require(e[$0] as? String) }
            #expect(dates.allSatisfy { $0.count == 10 && LocalTime(rfc3339: $0 + "T00:00:00Z") != nil })
            #expect(dates[0] <= dates[2] && dates[2] <= dates[1])
        }
        #expect(estimated > 20, "\(estimated) items in flight got an estimate")
        let delivered = try #require(items.first { $0.outcome == .delivered })
        let json = try await s.get("/v1/trackings/\(delivered.number)").json()
        #expect(json["estimated_delivery"] is NSNull)
        #expect(json["estimated_delivery_reason"] as? String == "delivered")
        // The batch's timelines carry the same member.
        let results = try await s.batch([delivered.number.description])
        let timeline = try #require(results.first?["timeline"] as? [String: Any])
        #expect(timeline["estimated_delivery_reason"] as? String == "delivered")
    }

    @Test("the ETag changes when a refresh changes the estimate in the body")
    func etagFollowsTheEstimate() async throws {
        let (s, items) = try await Self.server()
        Scratch.atEnd { await s.server.shutdown() }
        var checked = false
        for item in items where item.outcome == .inTransit || item.outcome == .inCustoms {
            let before = try await s.get("/v1/trackings/\(item.number)")
            guard (try before.json()["estimated_delivery"] as? [String: Any]) != nil, let tag = before.headers["etag"] else { continue }
            let table = s.server.lanes.current
            s.server.lanes.replace(.empty)
            let after = try await s.get("/v1/trackings/\(item.number)", headers: ["If-None-Match": tag])
            #expect(after.status == 200, "a body without the estimate is not the one the client holds")
            #expect(after.headers["etag"] != tag)
            s.server.lanes.replace(table)
            #expect(try await s.get("/v1/trackings/\(item.number)", headers: ["If-None-Match": tag]).status == 304)
            checked = true
            break
        }
        #expect(checked)
    }

    @Test("GET /v1/lanes lists lanes; one lane answers per service; hostile lanes and services are 422, unknown ones 404")
    func laneEndpoints() async throws {
        let (s, _) = try await Self.server(items: 2_000)
        Scratch.atEnd { await s.server.shutdown() }
        let list = try await s.get("/v1/lanes")
        #expect(list.status == 200)
        let lanes = try #require(try list.json()["lanes"] as? [[String: Any]])
        #expect(!lanes.isEmpty)
        let busiest = try #require(lanes.max { ($0["items"] as? Int ?? 0) < ($1["items"] as? Int ?? 0) })
        let lane = try #require(busiest["lane"] as? String)
        let service = try #require((busiest["services"] as? [String])?.first)
        let one = try await s.get("/v1/lanes/\(lane)?service=\(service)")
        #expect(one.status == 200)
        let body = try one.json()
        #expect(body["lane"] as? String == lane && body["service"] as? String == service)
        for key in ["items", "delivered", "delivered_share", "transit_days", "stages", "held_share", "hold_days", "trend", "built_at"] {
            #expect(body.keys.contains(key), "\(key)")
        }
        #expect((body["trend"] as? [Any])?.count == 8)
        let all = try await s.get("/v1/lanes/\(lane)").json()
        #expect(all["service"] is NSNull)
        #expect(all["items"] as? Int == busiest["items"] as? Int)
        // A control character is refused before routing, as on every path.
        #expect(try await s.get("/v1/lanes/C%01-US").status == 400)
        for bad in ["cn-us", "CN-CN", "XX-US", "CN_US", "CN-US%20", "%E4%B8%AD-US", String(repeating: "A", count: 3000)] {
            let r = try await s.get("/v1/lanes/\(bad)")
            #expect(r.status == 422, "\(bad.prefix(20))")
            #expect(r.headers["content-type"] == "application/problem+json")
        }
        for bad in ["EE", "", "1", "%C3%A9", "E&service=C"] {
            let r = try await s.get("/v1/lanes/\(lane)?service=\(bad)")
            #expect(r.status == 422, "service=\(bad)")
            #expect(try r.json()["type"] as? String == "https://posttrace.org/problems/invalid-service")
        }
        let unknown = try await s.get("/v1/lanes/AQ-BV")
        #expect(unknown.status == 404)
        #expect(try unknown.json()["type"] as? String == "https://posttrace.org/problems/lane-not-found")
    }
}
