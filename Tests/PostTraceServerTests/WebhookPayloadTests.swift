import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("webhook payload", .scratch)
struct WebhookPayloadTests {
    let number = S10Number("RR123456785DE")!

    func delivery(kind: NotificationKind = .event, event: Bool = true) -> OutboxDelivery {
        let scan = TrackingEvent(number: number, code: .arrivalAtInwardOffice, time: LocalTime(rfc3339: "2026-03-03T09:10:00+01:00")!,
                                 office: Office(code: "DEFRAA", name: "Frankfurt"), source: "feed", receivedAt: 1_764_000_123)
        return OutboxDelivery(id: "dlv_abc", sequence: 7, subscriptionID: "sub_1", kind: kind, number: number,
                              event: event ? scan : nil, status: .inCustoms, previousStatus: .inTransit,
                              stage: kind == .stale ? .importCustoms : nil, createdAt: 1_764_000_000, nextAttemptAt: 0)
    }

    @Test("the body carries the event, the new status, the timeline URL and the delivery id")
    func fields() throws {
        let body = WebhookPayload(delivery(), publicBaseURL: "https://track.example/").body()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(json["id"] as? String == "dlv_abc")
        #expect(json["type"] as? String == "tracking.event")
        #expect(json["status"] as? String == "in_customs")
        #expect(json["previous_status"] as? String == "in_transit")
        #expect(json["number"] as? String == "RR123456785DE")
        #expect(json["subscription_id"] as? String == "sub_1")
        #expect(json["timeline_url"] as? String == "https://track.example/t/RR123456785DE")
        #expect(json["created_at"] as? String == "2025-11-24T16:00:00Z")
        let event = try #require(json["event"] as? [String: Any])
        #expect(event["code"] as? String == "EMD")
        #expect(event["received_at"] == nil && event["receivedAt"] == nil, "internal bookkeeping stays out")
        #expect(json["stage"] == nil)
    }

    @Test("openapi.json's webhooks section describes exactly the members and values the server sends")
    func documented() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: openAPIFile)) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let payload = try #require(schemas["WebhookPayload"])
        let properties = try #require(payload["properties"] as? [String: [String: Any]])
        let required = Set(try #require(payload["required"] as? [String]))
        let eventMembers = Set(try #require(schemas["Event"]?["properties"] as? [String: Any]).keys)
        let webhook = try #require((document["webhooks"] as? [String: [String: Any]])?["trackingNotification"]?["post"] as? [String: Any])
        let headers = Set(try #require(webhook["parameters"] as? [[String: Any]]).compactMap { $0["name"] as? String })
        #expect(headers.isSuperset(of: [WebhookSignature.headerName, "PostTrace-Delivery", "PostTrace-Event"]))
        for kind in NotificationKind.allCases {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(WebhookPayload(delivery(kind: kind), publicBaseURL: "https://t.example").body())) as? [String: Any])
            #expect(Set(json.keys).isSubset(of: Set(properties.keys)), "undocumented members: \(Set(json.keys).subtracting(properties.keys))")
            #expect(required.isSubset(of: Set(json.keys)), "\(kind)")
            for (name, value) in json {
                if let allowed = properties[name]?["enum"] as? [String] { #expect(allowed.contains(value as? String ?? ""), "\(name): \(value)") }
            }
            if let event = json["event"] as? [String: Any] { #expect(Set(event.keys).isSubset(of: eventMembers)) }
        }
        for status in ItemStatus.allCases { #expect((properties["status"]?["enum"] as? [String])?.contains(status.rawValue) == true) }
        for stage in Stage.allCases { #expect((properties["stage"]?["enum"] as? [String])?.contains(stage.rawValue) == true) }
    }

    @Test("the same delivery always gives the same bytes, so retries are identical")
    func deterministic() {
        let a = WebhookPayload(delivery(), publicBaseURL: "https://track.example").body()
        let b = WebhookPayload(delivery(), publicBaseURL: "https://track.example///").body()
        #expect(a == b)
        #expect(!a.isEmpty)
    }

    @Test("every kind maps to its type; a stale alert names its stage")
    func kinds() throws {
        for kind in NotificationKind.allCases {
            #expect(WebhookPayload(delivery(kind: kind), publicBaseURL: "").type == "tracking.\(kind.rawValue)")
        }
        let stale = WebhookPayload(delivery(kind: .stale, event: false), publicBaseURL: "http://x").body()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stale)) as? [String: Any])
        #expect(json["stage"] as? String == "import_customs")
        #expect(json["event"] == nil)
    }
}
