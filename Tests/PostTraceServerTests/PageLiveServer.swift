import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostTraceStore
@testable import PostTraceServer

/// The real libmicrohttpd server on an ephemeral loopback port, with the page routes mounted over the fixtures.
enum PageLiveServer {
    /// Runs `body` with the server's base URL (`http://127.0.0.1:PORT`), then shuts the server down.
    static func with(_ body: (String) async throws -> Void) async throws {
        let store = try await PageFixtures.store()
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        config.addressLimit = .off
        config.keyLimit = .off
        config.shutdownGrace = .seconds(2)
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store, extraRoutes: PageFixtures.routes(store))
        do {
            try await body("http://127.0.0.1:\(server.port)")
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// GET over HTTP: status, headers (names lower-cased, repeated ones joined) and body.
    static func get(_ url: String, headers: [String: String] = [:], postForm: String? = nil) async throws
        -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let postForm {
            request.httpMethod = "POST"
            request.httpBody = Data(postForm.utf8)
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var out: [String: String] = [:]
        for (k, v) in http.allHeaderFields { out[String(describing: k).lowercased()] = String(describing: v) }
        return (http.statusCode, out, String(decoding: data, as: UTF8.self))
    }
}
