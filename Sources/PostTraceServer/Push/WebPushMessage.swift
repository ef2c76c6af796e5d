/// One Web Push message body encrypted for one browser (RFC 8291 over RFC 8188's aes128gcm), with a fresh
/// ephemeral key and salt per message: only the subscriber's browser, which holds the private half of
/// `p256dh` and the `auth` secret, can read it. Every primitive is libcrypto's (ECDH, HKDF, AES-128-GCM).
public enum WebPushMessage {
    /// Record size written in the header; one record holds the whole message (push services take ≤ 4096 bytes).
    static let recordSize: UInt32 = 4096

    /// Why a message could not be encrypted.
    public enum Failure: Error, Equatable { case badSubscriberKey, badAuthSecret, tooLarge, crypto }

    /// The request body: salt ‖ rs ‖ idlen ‖ keyid (the ephemeral public point) ‖ one encrypted record.
    /// `ephemeral` and `salt` are parameters only so that RFC 8291's example can be reproduced.
    public static func encrypt(_ plaintext: [UInt8], p256dh: [UInt8], auth: [UInt8],
                               ephemeral: P256Key = .generate(), salt: [UInt8] = LibCrypto.randomBytes(16)) throws(Failure) -> [UInt8] {
        guard let subscriber = P256Key(publicPoint: p256dh) else { throw .badSubscriberKey }
        guard auth.count == 16 else { throw .badAuthSecret }
        // The record carries the plaintext, the last-record delimiter (2) and the 16-byte tag.
        guard salt.count == 16, plaintext.count + 1 + 16 + 86 <= Int(recordSize) else { throw .tooLarge }
        let serverPoint = ephemeral.publicPoint
        guard let shared = ephemeral.sharedSecret(with: subscriber),
              let ikm = LibCrypto.hkdfSHA256(salt: auth, ikm: shared,
                                             info: Array("WebPush: info".utf8) + [0] + p256dh + serverPoint, length: 32),
              let key = LibCrypto.hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: aes128gcm".utf8) + [0], length: 16),
              let nonce = LibCrypto.hkdfSHA256(salt: salt, ikm: ikm, info: Array("Content-Encoding: nonce".utf8) + [0], length: 12),
              let record = LibCrypto.aes128GCMSeal(key: key, nonce: nonce, plaintext + [2]) else { throw .crypto }
        let size = recordSize
        let header = salt + [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
            + [UInt8(serverPoint.count)] + serverPoint
        return header + record
    }
}
