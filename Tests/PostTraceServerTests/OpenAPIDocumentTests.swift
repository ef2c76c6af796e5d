import Foundation
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("openapi.json names every operation the server has, and nothing else", .scratch)
struct OpenAPIDocumentTests {
    /// `METHOD /path/{param}` for every operation of the document.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test("the routes of a server composed as serve composes it, pages included, are exactly the documented operations")
    func routesMatchTheDocument() async throws {
        let composed = try await ComposedServer(requireKeyForRead: false)
        Scratch.atEnd { await composed.server.shutdown() }
        var routed = Set<String>()
        for route in composed.server.router.routes {
            let path = route.pattern.split(separator: "/").map { $0.first == ":" ? "{\($0.dropFirst())}" : String($0) }
            routed.insert("\(route.method) /" + path.joined(separator: "/"))
        }
        let documented = try Self.documentedOperations()
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.json: \(routed.subtracting(documented).sorted())")
        #expect(documented.subtracting(routed).isEmpty, "documented operations no route serves: \(documented.subtracting(routed).sorted())")
        #expect(documented.count >= 34)
    }

    @Test("GET /assets/{file} documents the media type of every asset the page ships")
    func assetTypes() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
        let operation = try #require(((document["paths"] as? [String: Any])?["/assets/{file}"] as? [String: Any])?["get"] as? [String: Any])
        let ok = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any])
        let documented = Set(try #require(ok["content"] as? [String: Any]).keys)
        for (name, type) in PageAssets.types {
            let bare = String(type.split(separator: ";")[0])
            #expect(documented.contains(bare), "\(name) is sent as \(bare)")
        }
    }

    @Test("every operation documents the statuses every request can get: 400 (target), 401, 429 and 503")
    func commonStatuses() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths where path != "/wechat" {
            for (method, value) in item {
                let responses = try #require((value as? [String: Any])?["responses"] as? [String: Any])
                for status in ["400", "401", "429", "503"] {
                    #expect(responses[status] != nil, "\(method.uppercased()) \(path) lacks \(status)")
                }
            }
        }
    }
}
