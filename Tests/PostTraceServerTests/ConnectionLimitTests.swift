import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("connections per address", .scratch)
struct ConnectionLimitTests {
    @Test("with --max-connections-per-address 4, a fifth connection from 127.0.0.1 is closed unanswered while four are held")
    func perAddressLimit() async throws {
        let s = try TestServer {
            $0.maxConnectionsPerAddress = 4
            // The held connections must outlive a slow run: no idle time-out or head deadline may free a slot.
            $0.connectionTimeoutSeconds = 600
            $0.requestDeadlineSeconds = 600
        }
        let port = s.port
        let held = try (0..<4).map { _ in try RawHTTP.connect(port: port) }
        defer { held.dropFirst().forEach { close($0) } }
        for fd in held { _ = RawHTTP.send(fd, Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)) }  // half a head: held open
        try await Task.sleep(for: .milliseconds(300))
        let refused: Result<RawResponse, any Error> = await Result(catching: { try await s.get("/healthz") })
        #expect((try? refused.get()) == nil, "the fifth connection was answered")
        // The held ones are still served once they finish their heads.
        _ = RawHTTP.send(held[0], Array("Connection: close\r\n\r\n".utf8))
        let first = held[0]
        let answered = try await offPool { defer { close(first) }; return try RawHTTP.read(first) }
        #expect(answered.status == 200)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await s.get("/healthz").status == 200, "a slot freed by a closed connection is usable again")
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
