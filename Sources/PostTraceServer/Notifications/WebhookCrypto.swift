import CCrypto

/// The few libcrypto primitives notifications need: HMAC-SHA256 for webhook signatures,
/// SHA-1 for the WeChat handshake, random bytes for secrets and delivery ids.
/// One-shot libcrypto calls only, so no C handle outlives a call.
enum WebhookCrypto {
    /// HMAC-SHA256 of `message` with `key`.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    // A zero-length key still needs a valid pointer for libcrypto.
                    HMAC(EVP_sha256(), k.baseAddress ?? UnsafePointer(bitPattern: 1), Int32(k.count),
                         m.baseAddress, m.count, o.baseAddress, &length) != nil
                }
            }
        }
        precondition(ok, "libcrypto HMAC-SHA256 failed")
        return Array(out.prefix(Int(length)))
    }

    /// SHA-1 digest of `data`.
    static func sha1(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBufferPointer { d in
            out.withUnsafeMutableBufferPointer { o in
                EVP_Digest(d.baseAddress, d.count, o.baseAddress, &length, EVP_sha1(), nil) == 1
            }
        }
        precondition(ok, "libcrypto SHA-1 failed")
        return Array(out.prefix(Int(length)))
    }

    /// `count` bytes from libcrypto's CSPRNG.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) == 1 }
        precondition(ok, "libcrypto RAND_bytes failed")
        return out
    }

    /// Lower-case hex.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares without an early exit, so timing does not reveal how much of a signature matched.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
