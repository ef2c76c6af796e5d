import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Hostile input: each gets its status and the server keeps serving", .scratch)
struct ServerHostileInputTests {
    /// After every hostile exchange the server must still answer a plain request.
    func stillServing(_ s: TestServer) async throws {
        #expect(try await s.get("/healthz").status == 200)
    }

    @Test("a 64 KB URL is refused with a 4xx")
    func longURL() async throws {
        let s = try TestServer()
        let r = try await s.get("/v1/trackings/" + String(repeating: "A", count: 64 * 1024))
        #expect((400..<500).contains(r.status))
        try await stillServing(s)
    }

    @Test("invalid UTF-8, bad percent-encoding and NUL bytes in the path")
    func badEncodings() async throws {
        let s = try TestServer()
        #expect(try await s.get("/v1/trackings/%FF%FE").status == 400)
        #expect(try await s.get("/v1/trackings/EE12%zz34").status == 422)
        let nul = try await s.get("/v1/trackings/EE123456785CN%00DROP")
        #expect(nul.status == 400)  // cut short at the NUL, it would have named another item
        #expect(try await s.get("/healthz?lang=%C0%AF").status == 400)
        // obs-text in a header value is legal HTTP: read leniently, not refused.
        let latin1 = Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nUser-Agent: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        #expect(try await RawHTTP.exchange(port: s.port, request: latin1).status == 200)
        try await stillServing(s)
    }

    @Test("SQL and script strings as numbers are plain invalid input", arguments: [
        "' OR 1=1 --", "EE123456785CN'; DROP TABLE events; --", "<script>alert(1)</script>", "${jndi:ldap://x}",
    ])
    func injectionStrings(_ text: String) async throws {
        let s = try TestServer()
        let r = try await s.get("/v1/trackings/" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(text.contains("/") ? r.status == 404 : r.status == 422)  // a decoded slash splits the path
        #expect(r.headers["content-type"] == "application/problem+json")
        #expect(r.headers["x-content-type-options"] == "nosniff")
        #expect(!r.text.contains("<script>"))  // the problem echoes only the normalized ASCII letters and digits
        try await stillServing(s)
    }

    @Test("a declared 100 MB body is refused with 413 before it is sent")
    func hugeDeclaredBody() async throws {
        let s = try TestServer()
        let r = try await offPool { () throws -> RawResponse in
            let fd = try RawHTTP.connect(port: s.port)
            defer { close(fd) }
            let head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
            _ = RawHTTP.send(fd, Array(head.utf8))
            _ = RawHTTP.send(fd, [UInt8](repeating: 0x5B, count: 64 * 1024))  // a first slice only
            return try RawHTTP.read(fd)
        }
        #expect(r.status == 413)
        #expect(try r.json()["type"] as? String == "https://posttrace.org/problems/body-too-large")
        try await stillServing(s)
    }

    @Test("a chunked body growing past the limit gets its connection closed")
    func hugeChunkedBody() async throws {
        let s = try TestServer { $0.maxBodyBytes = 256 * 1024 }
        let answered = try await offPool { () throws -> Bool in
            let fd = try RawHTTP.connect(port: s.port)
            defer { close(fd) }
            let head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            _ = RawHTTP.send(fd, Array(head.utf8))
            let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: 0x20, count: 0x10000) + Array("\r\n".utf8)
            for _ in 0..<64 where RawHTTP.send(fd, chunk) {}
            return (try? RawHTTP.read(fd)).map { $0.status == 200 } ?? false
        }
        #expect(!answered)
        try await stillServing(s)
    }

    @Test("a client sending one byte per second is timed out and does not block others")
    func slowClient() async throws {
        let s = try TestServer { $0.requestDeadlineSeconds = 2; $0.threads = 1 }
        let slow = Task {
            try await offPool { () throws -> Int in
                let fd = try RawHTTP.connect(port: s.port)
                defer { close(fd) }
                var sent = 0
                for byte in Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8) {
                    guard RawHTTP.send(fd, [byte]) else { break }
                    sent += 1
                    Thread.sleep(forTimeInterval: 1)
                }
                return sent
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        // Timed on the client's own thread: the test's task may wait for a busy cooperative pool, the server may not.
        let (status, elapsed) = try await offPool { () throws -> (Int, Duration) in
            let started = ContinuousClock.now
            let fd = try RawHTTP.connect(port: s.port)
            defer { close(fd) }
            _ = RawHTTP.send(fd, RawHTTP.request("GET", "/healthz"))
            return (try RawHTTP.read(fd).status, ContinuousClock.now - started)
        }
        #expect(status == 200)  // served while the slow client dribbles
        #expect(elapsed < .seconds(1))
        let sent = try await slow.value
        #expect(sent < 10)  // the server closed it after about two seconds
    }

    @Test("malformed and deeply nested JSON are 400 with a position")
    func badJSON() async throws {
        let s = try TestServer()
        let nested = try await s.post("/v1/trackings/batch", body: String(repeating: "[", count: 100_000))
        #expect(nested.status == 400)
        #expect(try nested.json()["column"] as? Int != nil)
        let truncated = try await s.post("/v1/trackings/batch", body: #"{"numbers": ["EE123456785CN""#)
        #expect(truncated.status == 400)
        let binary = try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("POST", "/v1/trackings/batch",
            headers: ["Content-Type": "application/json"], body: [0x00, 0xFF, 0xFE, 0x7B]))
        #expect(binary.status == 400)
        #expect(try await s.post("/v1/trackings/batch", body: #"{"numbers": "EE123456785CN"}"#).status == 400)
        try await stillServing(s)
    }
}
