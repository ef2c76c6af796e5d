import Foundation
import PostTraceStore

/// An HTTP request as the application sees it: fully read, headers with lower-case names.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// Query parameters in order, percent-decoded; a name may repeat (`?n=A&n=B`).
    public var query: [(name: String, value: String)]
    /// Header fields by lower-case name (the last value wins when repeated).
    public var headers: [String: String]
    public var body: [UInt8]
    /// The client's address, for rate limits and logs.
    public var remoteAddress: String
    /// Parameters captured by the route pattern, e.g. `number` for `/t/:number`.
    public var pathParameters: [String: String] = [:]
    /// The API key that authenticated this request (`Authorization: Bearer …`), set by the server; nil when none.
    public var apiKey: APIKeyRecord?

    public init(method: String, path: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:],
                body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.method = method; self.path = path; self.query = query; self.headers = headers
        self.body = body; self.remoteAddress = remoteAddress
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
    /// Every value of a query parameter, in order.
    public func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }
}

/// An HTTP response: status, headers in order, body bytes.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Set when `body` is a rendered answer the answer cache keeps: its tag, and its gzipped form once made.
    var prepared: AnswerCache.Prepared?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// A response with a text body and its content type.
    public init(status: Int, contentType: String, body: String, headers: [(name: String, value: String)] = []) {
        self.init(status: status, headers: [("Content-Type", contentType)] + headers, body: Array(body.utf8))
    }
}

/// One route: a method, a path pattern whose `:name` segments capture parameters, what it needs from its
/// caller, and its handler.
public struct Route: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    public var method: String
    /// e.g. `/v1/trackings/:number` or `/t/:number/feed.atom`.
    public var pattern: String
    /// A short name for metrics and logs, e.g. `tracking.get`.
    public var name: String
    /// Who may call it and whether rate limits apply; the server enforces it before `handler` runs.
    public var rule: RouteRule
    public var handler: Handler

    /// A route; `rule` has no default, so that every route says whether it shows tracking data.
    public init(_ method: String, _ pattern: String, name: String, rule: RouteRule, handler: @escaping Handler) {
        self.method = method; self.pattern = pattern; self.name = name; self.rule = rule; self.handler = handler
    }
}
