import CSQLite

extension SQLiteStore {
    public func createKey(_ record: APIKeyRecord) async throws {
        try write { w in
            let db = w.connection
            do {
                try db.statement("""
                    INSERT INTO api_keys (id, name, scope, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)
                    """).run([.text(record.id), .text(record.name), .text(record.scope.rawValue), .text(record.secretHash),
                              .int(record.createdAt), .optional(record.revokedAt)])
            } catch let error as StoreError where error.category == .conflict {
                throw StoreError.conflict("key \(record.id) exists")
            }
        }
    }

    public func keys() async throws -> [APIKeyRecord] {
        try read { db in
            let stmt = try db.statement(SQLiteStore.selectKeys + " ORDER BY created_at DESC, id")
            var out: [APIKeyRecord] = []
            while try stmt.step() { if let r = SQLiteStore.decodeKey(stmt) { out.append(r) } }
            return out
        }
    }

    public func revokeKey(id: String, at time: Int64) async throws -> Bool {
        try write { w in
            try w.connection.statement("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .run([.int(time), .text(id)])
            return w.connection.changes == 1
        }
    }

    public func key(secretHash: String) async throws -> APIKeyRecord? {
        try read { db in
            let stmt = try db.statement(SQLiteStore.selectKeys + " WHERE secret_hash = ? LIMIT 1")
            try stmt.bind([.text(secretHash)])
            defer { stmt.reset() }
            return try stmt.step() ? SQLiteStore.decodeKey(stmt) : nil
        }
    }

    public func touchKey(id: String, at time: Int64) async throws {
        try write { w in
            try w.connection.statement("UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?1)")
                .run([.int(time), .text(id)])
        }
    }

    static let selectKeys = "SELECT id, name, scope, secret_hash, created_at, revoked_at, last_used_at FROM api_keys"

    static func decodeKey(_ s: SQLiteStatement) -> APIKeyRecord? {
        guard let id = s.text(0), let name = s.text(1), let scope = s.text(2).flatMap(APIKeyRecord.Scope.init(rawValue:)),
              let hash = s.text(3) else { return nil }
        return APIKeyRecord(id: id, name: name, scope: scope, secretHash: hash, createdAt: s.int(4), revokedAt: s.optionalInt(5),
                            lastUsedAt: s.optionalInt(6))
    }
}
