/// The `PostTrace-Signature` header of a webhook request:
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the subscription's secret>`.
/// The timestamp is inside the signed text, so a receiver can reject replays of old requests.
public struct WebhookSignature: Sendable, Hashable {
    /// The header's name.
    public static let headerName = "PostTrace-Signature"
    /// Seconds since 1970 (UTC) when the request was signed.
    public var timestamp: Int64
    /// Lower-case hex HMAC-SHA256 values (`v1=`); a header may carry several during secret rotation.
    public var v1: [String]

    /// Signs `body` at `timestamp` with `secret`.
    public init(secret: String, timestamp: Int64, body: [UInt8]) {
        self.timestamp = timestamp
        self.v1 = [WebhookSignature.mac(secret: secret, timestamp: timestamp, body: body)]
    }

    /// Parses a header value; nil when it has no timestamp or no `v1` value. Unknown keys are ignored
    /// so that a later scheme (`v2=`) can be added beside `v1`.
    public init?(header: String) {
        guard header.utf8.count <= 4096 else { return nil }
        var timestamp: Int64?, values: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingSpaces, value = pair[1].trimmingSpaces
            if key == "t" { timestamp = Int64(value) } else if key == "v1" { values.append(String(value)) }
        }
        guard let timestamp, !values.isEmpty else { return nil }
        self.timestamp = timestamp
        self.v1 = values
    }

    /// The header value, e.g. `t=1764000000,v1=5f…`.
    public var header: String { (["t=\(timestamp)"] + v1.map { "v1=\($0)" }).joined(separator: ",") }

    /// Whether `body` was signed with `secret` no more than `tolerance` seconds away from `now`.
    public func verifies(body: [UInt8], secret: String, now: Int64, tolerance: Int64 = 300) -> Bool {
        guard abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(WebhookSignature.mac(secret: secret, timestamp: timestamp, body: body).utf8)
        // Check every value without stopping early: timing must not reveal which one matched.
        var matched = false
        for value in v1 where LibCrypto.constantTimeEqual(Array(value.lowercased().utf8), expected) { matched = true }
        return matched
    }

    static func mac(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        LibCrypto.hex(LibCrypto.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + body))
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
