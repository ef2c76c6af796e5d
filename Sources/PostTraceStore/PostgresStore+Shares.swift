extension PostgresStore: ShareStore {
    public func createShare(_ share: ParcelShare) async throws {
        do {
            _ = try with {
                try $0.run("create_share", "INSERT INTO shares (token_hash, numbers, created_at, revoked_at) VALUES ($1, $2, $3, $4)",
                           [share.tokenHash, ParcelShare.column(share.numbers), String(share.createdAt), share.revokedAt.map(String.init)])
            }
        } catch let error as StoreError where error.code == .postgres(.uniqueViolation) {
            throw StoreError.conflict("share exists")
        }
    }

    public func share(tokenHash: String) async throws -> ParcelShare? {
        let r = try with { try $0.run("share_by_hash", "SELECT numbers, created_at, revoked_at FROM shares WHERE token_hash = $1", [tokenHash]) }
        guard r.rows == 1, let created = r.int(0, 1) else { return nil }
        return ParcelShare(tokenHash: tokenHash, numbers: ParcelShare.numbers(column: r.text(0, 0) ?? ""), createdAt: created, revokedAt: r.int(0, 2))
    }

    public func shares(after cursor: String?, limit: Int) async throws -> [ParcelShare] {
        // COLLATE "C": bytewise, as SQLite and the cursor compare, whatever the database's collation.
        let r = try with {
            try $0.run("shares_page", """
                SELECT token_hash, numbers, created_at, revoked_at FROM shares
                WHERE $1::text IS NULL OR token_hash COLLATE "C" > $1::text COLLATE "C" ORDER BY token_hash COLLATE "C" LIMIT $2
                """, [cursor, String(max(0, limit))])
        }
        return (0..<r.rows).compactMap { row in
            guard let hash = r.text(row, 0), let created = r.int(row, 2) else { return nil }
            return ParcelShare(tokenHash: hash, numbers: ParcelShare.numbers(column: r.text(row, 1) ?? ""), createdAt: created,
                               revokedAt: r.int(row, 3))
        }
    }

    public func revokeShare(tokenHash: String, at time: Int64) async throws -> Bool {
        let r = try with {
            try $0.run("revoke_share", "UPDATE shares SET revoked_at = $1, numbers = '' WHERE token_hash = $2 AND revoked_at IS NULL RETURNING 1",
                       [String(time), tokenHash])
        }
        return r.rows == 1
    }
}
