import Foundation
import PostTraceStore
import Testing
@testable import PostTraceServer

@Suite("low-severity hardening")
struct LowFindingsTests {
    @Test("//t/N and other doubled slashes never render protocol-relative links")
    func doubledSlashes() async throws {
        let s = try TestServer(extraRoutes: PageRoutes.routes(store: InMemoryStore(), examples: PageExamples(), lanes: LaneBook()))
        defer { Task { await s.server.shutdown() } }
        for path in ["//t/EE123456785CN", "//t//EE123456785CN?lang=de", "///track?n=EE123456785CN", "//evil.example/t/EE123456785CN"] {
            let r = try await s.get(path)
            #expect(!r.text.contains("href=\"//") && !r.text.contains("action=\"//") && !r.text.contains("src=\"//"), "\(path)")
            #expect(r.headers["location"].map { !$0.hasPrefix("//") } ?? true, "\(path)")
            #expect(r.headers["strict-transport-security"] == nil, "no HSTS over plain HTTP")
        }
    }
}
