import CCrypto

/// A P-256 key (libcrypto's `EVP_PKEY`, owned here and freed in `deinit`): a private key that signs and
/// agrees keys, or a public key read from its uncompressed point. No raw pointer leaves this type.
///
/// Invariant: `key` is a valid EC key on P-256 for the object's whole life. `@unchecked Sendable` because
/// libcrypto allows concurrent use of one EVP_PKEY for signing and derivation (each call makes its own context).
public final class P256Key: @unchecked Sendable {
    fileprivate let key: OpaquePointer

    private init(_ key: OpaquePointer) { self.key = key }
    deinit { EVP_PKEY_free(key) }

    /// A new private key from libcrypto's generator.
    public static func generate() -> P256Key {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { fatalError("libcrypto: no EC support") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_group_name(context, "P-256") == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else { fatalError("libcrypto: P-256 key generation failed") }
        return P256Key(key)
    }

    /// A public key from its 65-byte uncompressed point (`04 ‖ x ‖ y`, as browsers give `p256dh`); nil unless
    /// the bytes are exactly such a point on the curve.
    public convenience init?(publicPoint point: [UInt8]) {
        guard point.count == 65, point[0] == 4, let key = Self.fromData(point: point, privateScalar: nil) else { return nil }
        self.init(key)
    }

    /// A private key from its 32-byte scalar, e.g. a test vector's; nil when it is not a valid P-256 scalar.
    public convenience init?(privateScalar scalar: [UInt8]) {
        guard scalar.count == 32, let key = Self.fromData(point: nil, privateScalar: scalar) else { return nil }
        self.init(key)
    }

    /// The uncompressed public point, 65 bytes.
    public var publicPoint: [UInt8] {
        var out = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &out, 65, &length) == 1, length == 65 else {
            fatalError("libcrypto: cannot encode a P-256 public key")
        }
        return out
    }

    /// The private scalar, 32 bytes big-endian; nil for a public key.
    public var privateScalar: [UInt8]? {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &number) == 1, let number else { return nil }
        defer { BN_clear_free(number) }
        var out = [UInt8](repeating: 0, count: 32)
        guard BN_bn2binpad(number, &out, 32) == 32 else { return nil }
        return out
    }

    /// ECDH: the 32-byte shared secret with `peer`'s public key.
    public func sharedSecret(with peer: P256Key) -> [UInt8]? {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var length = 0
        guard EVP_PKEY_derive_init(context) == 1, EVP_PKEY_derive_set_peer(context, peer.key) == 1,
              EVP_PKEY_derive(context, nil, &length) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_derive(context, &out, &length) == 1 else { return nil }
        return Array(out.prefix(length))
    }

    /// ES256 (ECDSA P-256 with SHA-256) over `message`, as JWS wants it: r ‖ s, 32 bytes each.
    public func signES256(_ message: [UInt8]) -> [UInt8]? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        var length = 0
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
              EVP_DigestSign(context, nil, &length, message, message.count) == 1 else { return nil }
        var der = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &der, &length, message, message.count) == 1 else { return nil }
        return der.withUnsafeBufferPointer { buffer -> [UInt8]? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let signature = d2i_ECDSA_SIG(nil, &cursor, length) else { return nil }
            defer { ECDSA_SIG_free(signature) }
            var r: OpaquePointer?, s: OpaquePointer?
            ECDSA_SIG_get0(signature, &r, &s)
            var out = [UInt8](repeating: 0, count: 64)
            let ok = out.withUnsafeMutableBufferPointer { p in
                BN_bn2binpad(r, p.baseAddress, 32) == 32 && BN_bn2binpad(s, p.baseAddress! + 32, 32) == 32
            }
            return ok ? out : nil
        }
    }

    /// Builds a key from parameters (OpenSSL 3's EVP_PKEY_fromdata), then has libcrypto check it: the point
    /// must be on the curve (public), the scalar in range and matching its point (private).
    private static func fromData(point: [UInt8]?, privateScalar: [UInt8]?) -> OpaquePointer? {
        var scalar: OpaquePointer?
        if let privateScalar {
            scalar = BN_bin2bn(privateScalar, Int32(privateScalar.count), nil)
            guard scalar != nil else { return nil }
        }
        defer { if let scalar { BN_clear_free(scalar) } }
        // A private key needs its public point too: derive it from the scalar.
        var publicPoint = point ?? []
        if let scalar, point == nil {
            guard let derived = derivePoint(scalar) else { return nil }
            publicPoint = derived
        }
        guard let params = LibCrypto.parameters({ builder in
            OSSL_PARAM_BLD_push_utf8_string(builder, LibCrypto.CName.group.pointer, LibCrypto.CName.p256.pointer, 0) == 1
                && (scalar == nil || OSSL_PARAM_BLD_push_BN(builder, LibCrypto.CName.privateKey.pointer, scalar) == 1)
        }, octets: [(.publicKey, publicPoint)]) else { return nil }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        // EVP_PKEY_PUBLIC_KEY and EVP_PKEY_KEYPAIR are macros built from these, which Swift does not import.
        let parameters = OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS
        let selection = Int32(parameters | OSSL_KEYMGMT_SELECT_PUBLIC_KEY | (scalar == nil ? 0 : OSSL_KEYMGMT_SELECT_PRIVATE_KEY))
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, params) == 1, let key else { return nil }
        guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else { EVP_PKEY_free(key); return nil }
        defer { EVP_PKEY_CTX_free(check) }
        guard (scalar == nil ? EVP_PKEY_public_check(check) : EVP_PKEY_pairwise_check(check)) == 1 else { EVP_PKEY_free(key); return nil }
        return key
    }

    /// The uncompressed point of `scalar` × G on P-256.
    private static func derivePoint(_ scalar: OpaquePointer) -> [UInt8]? {
        guard let group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1) else { return nil }
        defer { EC_GROUP_free(group) }
        guard let point = EC_POINT_new(group) else { return nil }
        defer { EC_POINT_free(point) }
        guard EC_POINT_mul(group, point, scalar, nil, nil, nil) == 1 else { return nil }
        var out = [UInt8](repeating: 0, count: 65)
        guard EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &out, 65, nil) == 65 else { return nil }
        return out
    }
}
