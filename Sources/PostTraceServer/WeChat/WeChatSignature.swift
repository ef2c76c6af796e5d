/// The WeChat platform's request signature: SHA-1 of the token, timestamp and nonce sorted and joined.
public enum WeChatSignature {
    /// The hex SHA-1 the platform sends for these values.
    public static func expected(token: String, timestamp: String, nonce: String) -> String {
        WebhookCrypto.hex(WebhookCrypto.sha1(Array([token, timestamp, nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined().utf8)))
    }

    /// Whether `signature` signs `timestamp` and `nonce` with `token` (compared in constant time).
    public static func isValid(token: String, timestamp: String?, nonce: String?, signature: String?) -> Bool {
        guard let timestamp, let nonce, let signature, !token.isEmpty,
              timestamp.utf8.count <= 32, nonce.utf8.count <= 128, signature.utf8.count == 40 else { return false }
        return WebhookCrypto.constantTimeEqual(Array(signature.lowercased().utf8),
                                               Array(expected(token: token, timestamp: timestamp, nonce: nonce).utf8))
    }
}
