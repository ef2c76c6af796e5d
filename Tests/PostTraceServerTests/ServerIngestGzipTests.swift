import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("Ingestion with Content-Encoding: gzip", .scratch)
struct ServerIngestGzipTests {
    static let lines = (0..<50).map { k in
        #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-03T09:\#(String(format: "%02d", k % 60)):00+08:00","office":"CNPEKA\#(k)"}"#
    }.joined(separator: "\n") + "\n"

    /// gzip made by Python's gzip module, not by the code under test.
    static func gzip(_ data: [UInt8], members: Int = 1) async throws -> [UInt8] {
        let script = "import gzip,sys; d=sys.stdin.buffer.read(); n=len(d)//\(members); "
            + "sys.stdout.buffer.write(b''.join(gzip.compress(d[i*n:(i+1)*n if i<\(members - 1) else len(d)]) for i in range(\(members))))"
        return try await IndependentTool.launch("/usr/bin/python3", ["-c", script], input: data).output
    }

    func post(_ s: TestServer, _ body: [UInt8], encoding: String?, key: String) async throws -> RawResponse {
        var headers = ["Authorization": "Bearer \(key)", "Content-Type": "application/x-ndjson"]
        if let encoding { headers["Content-Encoding"] = encoding }
        return try await RawHTTP.exchange(port: s.port, request: RawHTTP.request("POST", "/v1/events", headers: headers, body: body))
    }

    @Test("a gzip body, in one member or several, is read like the plain one")
    func accepted() async throws {
        let s = try TestServer()
        let key = try await s.key(.ingest)
        let plain = Array(Self.lines.utf8)
        for (members, encoding) in [(1, "gzip"), (3, "GZIP "), (1, "x-gzip")] {
            let r = try await post(s, try Self.gzip(plain, members: members), encoding: encoding, key: key)
            #expect(r.status == 200, "\(r.text)")
            let json = try r.json()
            #expect((json["accepted"] as? Int ?? 0) + (json["duplicates"] as? Int ?? 0) == 50, "\(encoding): \(r.text)")
        }
        #expect(try await s.get("/v1/trackings/EE123456785CN").status == 200)
        #expect(try await post(s, plain, encoding: "identity", key: key).status == 200)
    }

    @Test("hostile gzip: corrupt, cut short, not gzip, empty, a bomb, other codings; the server keeps serving")
    func hostile() async throws {
        let s = try TestServer()
        let key = try await s.key(.ingest)
        var zipped = try await Self.gzip(Array(Self.lines.utf8))
        let cut = Array(zipped.prefix(zipped.count / 2))
        zipped[zipped.count / 2] ^= 0xFF
        for (body, why) in [(zipped, "corrupt"), (cut, "cut short"), (Array(Self.lines.utf8), "not gzip"), ([], "empty")] {
            let r = try await post(s, body, encoding: "gzip", key: key)
            #expect(r.status == 400 && r.text.contains("malformed-gzip"), "\(why): \(r.status) \(r.text)")
        }
        // 100 MB of zeros in about 100 KB: refused at the 8 MB bound, not inflated whole.
        let bomb = try await IndependentTool.launch("/usr/bin/python3", ["-c", "import gzip,sys; sys.stdout.buffer.write(gzip.compress(bytes(100_000_000)))"],
                                           input: []).output
        #expect(bomb.count < 200_000)
        let refused = try await post(s, bomb, encoding: "gzip", key: key)
        #expect(refused.status == 413 && refused.text.contains("body-too-large"))
        for coding in ["br", "deflate", "gzip, br", "compress"] {
            let r = try await post(s, Array(Self.lines.utf8), encoding: coding, key: key)
            #expect(r.status == 415 && r.headers["accept-encoding"] == "gzip", "\(coding)")
        }
        // Without the ingest key the body is never inflated.
        #expect(try await post(s, bomb, encoding: "gzip", key: "pt_wrong").status == 401)
        #expect(try await s.get("/healthz").status == 200)
    }
}
