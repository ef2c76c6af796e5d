extension PostgresStore {
    public func createKey(_ record: APIKeyRecord) async throws {
        do {
            _ = try with {
                try $0.run("create_key", """
                    INSERT INTO api_keys (id, name, scope, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)
                    """, [record.id, record.name, record.scope.rawValue, record.secretHash, String(record.createdAt),
                          record.revokedAt.map(String.init)])
            }
        } catch let error as StoreError where error.code == .postgres(.uniqueViolation) {
            throw StoreError.conflict("key \(record.id) exists")
        }
    }

    public func keys() async throws -> [APIKeyRecord] {
        let r = try with { try $0.run("keys", PostgresStore.selectKeys + " ORDER BY created_at DESC, id", []) }
        return (0..<r.rows).compactMap { PostgresStore.decodeKey(r, $0) }
    }

    public func revokeKey(id: String, at time: Int64) async throws -> Bool {
        let r = try with {
            try $0.run("revoke_key", "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING id",
                       [String(time), id])
        }
        return r.rows == 1
    }

    public func key(secretHash: String) async throws -> APIKeyRecord? {
        let r = try with { try $0.run("key_by_hash", PostgresStore.selectKeys + " WHERE secret_hash = $1 LIMIT 1", [secretHash]) }
        return r.rows == 1 ? PostgresStore.decodeKey(r, 0) : nil
    }

    public func touchKey(id: String, at time: Int64) async throws {
        _ = try with {
            try $0.run("touch_key", "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
                       [String(time), id])
        }
    }

    static let selectKeys = "SELECT id, name, scope, secret_hash, created_at, revoked_at, last_used_at FROM api_keys"

    static func decodeKey(_ r: PostgresResult, _ row: Int) -> APIKeyRecord? {
        guard let id = r.text(row, 0), let name = r.text(row, 1), let scope = r.text(row, 2).flatMap(APIKeyRecord.Scope.init(rawValue:)),
              let hash = r.text(row, 3), let created = r.int(row, 4) else { return nil }
        return APIKeyRecord(id: id, name: name, scope: scope, secretHash: hash, createdAt: created, revokedAt: r.int(row, 5),
                            lastUsedAt: r.int(row, 6))
    }
}
