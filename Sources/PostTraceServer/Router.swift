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
        var best: (Compiled, [String: String], Int)?
        var allowed: [String] = []
        for candidate in compiled {
            guard let (parameters, literals) = Self.bind(candidate.segments, to: parts) else { continue }
            allowed.append(candidate.route.method)
            let fits = candidate.route.method == method || (method == "HEAD" && candidate.route.method == "GET")
            if fits, literals > (best?.2 ?? -1) { best = (candidate, parameters, literals) }
        }
        if let best { return .route(best.0.route, parameters: best.1) }
        if allowed.isEmpty { return .notFound }
        if allowed.contains("GET"), !allowed.contains("HEAD") { allowed.append("HEAD") }
        var seen = Set<String>()
        return .methodNotAllowed(allowed.filter { seen.insert($0).inserted })
    }

    private static func bind(_ pattern: [Substring], to parts: [Substring]) -> ([String: String], Int)? {
        let rest = pattern.last?.first == "*"
        guard rest ? parts.count >= pattern.count : pattern.count == parts.count else { return nil }
        var parameters: [String: String] = [:], literals = 0
        for (i, p) in pattern.enumerated() {
            let part = parts[i]
            if rest, i == pattern.count - 1 {
                parameters[String(p.dropFirst())] = parts[i...].joined(separator: "/")
            } else if p.first == ":" {
                parameters[String(p.dropFirst())] = String(part)
            } else if p == part {
                literals += 1
            } else {
                return nil
            }
        }
        return (parameters, literals)
    }
}
