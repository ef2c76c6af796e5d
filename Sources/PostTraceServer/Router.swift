/// Finds the route for a method and path. Patterns are literal segments, `:name` captures one segment, and a
/// last segment `*name` captures the rest of the path (one or more segments, joined by `/`, e.g. for static
/// assets); the route with more literal segments wins. Route groups from other parts of the
/// server (web page, scam checker, notifications) are plain `[Route]` values added at construction.
public struct Router: Sendable {
    /// What matching a request found.
    public enum Match: Sendable {
        case route(Route, parameters: [String: String])
        /// The path exists for other methods; carries them for the `Allow` header.
        case methodNotAllowed([String])
        case notFound
    }

    /// Every route, in order.
    public let routes: [Route]
    /// Each route's pattern segments, by the route's index (kept apart so matching copies no route values).
    private let patterns: [[Substring]]
    /// The routes a path can fit, in route order, by the path's first segment: those whose pattern starts with
    /// that literal, and those starting with a capture. Spares every request a walk over all routes.
    private let candidatesByFirst: [Substring: [Int]]
    /// The candidates for a path whose first segment no pattern starts with (or an empty path).
    private let otherCandidates: [Int]

    /// Compiles the routes; earlier routes win among equally specific ones.
    public init(_ routes: [Route]) {
        self.routes = routes
        let patterns = routes.map { $0.pattern.split(separator: "/", omittingEmptySubsequences: true) }
        self.patterns = patterns
        let literal = { (pattern: [Substring]) -> Substring? in
            guard let first = pattern.first, first.first != ":", first.first != "*" else { return nil }
            return first
        }
        otherCandidates = patterns.indices.filter { literal(patterns[$0]) == nil }
        var byFirst: [Substring: [Int]] = [:]
        for first in Set(patterns.compactMap(literal)) {
            byFirst[first] = patterns.indices.filter { literal(patterns[$0]).map { $0 == first } ?? true }
        }
        candidatesByFirst = byFirst
    }

    /// Matches `path` (already percent-decoded) for `method`; `HEAD` falls back to `GET`.
    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (index: Int, literals: Int)?
        var allowed: [String] = []
        for index in parts.first.flatMap({ candidatesByFirst[$0] }) ?? otherCandidates {
            guard let literals = Self.literalsMatched(patterns[index], by: parts) else { continue }
            let routeMethod = routes[index].method
            allowed.append(routeMethod)
            let fits = routeMethod == method || (method == "HEAD" && routeMethod == "GET")
            if fits, literals > (best?.literals ?? -1) { best = (index, literals) }
        }
        // Parameters are captured for the winner only: no dictionary per candidate on every request.
        if let best { return .route(routes[best.index], parameters: Self.parameters(patterns[best.index], in: parts)) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.append("HEAD") }
        var seen = Set<String>()
        return .methodNotAllowed(allowed.filter { seen.insert($0).inserted })
    }

    /// How many literal segments of `pattern` the path matches; nil when it does not fit.
    private static func literalsMatched(_ pattern: [Substring], by parts: [Substring]) -> Int? {
        let rest = pattern.last?.first == "*"
        guard rest ? parts.count >= pattern.count : pattern.count == parts.count else { return nil }
        var literals = 0
        for (i, p) in pattern.enumerated() where !(rest && i == pattern.count - 1) && p.first != ":" {
            guard p == parts[i] else { return nil }
            literals += 1
        }
        return literals
    }

    /// The captured `:name` segments and the `*name` rest of a path that fits `pattern`.
    private static func parameters(_ pattern: [Substring], in parts: [Substring]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (i, p) in pattern.enumerated() {
            if p.first == "*", i == pattern.count - 1 {
                parameters[String(p.dropFirst())] = parts[i...].joined(separator: "/")
            } else if p.first == ":" {
                parameters[String(p.dropFirst())] = String(parts[i])
            }
        }
        return parameters
    }
}
