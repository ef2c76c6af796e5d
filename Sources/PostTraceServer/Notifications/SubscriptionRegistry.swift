import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// A refused subscription request: HTTP status, stable code and a human message.
public struct SubscriptionProblem: HTTPProblem, Sendable {
    public var status: Int
    /// Stable machine code, e.g. `invalid-number`, `callback_url_host_denied`, `unknown-trigger`.
    public var slug: String
    public var title: String
    public var detail: String?
    public var members: [String: any JSONWritable & Sendable]
    public var headers: [(name: String, value: String)] = []

    init(_ status: Int, _ slug: String, _ title: String, _ detail: String, members: [String: any JSONWritable & Sendable] = [:]) {
        self.status = status; self.slug = slug; self.title = title; self.detail = detail; self.members = members
    }

    /// A number of a refused request that is no S10 number (the `invalid` member): the input, its error codes,
    /// the first error in English and up to five suggestions.
    public struct InvalidInput: JSONWritable, Sendable {
        public let input: String, errors: [String], message: String, suggestions: [String]

        public func writeJSON(to writer: inout JSONWriter) {
            writer.object { o in
                o.member("input", input); o.member("errors", errors); o.member("message", message); o.member("suggestions", suggestions)
            }
        }
    }

    static let notFound = SubscriptionProblem(404, "subscription-not-found", "No such subscription",
                                              "There is no subscription with this id for this API key.")
}

/// Creates, finds and deletes subscriptions with the same checks for the API and the CLI:
/// valid numbers, known triggers, a callback URL allowed by the host policy, and a key's quotas.
public struct SubscriptionRegistry: Sendable {
    public let store: any SubscriptionStore
    /// What one key may hold; the numbers bound applies to the CLI too.
    public let quotas: SubscriptionQuotas
    public let hosts: CallbackURLPolicy
    /// Seals signing secrets before they are stored; nil stores them plain.
    public let sealer: SecretSealer?
    let resolver: any HostResolver

    /// A registry over `store` checking callback URLs against `hosts`.
    public init(store: any SubscriptionStore, hosts: CallbackURLPolicy, sealer: SecretSealer? = nil,
                resolver: any HostResolver = SystemHostResolver(), quotas: SubscriptionQuotas = SubscriptionQuotas()) {
        self.store = store; self.hosts = hosts; self.sealer = sealer; self.resolver = resolver; self.quotas = quotas
    }

    /// Checks and stores a new subscription with a fresh id and signing secret; the result carries the secret
    /// in the clear (to show once), the store its sealed form when there is a sealer.
    public func create(numbers texts: [String], callbackURL: String, triggers names: [String], owner: String?,
                       now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> Subscription {
        let numbers = try Self.numbers(texts, maximum: quotas.numbersPerSubscription)
        let triggers = try Self.triggers(names)
        if let owner, try await store.subscriptions(ownerKeyID: owner).count >= quotas.subscriptionsPerKey {
            throw SubscriptionQuotas.exceeded("This API key holds \(quotas.subscriptionsPerKey) subscriptions, the most allowed; delete one first.",
                                              limit: quotas.subscriptionsPerKey)
        }
        let url: URL
        switch await hosts.check(callbackURL, resolver: resolver) {
        case .failure(let refusal): throw SubscriptionProblem(422, refusal.code, "Callback URL refused", refusal.message)
        case .success(let checked): url = checked.url
        }
        let subscription = Subscription(
            id: "sub_" + LibCrypto.hex(LibCrypto.randomBytes(10)), numbers: numbers, callbackURL: url.absoluteString,
            triggers: triggers, secret: "whsec_" + LibCrypto.hex(LibCrypto.randomBytes(24)), ownerKeyID: owner, createdAt: now)
        var stored = subscription
        if let sealer { stored.secret = sealer.seal(subscription.secret, for: subscription.id) }
        try await store.createSubscription(stored)
        return subscription
    }

    /// Queues a `tracking.test` delivery: the subscription's first number with that item's status now, signed
    /// and retried like any other, so a receiver can check its endpoint and signature before the first scan.
    public func sendTest(_ subscription: Subscription, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> OutboxDelivery {
        let number = subscription.numbers[0]
        var status = ItemStatus.notFound
        if let tracking = store as? any TrackingStore {
            status = Timeline(number: number, events: try await tracking.events(for: number), language: .en, now: now).status
        }
        let delivery = OutboxDelivery(id: OutboxDelivery.newID(), subscriptionID: subscription.id, kind: .test, number: number,
                                      event: nil, status: status, createdAt: now, nextAttemptAt: now)
        guard try await store.enqueueDelivery(delivery) else { throw SubscriptionProblem.notFound }
        return delivery
    }

    /// The subscription if `key` may see it: its creator, or any admin key (nil key: the local CLI).
    public func find(_ id: String, for key: APIKeyRecord?) async throws -> Subscription? {
        guard id.utf8.count <= 64, let found = try await store.subscription(id: id) else { return nil }
        guard let key, key.scope != .admin else { return found }
        return found.ownerKeyID == key.id ? found : nil
    }

    /// Valid, distinct numbers in the order given; every invalid one is reported with its problems and suggestions.
    static func numbers(_ texts: [String], maximum: Int) throws -> [S10Number] {
        guard !texts.isEmpty, texts.count <= maximum else {
            throw SubscriptionProblem(422, "numbers-count", "Wrong number of items", "Subscribe to 1 to \(maximum) numbers at once.",
                                      members: ["limit": maximum])
        }
        var out: [S10Number] = [], invalid: [SubscriptionProblem.InvalidInput] = []
        for text in texts {
            let validation = S10.validate(String(text.prefix(64)))
            if let n = validation.number { if !out.contains(n) { out.append(n) }; continue }
            invalid.append(SubscriptionProblem.InvalidInput(input: String(text.prefix(64)), errors: validation.errors.map(\.code.rawValue),
                                                            message: validation.errors.first?.message(in: .en) ?? "not a valid number",
                                                            suggestions: validation.suggestions.prefix(5).map(\.description)))
        }
        guard invalid.isEmpty else {
            throw SubscriptionProblem(422, "invalid-number", "Invalid tracking number",
                                      "\(invalid.count) of the numbers are not valid S10 numbers; see 'invalid'.",
                                      members: ["invalid": invalid])
        }
        return out
    }

    static func triggers(_ names: [String]) throws -> Set<NotificationTrigger> {
        guard !names.isEmpty else { return [.statusChange] }
        var out = Set<NotificationTrigger>()
        for name in names.prefix(16) {
            guard let trigger = NotificationTrigger(rawValue: name) else {
                throw SubscriptionProblem(422, "unknown-trigger", "Unknown trigger",
                                          "'\(name.prefix(40))' is not a trigger; use \(NotificationTrigger.allCases.map(\.rawValue).joined(separator: ", ")).",
                                          members: ["allowed": NotificationTrigger.allCases.map(\.rawValue)])
            }
            out.insert(trigger)
        }
        return out
    }
}
