import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// `POST /v1/subscriptions`, `GET /v1/subscriptions`, `GET`/`DELETE /v1/subscriptions/:id`,
/// `GET /v1/subscriptions/:id/deliveries` and `POST /v1/subscriptions/:id/test`. Every route needs an API key; a key sees its own subscriptions
/// (an admin key sees all). Creating and testing need the `subscribe` scope, within the registry's quotas.
public struct SubscriptionRoutes: Sendable {
    let registry: SubscriptionRegistry
    /// Test deliveries per key: a bucket of the hourly quota, refilled over the hour (in this process).
    let testDeliveries: RateLimiter

    /// The routes over one registry.
    public init(registry: SubscriptionRegistry) {
        self.registry = registry
        let perHour = Double(max(1, registry.quotas.testDeliveriesPerHour))
        testDeliveries = RateLimiter(RateLimit(perSecond: perHour / 3600, burst: perHour))
    }

    /// The route group, to pass as `extraRoutes`.
    public var routes: [Route] {
        [Route("POST", "/v1/subscriptions", name: "subscriptions.create", rule: .key(.subscribe), throwing: create),
         Route("GET", "/v1/subscriptions", name: "subscriptions.list", rule: .key(.read), throwing: list),
         Route("GET", "/v1/subscriptions/:id", name: "subscriptions.get", rule: .key(.read), throwing: show),
         Route("DELETE", "/v1/subscriptions/:id", name: "subscriptions.delete", rule: .key(.read), throwing: delete),
         Route("GET", "/v1/subscriptions/:id/deliveries", name: "subscriptions.deliveries", rule: .key(.read), throwing: deliveries),
         Route("POST", "/v1/subscriptions/:id/test", name: "subscriptions.test", rule: .key(.subscribe), throwing: test)]
    }

    struct CreateBody: Decodable {
        var numbers: [String]
        var callbackURL: String
        var triggers: [String]?
        enum CodingKeys: String, CodingKey { case numbers, callbackURL = "callback_url", triggers }
    }

    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = try Self.key(request)
        let body = try JSONBody.decode(CreateBody.self, from: request.body)
        let created = try await registry.create(numbers: body.numbers, callbackURL: body.callbackURL, triggers: body.triggers ?? [],
                                                owner: key.id)
        var response = Self.json(201, SubscriptionJSON.object(created, showSecret: true))
        response.headers.append(("Location", "/v1/subscriptions/\(created.id)"))
        response.headers.append(("Cache-Control", "no-store"))  // it shows the signing secret, once
        return response
    }

    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = try Self.key(request)
        let all = try await registry.store.subscriptions(ownerKeyID: key.scope == .admin ? nil : key.id)
        return Self.json(200, ["subscriptions": all.map { SubscriptionJSON.object($0, showSecret: false) }])
    }

    func show(_ request: HTTPRequest) async throws -> HTTPResponse {
        let found = try await subscription(request)
        return Self.json(200, SubscriptionJSON.object(found, showSecret: false))
    }

    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let found = try await subscription(request)
        guard try await registry.store.deleteSubscription(id: found.id) else { throw SubscriptionProblem.notFound }
        return HTTPResponse(status: 204)
    }

    func deliveries(_ request: HTTPRequest) async throws -> HTTPResponse {
        let found = try await subscription(request)
        var limit = 100
        if let asked = request.queryValue("limit") {
            // A limit the caller cannot have meant is refused rather than quietly replaced.
            guard let value = Int(asked), (1...1000).contains(value) else {
                throw Problem(status: 422, slug: "invalid-limit", title: "Not a limit",
                              detail: "limit is a whole number from 1 to 1000; got '\(asked.prefix(32))'.")
            }
            limit = value
        }
        let rows = try await registry.store.deliveries(subscriptionID: found.id, limit: limit)
        return Self.json(200, ["subscription_id": found.id, "deliveries": rows.map(SubscriptionJSON.delivery)])
    }

    /// 202: the test delivery is queued; the worker sends it within its poll interval.
    func test(_ request: HTTPRequest) async throws -> HTTPResponse {
        let found = try await subscription(request)
        if let key = request.apiKey, let wait = testDeliveries.take(key.id)?.retryAfter {
            let quota = registry.quotas.testDeliveriesPerHour
            throw SubscriptionQuotas.exceeded("This API key asked for \(quota) test deliveries within the hour, the most allowed; retry in \(wait) s.",
                                              limit: quota, retryAfter: wait)
        }
        let queued = try await registry.sendTest(found)
        var response = Self.json(202, ["delivery": SubscriptionJSON.delivery(queued)])
        response.headers.append(("Location", "/v1/subscriptions/\(found.id)/deliveries"))
        return response
    }

    func subscription(_ request: HTTPRequest) async throws -> Subscription {
        let key = try Self.key(request)
        guard let id = request.pathParameters["id"], let found = try await registry.find(id, for: key) else {
            throw SubscriptionProblem.notFound
        }
        return found
    }

    static func key(_ request: HTTPRequest) throws -> APIKeyRecord {
        guard let key = request.apiKey else { throw Problem.unauthorized("Subscriptions need an API key: 'Authorization: Bearer <secret>'.") }
        return key
    }

    static func json(_ status: Int, _ object: [String: Any]) -> HTTPResponse {
        let body = JSONValueWriter.encode(object)
            ?? Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }
}

/// The JSON shapes of subscriptions and deliveries, shared by the API and `posttrace subscriptions --json`.
public enum SubscriptionJSON {
    /// A subscription; the secret only when just created.
    public static func object(_ s: Subscription, showSecret: Bool) -> [String: Any] {
        var out: [String: Any] = ["id": s.id, "numbers": s.numbers.map(\.description), "callback_url": s.callbackURL,
                                  "triggers": s.triggers.map(\.rawValue).sorted(), "created_at": time(s.createdAt),
                                  "deliveries_url": "/v1/subscriptions/\(s.id)/deliveries"]
        if showSecret { out["secret"] = s.secret }
        return out
    }

    /// One delivery with its state and last error.
    public static func delivery(_ d: OutboxDelivery) -> [String: Any] {
        var out: [String: Any] = ["id": d.id, "type": "tracking." + d.kind.rawValue, "number": d.number.description,
                                  "state": d.state.rawValue, "attempts": d.attempts, "created_at": time(d.createdAt),
                                  "status": d.status.rawValue]
        if let e = d.lastError { out["last_error"] = e }
        if d.state == .pending { out["next_attempt_at"] = time(d.nextAttemptAt) }
        if let t = d.deliveredAt { out["delivered_at"] = time(t) }
        if let c = d.event?.code { out["event_code"] = c.rawValue }
        return out
    }

    static func time(_ seconds: Int64) -> String { LocalTime(epochSeconds: seconds, utcOffsetSeconds: 0)?.rfc3339 ?? "" }
}
