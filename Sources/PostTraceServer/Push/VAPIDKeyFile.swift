import Foundation

extension VAPID {
    /// The server's VAPID key from `path`, made on first start: Base64url of the 32-byte private scalar,
    /// written with mode 0600 (like the secrets key, it must be the same on every server behind one name, and
    /// stay out of the database so a copy of it cannot impersonate the server). Throws when the file exists
    /// but holds no valid key, or cannot be written: a server must not silently switch keys, which would
    /// invalidate every browser's subscription.
    public static func load(keyFile path: String, subject: String) throws -> VAPID {
        if FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let scalar = Base64URL.decode(text), let key = P256Key(privateScalar: scalar) else {
                throw VAPIDKeyError(path: path, reason: "holds no P-256 private key (Base64url of 32 bytes)")
            }
            return VAPID(key: key, subject: subject)
        }
        let key = P256Key.generate()
        guard let scalar = key.privateScalar,
              FileManager.default.createFile(atPath: path, contents: Data((Base64URL.encode(scalar) + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw VAPIDKeyError(path: path, reason: "cannot be written")
        }
        return VAPID(key: key, subject: subject)
    }
}

/// The VAPID key file is unusable; the message names it but never its contents.
public struct VAPIDKeyError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "VAPID key file \(path) \(reason)" }
}
