import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// Web Push for the app: `GET /v1/push/vapid-public-key`, `POST /v1/push/subscriptions` with a browser's
/// `PushSubscription.toJSON()` and the numbers to follow, `DELETE /v1/push/subscriptions/{id}`.
///
/// A browser makes these calls, so there is no API key: creation is rate limited by address like every
/// lookup, follows at most `maximumNumbers`, and answers with an unguessable id that is the only handle
/// for deleting it. The app changes what it follows by registering anew and deleting the old id.
public struct PushRoutes: Sendable {
    /// Most parcels one browser subscription follows.
    public static let maximumNumbers = 50
    let store: any SubscriptionStore
    let vapid: VAPID
    let hosts: CallbackURLPolicy
    let sealer: SecretSealer?
    let resolver: any HostResolver

    public init(store: any SubscriptionStore, vapid: VAPID, hosts: CallbackURLPolicy, sealer: SecretSealer?,
                resolver: any HostResolver = SystemHostResolver()) {
        self.store = store; self.vapid = vapid; self.hosts = hosts; self.sealer = sealer; self.resolver = resolver
    }

    public var routes: [Route] {
        [Route("GET", "/v1/push/vapid-public-key", name: "push.key", rule: .open) { _ in
             SubscriptionRoutes.json(200, ["public_key": vapid.publicKey])
         },
         Route("POST", "/v1/push/subscriptions", name: "push.create", rule: .read, throwing: create),
         Route("DELETE", "/v1/push/subscriptions/:id", name: "push.delete", rule: .read, throwing: delete)]
    }

    struct CreateBody: Decodable {
        struct Keys: Decodable { var p256dh: String; var auth: String }
        struct Browser: Decodable { var endpoint: String; var keys: Keys }
        var subscription: Browser
        var numbers: [String]
        var lang: String?
    }

    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let body = try JSONBody.decode(CreateBody.self, from: request.body)
        guard body.numbers.count <= Self.maximumNumbers else {
            throw SubscriptionProblem(422, "numbers-count", "Too many parcels", "A browser follows 1 to \(Self.maximumNumbers) parcels.")
        }
        let numbers = try SubscriptionRegistry.numbers(body.numbers, maximum: Self.maximumNumbers)
        guard let key = Base64URL.decode(body.subscription.keys.p256dh), P256Key(publicPoint: key) != nil else {
            throw SubscriptionProblem(422, "invalid-push-key", "Invalid p256dh key",
                                      "keys.p256dh must be the browser's P-256 public key: Base64url of a 65-byte point on the curve.")
        }
        guard let auth = Base64URL.decode(body.subscription.keys.auth), auth.count == 16 else {
            throw SubscriptionProblem(422, "invalid-push-auth", "Invalid auth secret", "keys.auth must be Base64url of 16 bytes.")
        }
        var language = Language.en
        if let tag = body.lang {
            guard let chosen = Language(tag: tag) else { throw Problem.invalidLanguage(tag) }
            language = chosen
        }
        guard body.subscription.endpoint.utf8.count <= 2048 else {
            throw SubscriptionProblem(422, "endpoint-too-long", "Endpoint too long", "The push endpoint is longer than 2048 bytes.")
        }
        let endpoint: URL
        switch await hosts.check(body.subscription.endpoint, resolver: resolver) {
        case .failure(let refusal): throw SubscriptionProblem(422, refusal.code, "Push endpoint refused", refusal.message)
        case .success(let checked): endpoint = checked.url
        }
        let id = "push_" + LibCrypto.hex(LibCrypto.randomBytes(16))
        let target = PushTarget(p256dh: key, auth: auth, language: language)
        let subscription = Subscription(id: id, numbers: numbers, callbackURL: endpoint.absoluteString, triggers: PushTarget.triggers,
                                        secret: sealer?.seal(target.secret, for: id) ?? target.secret, ownerKeyID: nil,
                                        createdAt: Int64(Date().timeIntervalSince1970))
        try await store.createSubscription(subscription)
        var response = SubscriptionRoutes.json(201, JSONObject { o in
            o.member("id", id); o.member("numbers", numbers.map(\.description)); o.member("lang", language.rawValue)
        })
        response.headers.append(("Location", "/v1/push/subscriptions/\(id)"))
        response.headers.append(("Cache-Control", "no-store"))  // the id is the only key to this subscription
        return response
    }

    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let notFound = SubscriptionProblem(404, "push-subscription-not-found", "No such push subscription",
                                           "There is no push subscription with this id.")
        guard id.hasPrefix("push_"), id.utf8.count <= 64, try await store.subscription(id: id) != nil else { throw notFound }
        guard try await store.deleteSubscription(id: id) else { throw notFound }
        return HTTPResponse(status: 204)
    }
}
