import Foundation
import PostTraceCore
import PostTraceServer
import PostTraceStore
import S10

/// Webhooks: building and signing one delivery, and what the durable outbox costs the insert path.
/// Peers: Python's `json` + `hmac` signing the same payload (passed in with `--peer-sign N`), and the
/// same SQLite insert with no subscriptions, measured in this run.
enum WebhookBench {
    @Sendable static func run(_ args: [String]) async throws {
        let quick = args.contains("--quick")
        let peer = args.firstIndex(of: "--peer-sign").flatMap { args.indices.contains($0 + 1) ? Double(args[$0 + 1]) : nil }
        let rounds = quick ? 5_000 : 50_000
        let delivery = sample()
        if args.contains("--write-payload") {
            // The peer signs exactly this document.
            print(String(decoding: WebhookPayload(delivery, publicBaseURL: "https://track.example").body(), as: UTF8.self))
            return
        }
        var sink = 0
        let sign = TimelineBench.measure(rounds) {
            let body = WebhookPayload(delivery, publicBaseURL: "https://track.example").body()
            sink &+= WebhookSignature(secret: "whsec_0123456789abcdef0123456789abcdef", timestamp: 1_780_000_000, body: body).header.utf8.count
        }
        let batches = quick ? 20 : 100
        // Best of 3 rounds, the three kinds alternating: synced commits vary a lot from one run to the next on a
        // shared disk, and a single run each once showed a 42% "cost" where alternating runs show none.
        var plain = 0.0, one = 0.0, many = 0.0
        for _ in 0..<3 {
            plain = max(plain, try await insertRate(batches: batches, subscribed: 0))
            one = max(one, try await insertRate(batches: batches, subscribed: 1))
            many = max(many, try await insertRate(batches: batches, subscribed: 1_000))
        }

        print("## Webhooks: signing and the durable outbox (PostTraceServer, PostTraceStore)")
        print()
        print("Signing: build the JSON body of one delivery (with its event) and its `PostTrace-Signature` (HMAC-SHA256 over `t.body`), \(rounds) rounds, best of 3 batches.")
        print("Outbox: \(batches) batches of 1,000 new scans over 50,000 items into a fresh SQLite file (WAL, synchronous=FULL), with outbox rows written in the same transaction; best of 3 alternating runs each.")
        print()
        print("| Operation | Per second | Time per operation |")
        print("|---|---:|---:|")
        TimelineBench.row("Build + sign one webhook delivery (ours)", rounds, sign)
        if let peer { print("| Build + sign the same payload: Python `json.dumps` + `hmac` (peer) | \(TimelineBench.grouped(Int(peer))) | \(String(format: "%.2f µs", 1e6 / peer)) |") }
        print("| Insert scans, no subscriptions (peer: the plain store) | \(TimelineBench.grouped(Int(plain))) | \(String(format: "%.2f µs", 1e6 / plain)) |")
        print("| Insert scans, 1 subscription on another item | \(TimelineBench.grouped(Int(one))) | \(String(format: "%.2f µs", 1e6 / one)) |")
        print("| Insert scans, 1,000 subscribed items (every_event + status_change) | \(TimelineBench.grouped(Int(many))) | \(String(format: "%.2f µs", 1e6 / many)) |")
        print()
        if let peer { print("Ratio: signing is \(String(format: "%.1f", Double(rounds) / sign / peer))× Python's stdlib on the same payload.") }
        print("Ratio: the outbox check costs \(String(format: "%.0f", max(0, (1 - one / plain) * 100)))% of insert throughput when nothing in the batch is subscribed; with 1,000 subscribed items (each batch writes ~2 deliveries per subscribed scan) inserts run at \(String(format: "%.2f", many / plain))× the plain rate.")
        print()
        if sink == 42 { print("") }
    }

    /// Events per second for `batches` inserts of 1,000 scans, with `subscribed` items watched.
    static func insertRate(batches: Int, subscribed: Int) async throws -> Double {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posttrace-webhook-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("b.db").path)
        if subscribed > 0 {
            let numbers = subscribed == 1 ? [number(99_999_999)] : (0..<subscribed).map { number(UInt32($0 * 50)) }
            try await store.createSubscription(Subscription(id: "sub_bench", numbers: numbers, callbackURL: "https://hooks.example/",
                                                            triggers: [.everyEvent, .statusChange], secret: "k", ownerKeyID: nil, createdAt: 0))
        }
        let codes: [EventCode] = [.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice, .arrivalAtInwardOffice]
        let work: [[TrackingEvent]] = (0..<batches).map { b in
            (0..<1_000).map { i in
                TrackingEvent(number: number(UInt32((b * 1_000 + i) % 50_000)), code: codes[(b * 1_000 + i) / 50_000 % codes.count],
                              time: LocalTime(epochSeconds: 1_780_000_000 + Int64(b) * 3_600, utcOffsetSeconds: 28_800)!,
                              office: Office(code: "CNPEKA"))
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for batch in work { _ = try await store.insert(batch) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        await store.close()
        return Double(batches * 1_000) / seconds
    }

    static func number(_ serial: UInt32) -> S10Number { S10Number(serviceIndicator: "EE", serial: serial, countryCode: "CN")! }

    static func sample() -> OutboxDelivery {
        let n = number(12_345_678)
        let event = TrackingEvent(number: n, code: .arrivalAtInwardOffice, time: LocalTime(rfc3339: "2026-03-03T09:10:00+01:00")!,
                                  office: Office(code: "DEFRAA", name: "Frankfurt IMPC", city: "Frankfurt"), nextOffice: "DEBERA",
                                  transport: "LH8421", source: "upu-ems")
        return OutboxDelivery(id: "dlv_0123456789abcdef01234567", sequence: 1, subscriptionID: "sub_0123456789abcdef0123", kind: .event,
                              number: n, event: event, status: .inTransit, previousStatus: .inTransit, createdAt: 1_780_000_000,
                              nextAttemptAt: 1_780_000_000)
    }
}
