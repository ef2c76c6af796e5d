import CCrypto

/// The WeChat platform's request signature: SHA-1 of the token, timestamp and nonce sorted and joined.
public enum WeChatSignature {
    /// The hex SHA-1 the platform sends for these values.
    public static func expected(token: String, timestamp: String, nonce: String) -> String {
        expected(token: token, parts: [timestamp, nonce])
    }

    /// The SHA-1 of the token and `parts` sorted and joined: `signature` signs timestamp and nonce, safe mode's
    /// `msg_signature` also the `Encrypt` value.
    public static func expected(token: String, parts: [String]) -> String {
        let sorted = ([token] + parts).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return LibCrypto.hex(sha1(Array(sorted.joined().utf8)))
    }

    /// Whether `signature` is safe mode's `msg_signature` of the `Encrypt` value (compared in constant time).
    public static func isValidMessage(token: String, timestamp: String?, nonce: String?, encrypted: String, signature: String?) -> Bool {
        guard let timestamp, let nonce, let signature, !token.isEmpty,
              timestamp.utf8.count <= 32, nonce.utf8.count <= 128, signature.utf8.count == 40 else { return false }
        return LibCrypto.constantTimeEqual(Array(signature.lowercased().utf8),
                                           Array(expected(token: token, parts: [timestamp, nonce, encrypted]).utf8))
    }

    /// Whether `signature` signs `timestamp` and `nonce` with `token` (compared in constant time).
    public static func isValid(token: String, timestamp: String?, nonce: String?, signature: String?) -> Bool {
        guard let timestamp, let nonce, let signature, !token.isEmpty,
              timestamp.utf8.count <= 32, nonce.utf8.count <= 128, signature.utf8.count == 40 else { return false }
        return LibCrypto.constantTimeEqual(Array(signature.lowercased().utf8),
                                           Array(expected(token: token, timestamp: timestamp, nonce: nonce).utf8))
    }

    /// SHA-1 (the platform's choice, not ours), with libcrypto's one-shot EVP digest: no handle is kept.
    static func sha1(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in EVP_Digest(d.baseAddress, d.count, o.baseAddress, &length, EVP_sha1(), nil) == 1 }
        }
        precondition(ok, "libcrypto SHA-1 failed")
        return Array(out.prefix(Int(length)))
    }
}
