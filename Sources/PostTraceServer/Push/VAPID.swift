import Foundation
import PostTraceCore

/// Voluntary application-server identification (RFC 8292): a short-lived ES256 JWT naming the push
/// service's origin, signed with the server's P-256 key, and that key's public point.
public struct VAPID: Sendable {
    /// The server's key; its public point is what browsers pass as `applicationServerKey`.
    public let key: P256Key
    /// A contact for the push service (`mailto:` or `https:`), the JWT's `sub`.
    public let subject: String

    public init(key: P256Key, subject: String) { self.key = key; self.subject = subject }

    /// The public key as browsers take it: Base64url of the 65-byte point, no padding.
    public var publicKey: String { Base64URL.encode(key.publicPoint) }

    /// `Authorization: vapid t=<JWT>, k=<public key>` for a request to `endpoint`, valid 12 hours from `now`
    /// (the RFC allows at most 24). Nil when the endpoint has no origin.
    public func authorization(endpoint: URL, now: Int64) -> String? {
        guard let scheme = endpoint.scheme, let host = endpoint.host else { return nil }
        let origin = scheme + "://" + host + (endpoint.port.map { ":\($0)" } ?? "")
        let header = #"{"typ":"JWT","alg":"ES256"}"#
        let claims = JSONWriter.encode(JSONObject { o in
            o.member("aud", origin); o.member("exp", now + 12 * 3600); o.member("sub", subject)
        }, escapingHTML: false)
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(claims)
        guard let signature = key.signES256(Array(signingInput.utf8)) else { return nil }
        return "vapid t=\(signingInput).\(Base64URL.encode(signature)), k=\(publicKey)"
    }
}

/// Base64url without padding (RFC 4648 §5), as Web Push and JWS write bytes.
public enum Base64URL {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The bytes, or nil when `text` holds anything but the URL-safe alphabet (padding tolerated).
    public static func decode(_ text: String) -> [UInt8]? {
        var s = text
        while s.hasSuffix("=") { s.removeLast() }
        guard s.utf8.allSatisfy({ ($0 | 0x20) &- 97 < 26 || $0 &- 48 < 10 || $0 == 45 || $0 == 95 }) else { return nil }
        s = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        s += String(repeating: "=", count: (4 - s.count % 4) % 4)
        return Data(base64Encoded: s).map(Array.init)
    }
}
