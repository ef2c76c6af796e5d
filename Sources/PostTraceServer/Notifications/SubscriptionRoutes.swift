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
        var response = Self.json(201, SubscriptionDocument(created, showsSecret: true))
        response.headers.append(("Location", "/v1/subscriptions/\(created.id)"))
        response.headers.append(("Cache-Control", "no-store"))  // it shows the signing secret, once
        return response
    }

    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let key = try Self.key(request)
        let all = try await registry.store.subscriptions(ownerKeyID: key.scope == .admin ? nil : key.id)
        return Self.json(200, ["subscriptions": all.map { SubscriptionDocument($0) }])
    }

    func show(_ request: HTTPRequest) async throws -> HTTPResponse {
        let found = try await subscription(request)
        return Self.json(200, SubscriptionDocument(found))
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
        return Self.json(200, JSONObject { o in
            o.member("subscription_id", found.id); o.member("deliveries", rows.map(DeliveryDocument.init))
        })
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
        var response = Self.json(202, ["delivery": DeliveryDocument(queued)])
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

    /// An answer of `document` with `status`.
    static func json(_ status: Int, _ document: some JSONWritable) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: JSONWriter.encode(document))
    }
}

/// A subscription as the API and `posttrace subscriptions --json` show it: the secret only when just created,
/// its deliveries when asked for.
public struct SubscriptionDocument: JSONWritable {
    public let subscription: Subscription
    public let showsSecret: Bool
    public let deliveries: [OutboxDelivery]?

    /// The document of `subscription`; `showsSecret` right after creating it.
    public init(_ subscription: Subscription, showsSecret: Bool = false, deliveries: [OutboxDelivery]? = nil) {
        self.subscription = subscription; self.showsSecret = showsSecret; self.deliveries = deliveries
    }

    public func writeJSON(to writer: inout JSONWriter) {
        let s = subscription
        writer.object { o in
            o.member("id", s.id)
            o.member("numbers", s.numbers.map(\.description))
            o.member("callback_url", s.callbackURL)
            o.member("triggers", s.triggers.map(\.rawValue).sorted())
            o.member("created_at", DeliveryDocument.time(s.createdAt))
            o.member("deliveries_url", "/v1/subscriptions/\(s.id)/deliveries")
            if showsSecret { o.member("secret", s.secret) }
            o.member("deliveries", ifPresent: deliveries?.map(DeliveryDocument.init))
        }
    }
}

/// One delivery of a subscription with its state and last error.
public struct DeliveryDocument: JSONWritable {
    public let delivery: OutboxDelivery

    /// The document of `delivery`.
    public init(_ delivery: OutboxDelivery) { self.delivery = delivery }

    public func writeJSON(to writer: inout JSONWriter) {
        let d = delivery
        writer.object { o in
            o.member("id", d.id)
            o.member("type", "tracking." + d.kind.rawValue)
            o.member("number", d.number.description)
            o.member("status", d.status.rawValue)
            o.member("event_code", ifPresent: d.event?.code.rawValue)
            o.member("state", d.state.rawValue)
            o.member("attempts", d.attempts)
            o.member("created_at", Self.time(d.createdAt))
            if d.state == .pending { o.member("next_attempt_at", Self.time(d.nextAttemptAt)) }
            o.member("delivered_at", ifPresent: d.deliveredAt.map(Self.time))
            o.member("last_error", ifPresent: d.lastError)
        }
    }

    static func time(_ seconds: Int64) -> String { LocalTime(epochSeconds: seconds, utcOffsetSeconds: 0)?.rfc3339 ?? "" }
}
