import CCrypto

/// OpenSSL's libcrypto, the only cryptography PostTrace uses: SHA-256, HMAC-SHA256, secure random bytes
/// and constant-time comparison. Stateless: every call uses libcrypto's one-shot functions, so no handle is held.
public enum LibCrypto {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(bytes)
        input.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &digest) }
        return digest
    }

    /// HMAC-SHA256 of `message` under `key` (32 bytes), e.g. for webhook signatures.
    public static func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let k = Array(key), m = Array(message)
        k.withUnsafeBufferPointer { kp in
            m.withUnsafeBufferPointer { mp in
                _ = HMAC(EVP_sha256(), kp.baseAddress, Int32(kp.count), mp.baseAddress, mp.count, &digest, &length)
            }
        }
        return Array(digest.prefix(Int(length)))
    }

    /// `count` bytes from libcrypto's CSPRNG; traps if the generator fails (never fall back to weak randomness).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else { fatalError("RAND_bytes failed: no secure randomness") }
        return bytes
    }

    /// AES-256-CBC over whole 16-byte blocks, without libcrypto's padding (the caller pads, e.g. WeChat's
    /// 32-byte PKCS#7). Nil when the key is not 32 bytes, the IV not 16, the input not whole blocks, or
    /// libcrypto fails.
    public static func aes256CBC(encrypt: Bool, key: [UInt8], iv: [UInt8], _ input: [UInt8]) -> [UInt8]? {
        guard key.count == 32, iv.count == 16, input.count % 16 == 0, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0, final: Int32 = 0
        guard EVP_CipherInit_ex(context, EVP_aes_256_cbc(), nil, key, iv, encrypt ? 1 : 0) == 1,
              EVP_CIPHER_CTX_set_padding(context, 0) == 1,
              EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1
        else { return nil }
        let ok = output.withUnsafeMutableBufferPointer { EVP_CipherFinal_ex(context, $0.baseAddress! + Int(written), &final) == 1 }
        guard ok else { return nil }
        return Array(output.prefix(Int(written + final)))
    }

    /// AES-256-GCM: `plaintext` sealed under a 32-byte key and a 12-byte nonce, `aad` authenticated too;
    /// returns the ciphertext followed by the 16-byte tag, or nil on bad sizes or a libcrypto failure.
    public static func aes256GCMSeal(key: [UInt8], nonce: [UInt8], _ plaintext: [UInt8], aad: [UInt8]) -> [UInt8]? {
        guard key.count == 32 else { return nil }
        return gcm(encrypt: true, key: key, nonce: nonce, plaintext, tag: nil, aad: aad)
    }

    /// Opens what `aes256GCMSeal` made (ciphertext ‖ tag); nil when the tag does not verify (wrong key,
    /// nonce or `aad`, or altered bytes).
    public static func aes256GCMOpen(key: [UInt8], nonce: [UInt8], _ sealed: [UInt8], aad: [UInt8]) -> [UInt8]? {
        guard key.count == 32, sealed.count >= 16 else { return nil }
        return gcm(encrypt: false, key: key, nonce: nonce, Array(sealed.dropLast(16)), tag: Array(sealed.suffix(16)), aad: aad)
    }

    /// AES-128-GCM (Web Push's aes128gcm records): ciphertext ‖ 16-byte tag under a 16-byte key and 12-byte nonce.
    public static func aes128GCMSeal(key: [UInt8], nonce: [UInt8], _ plaintext: [UInt8]) -> [UInt8]? {
        guard key.count == 16 else { return nil }
        return gcm(encrypt: true, key: key, nonce: nonce, plaintext, tag: nil, aad: [])
    }

    /// Opens what `aes128GCMSeal` made; nil when the tag does not verify.
    public static func aes128GCMOpen(key: [UInt8], nonce: [UInt8], _ sealed: [UInt8]) -> [UInt8]? {
        guard key.count == 16, sealed.count >= 16 else { return nil }
        return gcm(encrypt: false, key: key, nonce: nonce, Array(sealed.dropLast(16)), tag: Array(sealed.suffix(16)), aad: [])
    }

    /// HKDF-SHA256 (RFC 5869, extract then expand) through libcrypto's KDF: `length` bytes.
    public static func hkdfSHA256(salt: [UInt8], ikm: [UInt8], info: [UInt8], length: Int) -> [UInt8]? {
        guard let kdf = EVP_KDF_fetch(nil, "HKDF", nil) else { return nil }
        defer { EVP_KDF_free(kdf) }
        guard let context = EVP_KDF_CTX_new(kdf) else { return nil }
        defer { EVP_KDF_CTX_free(context) }
        // An empty salt means a hash-length of zeros (RFC 5869).
        let saltBytes = salt.isEmpty ? [UInt8](repeating: 0, count: 32) : salt
        guard let params = parameters({ OSSL_PARAM_BLD_push_utf8_string($0, CName.digest.pointer, CName.sha256.pointer, 0) == 1 },
                                      octets: [(.key, ikm), (.salt, saltBytes), (.info, info)])
        else { return nil }
        defer { OSSL_PARAM_free(params) }
        var out = [UInt8](repeating: 0, count: length)
        guard EVP_KDF_derive(context, &out, length, params) == 1 else { return nil }
        return out
    }

    /// A C string that lives as long as the process, for OSSL_PARAM names and fixed values: a parameter
    /// array points at its names, and a builder at its values until `OSSL_PARAM_BLD_to_param`, so Swift's
    /// temporary bridged strings would dangle.
    struct CName: @unchecked Sendable {  // Invariant: `pointer` is never freed or written.
        let pointer: UnsafePointer<CChar>
        init(_ text: String) { pointer = UnsafePointer(strdup(text)!) }
        static let group = CName(OSSL_PKEY_PARAM_GROUP_NAME), publicKey = CName(OSSL_PKEY_PARAM_PUB_KEY)
        static let privateKey = CName(OSSL_PKEY_PARAM_PRIV_KEY), digest = CName(OSSL_KDF_PARAM_DIGEST)
        static let key = CName(OSSL_KDF_PARAM_KEY), salt = CName(OSSL_KDF_PARAM_SALT), info = CName(OSSL_KDF_PARAM_INFO)
        static let p256 = CName("P-256"), sha256 = CName("SHA256")
    }

    /// An OSSL_PARAM array (free it with `OSSL_PARAM_free`) from `push` and byte strings, each byte string
    /// pinned until the builder has copied it. Names and string values must be `CName`s.
    static func parameters(_ push: (OpaquePointer) -> Bool, octets: [(CName, [UInt8])]) -> UnsafeMutablePointer<OSSL_PARAM>? {
        guard let builder = OSSL_PARAM_BLD_new() else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        guard push(builder) else { return nil }
        func pin(_ rest: ArraySlice<(CName, [UInt8])>) -> UnsafeMutablePointer<OSSL_PARAM>? {
            guard let (name, bytes) = rest.first else { return OSSL_PARAM_BLD_to_param(builder) }
            return bytes.withUnsafeBytes { buffer in
                // An empty array may have no base address; libcrypto wants a pointer even for zero bytes.
                let pointer = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                guard OSSL_PARAM_BLD_push_octet_string(builder, name.pointer, pointer, buffer.count) == 1 else { return nil }
                return pin(rest.dropFirst())
            }
        }
        return pin(octets[...])
    }

    private static func gcm(encrypt: Bool, key: [UInt8], nonce: [UInt8], _ input: [UInt8], tag: [UInt8]?, aad: [UInt8]) -> [UInt8]? {
        guard key.count == 32 || key.count == 16, nonce.count == 12, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0, final: Int32 = 0, ignored: Int32 = 0
        // GCM's default nonce length is 12 bytes, so the key and nonce go in with the cipher.
        guard EVP_CipherInit_ex(context, key.count == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm(), nil, key, nonce, encrypt ? 1 : 0) == 1,
              aad.isEmpty || EVP_CipherUpdate(context, nil, &ignored, aad, Int32(aad.count)) == 1,
              input.isEmpty || EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1
        else { return nil }
        if var tag {
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, 16, &tag) == 1 else { return nil }
        }
        let finished = output.withUnsafeMutableBufferPointer { EVP_CipherFinal_ex(context, $0.baseAddress! + Int(written), &final) == 1 }
        guard finished else { return nil }  // decrypting: the tag did not verify
        var out = Array(output.prefix(Int(written + final)))
        if encrypt {
            var tag = [UInt8](repeating: 0, count: 16)
            guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, 16, &tag) == 1 else { return nil }
            out += tag
        }
        return out
    }

    /// Whether two byte strings are equal, in time that depends only on their length.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, a.count) == 0 } }
    }

    /// A random 64-bit value from libcrypto's CSPRNG.
    public static func randomUInt64() -> UInt64 { randomBytes(8).reduce(0) { $0 << 8 | UInt64($1) } }

    /// 16 lower-case hex digits of `value`, most significant first.
    public static func hex(_ value: UInt64) -> String { hex(withUnsafeBytes(of: value.bigEndian) { Array($0) }) }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
