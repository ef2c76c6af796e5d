import CSQLite

extension SQLiteStore: ShareStore {
    public func createShare(_ share: ParcelShare) async throws {
        try write { w in
            do {
                try w.connection.statement("INSERT INTO shares (token_hash, numbers, created_at, revoked_at) VALUES (?, ?, ?, ?)")
                    .run([.text(share.tokenHash), .text(ParcelShare.column(share.numbers)), .int(share.createdAt), .optional(share.revokedAt)])
            } catch let error as StoreError where error.category == .conflict {
                throw StoreError.conflict("share exists")
            }
        }
    }

    public func share(tokenHash: String) async throws -> ParcelShare? {
        try read { db in
            let stmt = try db.statement("SELECT numbers, created_at, revoked_at FROM shares WHERE token_hash = ?")
            try stmt.bind([.text(tokenHash)])
            defer { stmt.reset() }
            guard try stmt.step() else { return nil }
            return ParcelShare(tokenHash: tokenHash, numbers: ParcelShare.numbers(column: stmt.text(0) ?? ""), createdAt: stmt.int(1),
                               revokedAt: stmt.optionalInt(2))
        }
    }

    public func shares(after cursor: String?, limit: Int) async throws -> [ParcelShare] {
        try read { db in
            // BINARY collation: bytewise, as the cursor compares.
            let stmt = try db.statement("""
                SELECT token_hash, numbers, created_at, revoked_at FROM shares WHERE ?1 IS NULL OR token_hash > ?1 ORDER BY token_hash LIMIT ?2
                """)
            try stmt.bind([.optional(cursor), .int(Int64(max(0, limit)))])
            defer { stmt.reset() }
            var out: [ParcelShare] = []
            while try stmt.step() {
                guard let hash = stmt.text(0) else { continue }
                out.append(ParcelShare(tokenHash: hash, numbers: ParcelShare.numbers(column: stmt.text(1) ?? ""), createdAt: stmt.int(2),
                                       revokedAt: stmt.optionalInt(3)))
            }
            return out
        }
    }

    public func revokeShare(tokenHash: String, at time: Int64) async throws -> Bool {
        try write { w in
            try w.connection.statement("UPDATE shares SET revoked_at = ?, numbers = '' WHERE token_hash = ? AND revoked_at IS NULL")
                .run([.int(time), .text(tokenHash)])
            return w.connection.changes == 1
        }
    }
}
