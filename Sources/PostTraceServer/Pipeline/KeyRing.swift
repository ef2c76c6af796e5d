import Foundation
import PostTraceStore
import Synchronization

/// API keys: creates them (the secret is returned once, only its SHA-256 is stored), lists, revokes, and
/// authenticates `Authorization: Bearer …` secrets.
public struct KeyRing: Sendable {
    /// A created key: the record as stored and the secret, which is never shown again.
    public struct Created: Sendable {
        public var record: APIKeyRecord
        public var secret: String
    }

    private let store: any APIKeyStore
    /// The minute each key was last recorded as used: one store write per key and minute, not per request.
    private let recorded = KeyUseMinutes()
    /// Digests of secrets that authenticated lately: a client whose address is out of tokens may still present
    /// one of these (looked up again, so a revocation counts at once); any other secret is refused unread.
    private let recentlyValid = RecentDigests()

    /// Uses `store` to keep the records.
    public init(store: any APIKeyStore) { self.store = store }

    /// Creates a key with a fresh 256-bit secret from libcrypto's RAND_bytes.
    public func create(name: String, scope: APIKeyRecord.Scope, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> Created {
        let secret = "pt_" + LibCrypto.hex(LibCrypto.randomBytes(32))
        let record = APIKeyRecord(id: "k_" + LibCrypto.hex(LibCrypto.randomBytes(6)), name: name, scope: scope,
                                  secretHash: Self.hash(secret), createdAt: now)
        try await store.createKey(record)
        return Created(record: record, secret: secret)
    }

    /// Every key, newest first.
    public func list() async throws -> [APIKeyRecord] { try await store.keys() }

    /// Revokes an active key; false when no active key has this id.
    public func revoke(id: String, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> Bool {
        try await store.revokeKey(id: id, at: now)
    }

    /// The active key for a presented secret, or nil. The stored hash is compared in constant time.
    public func authenticate(secret: String, now: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> APIKeyRecord? {
        guard secret.utf8.count <= 200 else { return nil }
        let digest = LibCrypto.sha256(Array(secret.utf8))
        guard let record = try await store.key(secretHash: LibCrypto.hex(digest)), record.revokedAt == nil,
              let stored = Self.bytes(hex: record.secretHash),
              LibCrypto.constantTimeEqual(stored, digest) else { return nil }
        recentlyValid.insert(digest)
        noteUse(of: record.id, at: now)
        return record
    }

    /// Whether `secret` authenticated a request lately (in this process); no store access.
    func authenticatedLately(secret: String) -> Bool {
        secret.utf8.count <= 200 && recentlyValid.contains(LibCrypto.sha256(Array(secret.utf8)))
    }

    /// Records the key's use, to the minute, once per minute, without making the request wait for the write
    /// (a failure only leaves the time older; the next minute tries again).
    private func noteUse(of id: String, at now: Int64) {
        let minute = now - now % 60
        let due = recorded.minutes.withLock { seen in
            guard seen[id] != minute else { return false }
            if seen.count > 10_000 { seen.removeAll() }  // many keys: forget, at worst one more write each
            seen[id] = minute
            return true
        }
        guard due else { return }
        let store = self.store
        Task.detached(executorPreference: BackgroundThreads.executor) { try? await store.touchKey(id: id, at: minute) }
    }

    /// Lower-case hex SHA-256 of a secret, as stored.
    public static func hash(_ secret: String) -> String { LibCrypto.hex(LibCrypto.sha256(Array(secret.utf8))) }

    static func bytes(hex: String) -> [UInt8]? {
        let chars = Array(hex.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = [UInt8]()
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }
}

extension APIKeyRecord.Scope {
    /// Whether a key with this scope may do what `needed` allows: admin grants everything, every scope grants
    /// read, ingest and subscribe grant themselves only (an ingesting system cannot register webhooks).
    public func grants(_ needed: APIKeyRecord.Scope) -> Bool {
        self == .admin || needed == .read || self == needed
    }
}

/// Digests of secrets that authenticated, shared by the copies of one `KeyRing`; forgotten all at once past
/// 10,000 (a forgotten key only waits for its address's bucket once).
final class RecentDigests: Sendable {
    private let digests = Mutex<Set<[UInt8]>>([])
    func insert(_ digest: [UInt8]) {
        digests.withLock { set in
            if set.count >= 10_000 { set.removeAll() }
            set.insert(digest)
        }
    }
    func contains(_ digest: [UInt8]) -> Bool { digests.withLock { $0.contains(digest) } }
}

/// The minute each key was last recorded as used, shared by the copies of one `KeyRing`.
final class KeyUseMinutes: Sendable {
    let minutes = Mutex<[String: Int64]>([:])
}
