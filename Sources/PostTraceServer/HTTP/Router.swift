/// Finds the route for a method and path. Patterns are literal segments, `:name` captures one segment, and a
/// last segment `*name` captures the rest of the path (one or more segments, joined by `/`, e.g. for static
/// assets); the route with more literal segments wins. Route groups from other parts of the
/// server (web page, scam checker, notifications) are plain `[Route]` values added at construction.
public struct Router: Sendable {
    /// What matching a request found.
    public enum Match: Sendable {
        case route(Route, parameters: [String: String])
        /// The path exists for other methods; carries all of the path's methods (`HEAD` with `GET`, and
        /// `OPTIONS`) for the `Allow` header.
        case methodNotAllowed([String])
        case notFound
    }

    /// Every route, in order.
    public let routes: [Route]
    /// Each route's pattern, compiled, by the route's index.
    private let patterns: [Pattern]
    /// The routes a path can fit, in route order, by the path's first segment: those whose pattern starts with
    /// that literal, and those starting with a capture. A short list compared byte by byte: cheaper than
    /// hashing the segment, and it spares every request a walk over all routes.
    private let candidatesByFirst: [(first: [UInt8], routes: [Int])]
    /// The candidates for a path whose first segment no pattern starts with (or an empty path).
    private let otherCandidates: [Int]

    /// One route pattern: its segments and how many of them are literal.
    private struct Pattern: Sendable {
        enum Segment: Sendable { case literal([UInt8]), capture(String), rest(String) }
        let segments: [Segment]
        let literals: Int
        var endsWithRest: Bool { if case .rest = segments.last { true } else { false } }
        var firstLiteral: [UInt8]? { if case .literal(let bytes) = segments.first { bytes } else { nil } }

        init(_ pattern: String) {
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
            segments = parts.enumerated().map { i, part in
                if part.first == "*", i == parts.count - 1 { return .rest(String(part.dropFirst())) }
                if part.first == ":" { return .capture(String(part.dropFirst())) }
                return .literal(Array(part.utf8))
            }
            literals = segments.count { if case .literal = $0 { true } else { false } }
        }
    }

    /// Compiles the routes; earlier routes win among equally specific ones.
    public init(_ routes: [Route]) {
        self.routes = routes
        let patterns = routes.map { Pattern($0.pattern) }
        self.patterns = patterns
        otherCandidates = patterns.indices.filter { patterns[$0].firstLiteral == nil }
        var firsts: [[UInt8]] = []
        for pattern in patterns { if let first = pattern.firstLiteral, !firsts.contains(first) { firsts.append(first) } }
        candidatesByFirst = firsts.map { first in
            (first, patterns.indices.filter { patterns[$0].firstLiteral.map { $0 == first } ?? true })
        }
    }

    /// Matches `path` (already percent-decoded) for `method`; `HEAD` falls back to `GET`.
    public func match(method: String, path: String) -> Match {
        var path = path
        return path.withUTF8 { bytes in
            // Segment bounds on the stack: a path has at most one segment per two bytes.
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: bytes.count / 2 + 1) { scratch in
                var count = 0, start = 0
                for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "/") {
                    if i > start { scratch[count] = start..<i; count += 1 }
                    start = i + 1
                }
                return match(method: method, path: bytes, parts: UnsafeBufferPointer(rebasing: scratch[..<count]))
            }
        }
    }

    private func match(method: String, path: UnsafeBufferPointer<UInt8>, parts: UnsafeBufferPointer<Range<Int>>) -> Match {
        let candidates = parts.first.flatMap { first in
            candidatesByFirst.first { Self.equal($0.first, path, first) }?.routes
        } ?? otherCandidates
        // The path belongs to its most specific patterns (most literal segments), whatever the method, as in
        // OpenAPI, where `/v1/trackings/batch` is its own path and `/v1/trackings/{number}` never matches it:
        // a method only the less specific pattern has is not allowed there (405), and `Allow` names only
        // the methods of the path's own routes.
        var owners: (literals: Int, first: Int)?
        for index in candidates where Self.fits(patterns[index], path, parts) {
            if patterns[index].literals > (owners?.literals ?? -1) { owners = (patterns[index].literals, index) }
        }
        guard let owners else { return .notFound }
        var allowed: [String] = []
        for index in candidates where index >= owners.first && patterns[index].literals == owners.literals
            && Self.fits(patterns[index], path, parts) {
            let routeMethod = routes[index].method
            if routeMethod == method || (method == "HEAD" && routeMethod == "GET") {
                // Parameters are captured for the winner only: no dictionary per candidate on every request.
                return .route(routes[index], parameters: Self.parameters(patterns[index], path, parts))
            }
            allowed.append(routeMethod)
        }
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.append("HEAD") }
        allowed.append("OPTIONS")  // answered by the server for every path that exists
        var seen = Set<String>()
        return .methodNotAllowed(allowed.filter { seen.insert($0).inserted })
    }

    /// Whether the path's segments fit `pattern`: as many segments (at least as many before a `*rest`), and
    /// every literal equal.
    private static func fits(_ pattern: Pattern, _ path: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> Bool {
        guard pattern.endsWithRest ? parts.count >= pattern.segments.count : pattern.segments.count == parts.count else { return false }
        for (i, segment) in pattern.segments.enumerated() {
            if case .literal(let bytes) = segment, !equal(bytes, path, parts[i]) { return false }
        }
        return true
    }

    private static func equal(_ literal: [UInt8], _ path: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        literal.count == range.count && literal.withUnsafeBufferPointer { $0.elementsEqual(path[range]) }
    }

    /// The captured `:name` segments and the `*name` rest of a path that fits `pattern`.
    private static func parameters(_ pattern: Pattern, _ path: UnsafeBufferPointer<UInt8>, _ parts: UnsafeBufferPointer<Range<Int>>) -> [String: String] {
        var parameters: [String: String] = [:]
        for (i, segment) in pattern.segments.enumerated() {
            switch segment {
            case .literal: continue
            case .capture(let name): parameters[name] = String(decoding: path[parts[i]], as: UTF8.self)
            case .rest(let name):
                parameters[name] = parts[i...].map { String(decoding: path[$0], as: UTF8.self) }.joined(separator: "/")
            }
        }
        return parameters
    }
}
