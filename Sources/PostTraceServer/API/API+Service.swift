import Foundation
import PostTraceCore
import PostTraceStore

extension PostTraceServer {
    static let healthy = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"ok"}"#.utf8))

    /// The routes this module serves itself; other groups are added through `extraRoutes`.
    static func apiRoutes(_ server: ServerReference) -> [Route] {
        // Handlers reach the server through the box: routes are built before `self` is complete.
        func bind(_ method: String, _ pattern: String, _ name: String, _ rule: RouteRule,
                  _ body: @escaping @Sendable (PostTraceServer, HTTPRequest) async throws -> HTTPResponse) -> Route {
            Route(method, pattern, name: name, rule: rule, throwing: { request in
                guard let s = server.value else { throw Problem.storeUnavailable }
                return try await body(s, request)
            })
        }
        let document = APIDocument.response
        return [
            bind("GET", "/v1/trackings/:number", "tracking.get", .timeline) { try await $0.lookUp($1) },
            bind("POST", "/v1/trackings/batch", "tracking.batch", .read) { try await $0.lookUpBatch($1) },
            bind("POST", "/v1/events", "events.ingest", .key(.ingest)) { try await $0.ingest($1) },
            bind("GET", "/v1/lanes", "lanes.list", .read) { try $0.listLanes($1) },
            bind("GET", "/v1/lanes/:lane", "lanes.get", .read) { try $0.laneStatistics($1) },
            // A constant: probes come often, and this answer says only that the process serves HTTP.
            Route("GET", "/healthz", name: "healthz", rule: .probe) { _ in healthy },
            bind("GET", "/readyz", "readyz", .probe) { server, _ in
                do { try await server.store.ping() } catch {
                    // Lookups still work from a replica while the primary is away (a failover): say so, so that a
                    // load balancer keeps sending reads; ingestion answers 503 meanwhile.
                    if server.store.replicaStatus().contains(where: \.usable) { return json(document: ["status": "read-only"]) }
                    throw Problem(status: 503, slug: "not-ready", title: "Not ready", detail: "The store does not answer.")
                }
                return json(document: ["status": "ready"])
            },
            bind("GET", "/metrics", "metrics", .scrape) { server, _ in
                let counts = await server.gauges.current()
                return HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                    body: server.metrics.render(items: counts.items, events: counts.events,
                                                                pendingDeliveries: counts.pendingDeliveries, now: Self.now)
                                        + Metrics.replicaText(server.store.replicaStatus())
                                        + (server.answerCache?.metricsText() ?? "")
                                        + server.extraMetrics() + PostTraceLibraries.buildInfoMetric)
            },
            Route("GET", "/openapi.json", name: "openapi", rule: .fixed) { _ in document },
        ]
    }
}
