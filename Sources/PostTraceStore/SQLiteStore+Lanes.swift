extension SQLiteStore {
    public func savedLaneTable() async throws -> SavedLaneTable? {
        try read { db in
            let stmt = try db.statement("SELECT built_at, body FROM lane_tables WHERE name = 'current'")
            defer { stmt.reset() }
            guard try stmt.step(), let body = stmt.text(1) else { return nil }
            return SavedLaneTable(builtAt: stmt.int(0), json: body)
        }
    }

    public func saveLaneTable(_ table: SavedLaneTable) async throws {
        try write { w in
            try w.connection.statement("""
                INSERT INTO lane_tables (name, built_at, body) VALUES ('current', ?1, ?2)
                ON CONFLICT (name) DO UPDATE SET built_at = excluded.built_at, body = excluded.body
                """).run([.int(table.builtAt), .text(table.json)])
        }
    }
}
