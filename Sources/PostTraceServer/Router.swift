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

    private struct Compiled: Sendable {
        let route: Route
        let segments: [Substring]
    }
    private let compiled: [Compiled]

    /// Compiles the routes; earlier routes win among equally specific ones.
    public init(_ routes: [Route]) {
        compiled = routes.map { Compiled(route: $0, segments: $0.pattern.split(separator: "/", omittingEmptySubsequences: true)) }
    }

    /// Every route, in order.
    public var routes: [Route] { compiled.map(\.route) }

    /// Matches `path` (already percent-decoded) for `method`; `HEAD` falls back to `GET`.
    public func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (Compiled, Int)?
        var allowed: [String] = []
        for candidate in compiled {
            guard let literals = Self.literalsMatched(candidate.segments, by: parts) else { continue }
            allowed.append(candidate.route.method)
            let fits = candidate.route.method == method || (method == "HEAD" && candidate.route.method == "GET")
            if fits, literals > (best?.1 ?? -1) { best = (candidate, literals) }
        }
        // Parameters are captured for the winner only: no dictionary per candidate on every request.
        if let best { return .route(best.0.route, parameters: Self.parameters(best.0.segments, in: parts)) }
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
