import Foundation

/// Keeps webhook signing secrets encrypted in the store, so that a copy of the database (a backup, a
/// replica) is not enough to forge webhooks. The secrets must be readable to sign, so they are sealed
/// with AES-256-GCM under a key kept outside the database (`--secrets-key-file`), each bound to its
/// subscription's id: a sealed secret moved to another subscription does not open.
///
/// Stored form: `enc1:` + Base64(12-byte nonce ‖ ciphertext ‖ 16-byte tag). Secrets stored before a key
/// was configured stay plain until `posttrace subscriptions seal-secrets` seals them, and keep working.
public struct SecretSealer: Sendable {
    static let prefix = "enc1:"
    private let key: [UInt8]

    /// The sealer for a key file's contents: Base64 of 32 random bytes (`openssl rand -base64 32`),
    /// surrounding whitespace ignored; nil for anything else.
    public init?(keyFile contents: String) {
        guard let key = Data(base64Encoded: contents.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 else { return nil }
        self.key = Array(key)
    }

    /// Whether a stored secret is sealed (else it is a plain secret from before the key).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(prefix) }

    /// `secret` sealed for the subscription `id`, with a fresh nonce.
    public func seal(_ secret: String, for id: String) -> String {
        let nonce = LibCrypto.randomBytes(12)
        guard let sealed = LibCrypto.aes256GCMSeal(key: key, nonce: nonce, Array(secret.utf8), aad: Array(id.utf8)) else {
            fatalError("libcrypto AES-256-GCM failed")  // sizes are fixed here, so only libcrypto itself can fail
        }
        return Self.prefix + Data(nonce + sealed).base64EncodedString()
    }

    /// The secret for signing: a plain stored secret as it is, a sealed one opened with `sealer`.
    /// Nil when it is sealed and there is no sealer, another key sealed it, or it was altered or moved.
    public static func open(_ stored: String, for id: String, with sealer: SecretSealer?) -> String? {
        guard isSealed(stored) else { return stored }
        guard let sealer, let data = Data(base64Encoded: String(stored.dropFirst(prefix.count))), data.count >= 28 else { return nil }
        let bytes = Array(data)
        guard let plain = LibCrypto.aes256GCMOpen(key: sealer.key, nonce: Array(bytes.prefix(12)), Array(bytes.dropFirst(12)),
                                                  aad: Array(id.utf8)) else { return nil }
        return String(validating: plain, as: UTF8.self)
    }
}
