import Foundation
import PostTraceCore
import PostTraceStore
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("HTTP API over a real server", .scratch)
struct ServerAPITests {
    @Test("a known number typed loosely answers 200 with the timeline under the canonical number")
    func lookUpFound() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let r = try await s.get("/v1/trackings/ee%20123%20456%20785%20cn")
        #expect(r.status == 200)
        #expect(r.headers["content-type"] == "application/json")
        let body = try r.json()
        #expect(body["number"] as? String == n.description)
        #expect((body["events"] as? [Any])?.count == 3)
        // Full-width characters are read too.
        let wide = "ＥＥ１２３４５６７８５ＣＮ".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
        #expect(try await s.get("/v1/trackings/\(wide)").status == 200)
    }

    @Test("an invalid number answers 422 with codes, messages and suggestions, known numbers first")
    func lookUpInvalid() async throws {
        let s = try TestServer()
        _ = try await s.seed("EE123456785CN")
        let r = try await s.get("/v1/trackings/EE123456784CN")
        #expect(r.status == 422)
        #expect(r.headers["content-type"] == "application/problem+json")
        let body = try r.json()
        #expect(body["type"] as? String == "https://posttrace.org/problems/invalid-number")
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "check_digit")
        let suggestions = try #require(body["suggestions"] as? [[String: Any]])
        #expect(suggestions.first?["number"] as? String == "EE123456785CN")
        #expect(suggestions.first?["known"] as? Bool == true)
        let short = try await s.get("/v1/trackings/EE1234?lang=zh").json()
        #expect((short["errors"] as? [[String: Any]])?.first?["code"] as? String == "length")
        #expect((short["detail"] as? String)?.contains("13 位") == true)
    }

    @Test("a valid number without events answers 404 with the explanation and how to subscribe")
    func lookUpNoRecord() async throws {
        let s = try TestServer()
        let r = try await s.get("/v1/trackings/RR999999987CN", headers: ["Accept-Language": "zh-CN,zh;q=0.9"])
        #expect(r.status == 404)
        let body = try r.json()
        #expect(body["type"] as? String == "https://posttrace.org/problems/no-record-yet")
        #expect((body["detail"] as? String)?.contains("24至48小时") == true)
        #expect((body["subscribe"] as? [String: Any])?["feed"] as? String == "/t/RR999999987CN/feed.atom")
        #expect(try await s.get("/v1/trackings/RR999999987CN").json()["detail"].map { "\($0)" }?.contains("24–48 hours") == true)
    }

    @Test("a valid number without events names the near numbers the store has: CM typed for CN")
    func lookUpNoRecordNearby() async throws {
        let s = try TestServer()
        _ = try await s.seed("EE123456785CN")
        let r = try await s.get("/v1/trackings/EE123456785CM")  // Cameroon: valid, and one key from N
        #expect(r.status == 404)
        let body = try r.json()
        let suggestions = try #require(body["suggestions"] as? [[String: Any]])
        #expect(suggestions.count == 1)
        #expect(suggestions.first?["number"] as? String == "EE123456785CN" && suggestions.first?["known"] as? Bool == true)
        #expect((body["detail"] as? String)?.hasSuffix("There are records for EE123456785CN, one typing slip away: is that the number you meant?") == true)
        let zh = try await s.get("/v1/trackings/EE123456785CM?lang=zh-Hans").json()
        #expect((zh["detail"] as? String)?.contains("号码 EE123456785CN 与此只差一处输入") == true)
        // Nothing near: the list is there, empty, and the detail says nothing more.
        let alone = try await s.get("/v1/trackings/RR999999987CN").json()
        #expect((alone["suggestions"] as? [Any])?.isEmpty == true)
        #expect((alone["detail"] as? String)?.contains("There are records") == false)
    }

    @Test("every $ref in openapi.json points at a component that exists")
    func openAPIReferences() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
        let components = try #require(document["components"] as? [String: [String: Any]])
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(references.count > 10)
        for ref in references {
            let parts = ref.split(separator: "/").map(String.init)  // "#", "components", kind, name
            #expect(parts.count == 4 && parts[0] == "#" && parts[1] == "components" && components[parts[2]]?[parts[3]] != nil, "\(ref)")
        }
    }

    @Test("batch answers one result per number, in order")
    func batch() async throws {
        let s = try TestServer()
        _ = try await s.seed("EE123456785CN")
        let results = try await s.batch(["RR999999987CN", "nonsense", "ee123456785cn"])
        #expect(results.map { $0["result"] as? String } == ["no_record", "invalid", "found"])
        #expect(results[2]["number"] as? String == "EE123456785CN")
        #expect((results[0]["suggestions"] as? [Any])?.isEmpty == true)
        let tooMany = "{\"numbers\":[" + Array(repeating: "\"EE123456785CN\"", count: 101).joined(separator: ",") + "]}"
        #expect(try await s.post("/v1/trackings/batch", body: tooMany).status == 422)
        #expect(try await s.post("/v1/trackings/batch", body: "{}", type: "text/plain").status == 415)
        let malformed = try await s.post("/v1/trackings/batch", body: "{\"numbers\": [\n  \"A\",, ]}")
        #expect(malformed.status == 400)
        #expect(try malformed.json()["line"] as? Int == 2)
    }

    @Test("every answer carries an X-Request-Id: a proxy's well-formed one, else a fresh one")
    func requestIDs() async throws {
        let s = try TestServer()
        let a = try #require(try await s.get("/healthz").headers["x-request-id"])
        let b = try #require(try await s.get("/v1/trackings/nonsense").headers["x-request-id"])
        #expect(a != b)
        #expect([a, b].allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
        #expect(try await s.get("/healthz", headers: ["X-Request-Id": "lb-7f3a.2_x"]).headers["x-request-id"] == "lb-7f3a.2_x")
        for hostile in [String(repeating: "a", count: 65), "a b", "<script>", "id\"quoted", "ünï", "a,b"] {
            let given = try await s.get("/healthz", headers: ["X-Request-Id": hostile]).headers["x-request-id"]
            #expect(given != hostile && given?.count == 16, "\(hostile)")
        }
    }

    @Test("batch names the neighbours with records of a number without any, in its language (CM typed for CN)")
    func batchNeighbours() async throws {
        let s = try TestServer()
        _ = try await s.seed("EE123456785CN")
        let results = try await s.batch(["EE123456785CM", "RR999999987CN", "EE123456785CN"], query: "?lang=zh")
        #expect(results.map { $0["result"] as? String } == ["no_record", "no_record", "found"])
        let suggestions = try #require(results[0]["suggestions"] as? [[String: Any]])
        #expect(suggestions.map { $0["number"] as? String } == ["EE123456785CN"])
        #expect(suggestions.first?["known"] as? Bool == true)
        #expect((results[0]["detail"] as? String)?.contains("您要查的是否是它") == true)
        // A number far from anything stored gets the plain explanation and no suggestion.
        #expect((results[1]["suggestions"] as? [Any])?.isEmpty == true)
        #expect((results[1]["detail"] as? String)?.contains("EE123456785CN") == false)
    }

    @Test("ingestion needs an ingest key, reports rejects by index and stores before answering")
    func ingest() async throws {
        let s = try TestServer()
        let line = #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}"#
        let bad = #"{"number":"EE123456784CN","code":"EMA","time":"2026-03-03T09:10:00+08:00","office":"CNPEKA"}"#
        let noTime = #"{"number":"EE123456785CN","code":"EMB","office":"CNPEKA"}"#
        let body = [line, bad, "{oops", noTime, line].joined(separator: "\n")
        #expect(try await s.post("/v1/events", body: body, type: "application/x-ndjson").status == 401)
        let reader = try await s.key(.read)
        #expect(try await s.post("/v1/events", body: body, type: "application/x-ndjson", headers: ["Authorization": "Bearer \(reader)"]).status == 403)
        #expect(try await s.post("/v1/events", body: body, type: "application/x-ndjson", headers: ["Authorization": "Bearer pt_wrong"]).status == 401)
        let ingest = try await s.key(.ingest)
        let r = try await s.post("/v1/events", body: body, type: "application/x-ndjson", headers: ["Authorization": "Bearer \(ingest)"])
        #expect(r.status == 200)
        let result = try r.json()
        #expect(result["accepted"] as? Int == 1)
        #expect(result["duplicates"] as? Int == 1)
        let rejected = try #require(result["rejected"] as? [[String: Any]])
        #expect(rejected.map { $0["index"] as? Int } == [1, 2, 3])
        // The same reject codes as `posttrace import`.
        let codes = rejected.map { $0["code"] as? String ?? "" }
        #expect(codes.count == 3 && !codes[0].isEmpty && codes[1] == "bad_json" && codes[2] == "missing_field")
        #expect(rejected.allSatisfy { !($0["message"] as? String ?? "").isEmpty })
        #expect(try await s.store.counts().events == 1)
        let array = try await s.post("/v1/events", body: "[\(line), 5]", headers: ["Authorization": "Bearer \(ingest)"])
        #expect(try array.json()["duplicates"] as? Int == 1)
        #expect((try array.json()["rejected"] as? [[String: Any]])?.first?["code"] as? String == "bad_json")
        let brokenArray = try await s.post("/v1/events", body: "[\(line),\n {", headers: ["Authorization": "Bearer \(ingest)"])
        #expect(brokenArray.status == 400)
        #expect(try brokenArray.json()["line"] as? Int == 2)
        let many = "[" + Array(repeating: line, count: 10_001).joined(separator: ",") + "]"
        #expect(try await s.post("/v1/events", body: many, headers: ["Authorization": "Bearer \(ingest)"]).status == 413)
        #expect(try await s.post("/v1/events", body: line, type: "text/csv", headers: ["Authorization": "Bearer \(ingest)"]).status == 415)
        let metrics = try await s.get("/metrics").text
        #expect(metrics.contains("posttrace_events_ingested_total 1"))
    }

    @Test("health, readiness, metrics and the OpenAPI document")
    func service() async throws {
        let s = try TestServer()
        _ = try await s.get("/v1/trackings/RR999999987CN")
        let health = try await s.get("/healthz")
        #expect(health.status == 200 && health.text == #"{"status":"ok"}"# && health.headers["content-type"] == "application/json")
        #expect(try await s.get("/readyz").status == 200)
        let metrics = try await s.get("/metrics")
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains(#"posttrace_http_requests_total{route="tracking.get",status="404"} 1"#))
        // The SQLite store keeps subscriptions, so the webhook backlog is reported (empty here).
        #expect(metrics.text.contains("posttrace_webhook_deliveries_pending 0\n"))
        #expect(metrics.text.contains("posttrace_webhook_oldest_pending_seconds 0\n"))
        #expect(metrics.text.contains(#"posttrace_build_info{version="\#(PostTraceVersion.current)",sqlite="#))
        #expect(metrics.text.contains(#",libmicrohttpd="0.9."#) && metrics.text.contains("} 1\n"))
        // One latency histogram per route, cumulative buckets ending in +Inf = count.
        let lines = metrics.text.split(separator: "\n").map(String.init)
        for route in ["tracking.get", "healthz", "readyz"] {
            let buckets = lines.filter { $0.hasPrefix("posttrace_http_request_duration_seconds_bucket{route=\"\(route)\",") }
            let counts = buckets.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
            #expect(buckets.count == 13 && buckets.last?.contains(#"le="+Inf""#) == true, "\(route)")
            #expect(counts == counts.sorted() && counts.last == 1, "\(route): \(counts)")
            #expect(lines.contains("posttrace_http_request_duration_seconds_count{route=\"\(route)\"} 1"))
        }
        #expect(metrics.text.contains("posttrace_items_stored 0"))
        let served = try await s.get("/openapi.json")
        #expect(served.body == Array(try Data(contentsOf: openAPIFile)))
        #expect(try served.json()["openapi"] as? String == "3.1.0")
        await s.store.close()
        #expect(try await s.get("/readyz").status == 503)
        let down = try await s.get("/v1/trackings/RR999999987CN")
        #expect(down.status == 503)
        #expect(!down.text.contains("closed"))  // no internal error text leaks
        await s.server.shutdown()
    }

    @Test("unknown paths 404, wrong methods 405 with Allow, security headers everywhere, CORS off by default")
    func routingAndHeaders() async throws {
        let s = try TestServer()
        let missing = try await s.get("/nope", headers: ["Origin": "https://shop.example"])
        #expect(missing.status == 404)
        #expect(missing.headers["x-content-type-options"] == "nosniff")
        #expect(missing.headers["content-security-policy"] != nil)
        #expect(missing.headers["referrer-policy"] == "no-referrer")
        #expect(missing.headers["access-control-allow-origin"] == nil)
        let wrong = try await s.post("/healthz", body: "")
        #expect(wrong.status == 405)
        #expect(wrong.headers["allow"] == "GET, HEAD, OPTIONS")
    }

    @Test("CORS answers only configured origins")
    func cors() async throws {
        let s = try TestServer { $0.corsOrigins = ["https://shop.example"] }
        #expect(try await s.get("/healthz", headers: ["Origin": "https://shop.example"]).headers["access-control-allow-origin"] == "https://shop.example")
        #expect(try await s.get("/healthz", headers: ["Origin": "https://evil.example"]).headers["access-control-allow-origin"] == nil)
        let preflight = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("OPTIONS", "/v1/events", headers: [
            "Origin": "https://shop.example", "Access-Control-Request-Method": "POST"]))
        #expect(preflight.status == 204)
        #expect(preflight.headers["access-control-allow-methods"]?.contains("POST") == true)
    }
}

@Suite("Connection handling", .scratch)
struct ConnectionTests {
    @Test("keep-alive: several requests are answered on one connection")
    func keepAlive() async throws {
        let s = try TestServer()
        let statuses = try await offPool { () throws -> [Int] in
            let fd = try RawHTTP.connect(port: s.port)
            defer { close(fd) }
            var out: [Int] = []
            for path in ["/healthz", "/v1/trackings/RR999999987CN", "/nope"] {
                _ = RawHTTP.send(fd, Array("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                out.append(try RawHTTP.read(fd).status)
            }
            return out
        }
        #expect(statuses == [200, 404, 404])
    }

    @Test("many concurrent keep-alive clients all get their answers (suspend/resume under load)")
    func concurrentClients() async throws {
        let s = try TestServer()
        let n = try await s.seed("EE123456785CN")
        let port = s.port
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await offPool { () throws -> Int in
                        let fd = try RawHTTP.connect(port: port)
                        defer { close(fd) }
                        var ok = 0
                        for _ in 0..<25 {
                            _ = RawHTTP.send(fd, Array("GET /v1/trackings/\(n) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                            if try RawHTTP.read(fd).status == 200 { ok += 1 }
                        }
                        return ok
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(counts == 16 * 25)
    }

    @Test("HEAD answers like GET without a body")
    func head() async throws {
        let s = try TestServer()
        let r = try await offPool { () throws -> RawResponse in
            let fd = try RawHTTP.connect(port: s.port)
            defer { close(fd) }
            _ = RawHTTP.send(fd, RawHTTP.request("HEAD", "/healthz"))
            return try RawHTTP.read(fd, bodyExpected: false)
        }
        #expect(r.status == 200)
        #expect(r.body.isEmpty)
    }
}
