import Foundation
import PostTraceCore
import PostTraceStore
import S10

/// A browser's push subscription as PostTrace keeps it: a `Subscription` whose callback URL is the push
/// service's endpoint and whose secret holds what encrypting for that browser needs (its `p256dh` key, its
/// `auth` secret) and the language it reads. Kept in the secret so that `--secrets-key-file` seals it like a
/// webhook's signing secret, and so that push rides the same outbox, triggers, retries and leases.
public struct PushTarget: Sendable, Hashable {
    static let prefix = "webpush1:"
    /// What a browser is told about: the changes a person following a parcel cares about.
    public static let triggers: Set<NotificationTrigger> = [.firstRecord, .statusChange, .delivered, .estimateChange]

    public var p256dh: [UInt8]
    public var auth: [UInt8]
    public var language: Language

    public init(p256dh: [UInt8], auth: [UInt8], language: Language) { self.p256dh = p256dh; self.auth = auth; self.language = language }

    /// The stored form: `webpush1:<lang>:<p256dh>:<auth>` (Base64url).
    public var secret: String { Self.prefix + language.rawValue + ":" + Base64URL.encode(p256dh) + ":" + Base64URL.encode(auth) }

    /// The target a stored (opened) secret describes; nil for a webhook's signing secret.
    public init?(secret: String) {
        guard secret.hasPrefix(Self.prefix) else { return nil }
        let parts = secret.dropFirst(Self.prefix.count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let language = Language(rawValue: parts[0]), let key = Base64URL.decode(parts[1]),
              let auth = Base64URL.decode(parts[2]) else { return nil }
        self.init(p256dh: key, auth: auth, language: language)
    }

    /// What the service worker shows, in the subscriber's language: the parcel's number (the worker puts the
    /// person's own name for it in the title when it knows one), the status and what happened, and the page
    /// to open. Small enough for one 4 KB record.
    public func message(for delivery: OutboxDelivery) -> [UInt8] {
        let language = self.language
        var body = delivery.status.title(in: language)
        if let estimate = delivery.estimate, delivery.kind == .estimateChanged {
            body = estimate.sentence(in: language, now: delivery.createdAt)
        } else if let event = delivery.event {
            body += " · " + event.code.title(in: language)
        }
        let estimate = delivery.estimate.map { e in
            ["earliest": e.earliest.description, "latest": e.latest.description, "most_likely": e.mostLikely.description]
        }
        // Only the service worker reads it (JSON.parse), and the record is small: no HTML escaping.
        return JSONWriter.encode(JSONObject { o in
            o.member("type", "tracking." + delivery.kind.rawValue)
            o.member("id", delivery.id)
            o.member("number", delivery.number.description)
            o.member("status", delivery.status.rawValue)
            o.member("title", delivery.number.description)
            o.member("body", body)
            o.member("url", "/t/\(delivery.number)?lang=\(language.rawValue)")
            o.member("lang", language.rawValue)
            o.member("dir", language.isRightToLeft ? "rtl" : "ltr")
            o.member("estimated_delivery", ifPresent: estimate)
        }, escapingHTML: false)
    }
}
