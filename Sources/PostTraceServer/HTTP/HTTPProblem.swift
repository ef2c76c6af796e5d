import Foundation
import PostTraceCore
import S10

/// An error that knows its HTTP answer; every error response is rendered from one of these, in one place,
/// as RFC 9457 `application/problem+json`.
public protocol HTTPProblem: Error, Sendable {
    /// The HTTP status code.
    var status: Int { get }
    /// A stable slug naming the kind of problem, e.g. `invalid-number`; the `type` URI ends with it.
    var slug: String { get }
    /// A short summary that does not change between occurrences.
    var title: String { get }
    /// This occurrence in plain words; never SQL, stack traces or paths.
    var detail: String? { get }
    /// Extension members of the problem object (RFC 9457 §3.2), beside the standard ones.
    var members: [String: any JSONWritable & Sendable] { get }
    /// Extra response headers, e.g. `Allow` or `Retry-After`.
    var headers: [(name: String, value: String)] { get }
}

extension HTTPProblem {
    public var detail: String? { nil }
    public var members: [String: any JSONWritable & Sendable] { [:] }
    public var headers: [(name: String, value: String)] { [] }
    /// The stable `type` URI.
    public var type: String { "https://posttrace.org/problems/\(slug)" }
}

extension HTTPResponse {
    /// The problem+json response for `problem`; `instance` is the request path.
    public init(problem: any HTTPProblem, instance: String? = nil) {
        var members = problem.members
        members["type"] = problem.type
        members["title"] = problem.title
        members["status"] = problem.status
        if let detail = problem.detail { members["detail"] = detail }
        if let instance { members["instance"] = instance }
        var writer = JSONWriter(capacity: 512)
        writer.object { o in
            // In the order of the keys' bytes, as a dictionary is written.
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { o.member(key, members[key]!) }
        }
        self.init(status: problem.status, headers: [("Content-Type", "application/problem+json")] + problem.headers, body: writer.bytes)
    }
}

/// A problem described by its fields, for the common cases.
public struct Problem: HTTPProblem {
    public var status: Int
    public var slug: String
    public var title: String
    public var detail: String?
    public var members: [String: any JSONWritable & Sendable]
    public var headers: [(name: String, value: String)]

    /// Makes a problem; `members` become extra JSON members.
    public init(status: Int, slug: String, title: String, detail: String? = nil,
                members: [String: any JSONWritable & Sendable] = [:], headers: [(name: String, value: String)] = []) {
        self.status = status; self.slug = slug; self.title = title; self.detail = detail
        self.members = members; self.headers = headers
    }

    static let notFound = Problem(status: 404, slug: "not-found", title: "No such resource")
    static func methodNotAllowed(_ allowed: [String]) -> Problem {
        Problem(status: 405, slug: "method-not-allowed", title: "Method not allowed",
                detail: "This resource answers \(allowed.joined(separator: ", ")).",
                headers: [("Allow", allowed.joined(separator: ", "))])
    }
    static func unsupportedMediaType(_ found: String?, accepted: [String]) -> Problem {
        Problem(status: 415, slug: "unsupported-media-type", title: "Unsupported media type",
                detail: "Send the body as \(accepted.joined(separator: " or ")); got \(found.map { "'\($0)'" } ?? "no Content-Type").",
                members: ["accepted": accepted], headers: [("Accept-Post", accepted.joined(separator: ", "))])
    }
    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: 401, slug: "unauthorized", title: "API key required", detail: detail,
                headers: [("WWW-Authenticate", #"Bearer realm="posttrace""#)])
    }
    static func forbidden(scope: String) -> Problem {
        Problem(status: 403, slug: "forbidden", title: "API key lacks the scope",
                detail: "This request needs a key with the '\(scope)' scope.", members: ["required_scope": scope])
    }
    static func tooManyRequests(retryAfter: Int, limit: String) -> Problem {
        Problem(status: 429, slug: "rate-limited", title: "Too many requests",
                detail: "The \(limit) rate limit is reached; retry in \(retryAfter) s.",
                members: ["retry_after": retryAfter], headers: [("Retry-After", String(retryAfter))])
    }
    static func malformedJSON(_ detail: String, line: Int? = nil, column: Int? = nil) -> Problem {
        var members: [String: any JSONWritable & Sendable] = [:]
        if let line { members["line"] = line }
        if let column { members["column"] = column }
        return Problem(status: 400, slug: "malformed-json", title: "Malformed JSON", detail: detail, members: members)
    }
    static func invalidLanguage(_ asked: String) -> Problem {
        let supported = Language.allCases.map(\.rawValue)
        return Problem(status: 422, slug: "invalid-lang", title: "Unsupported language",
                       detail: "lang '\(asked.prefix(64))' names none of the languages offered: \(supported.joined(separator: ", ")) "
                           + "(regional tags such as pt-BR or zh-TW are read as their language). Leave lang out to negotiate with Accept-Language.",
                       members: ["supported": supported])
    }
    static func badRequest(_ slug: String, _ detail: String) -> Problem {
        Problem(status: 400, slug: slug, title: "Bad request", detail: detail)
    }
    static let storeUnavailable = StoreProblem(error: .closed)
    static let internalError = Problem(status: 500, slug: "internal", title: "Internal error",
                                       detail: "Something failed on our side; it has been logged.")
}

/// The declared body exceeds the configured limit (answered before reading it).
struct BodyTooLarge: HTTPProblem {
    let limit: Int
    var status: Int { 413 }
    var slug: String { "body-too-large" }
    var title: String { "Request body too large" }
    var detail: String? { "The body may hold at most \(limit) bytes." }
    var members: [String: any JSONWritable & Sendable] { ["limit_bytes": limit] }
    var headers: [(name: String, value: String)] { [("Connection", "close")] }
}

/// The path, a header or a query parameter is not valid UTF-8 after percent-decoding.
struct BadEncoding: HTTPProblem {
    var status: Int { 400 }
    var slug: String { "bad-encoding" }
    var title: String { "Invalid encoding" }
    var detail: String? { "The URL or a header is not valid UTF-8 after percent-decoding." }
}
