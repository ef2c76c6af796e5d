extension PostgresStore {
    public func savedLaneTable() async throws -> SavedLaneTable? {
        let r = try with { try $0.run("lane_table", "SELECT built_at, body FROM lane_tables WHERE name = 'current'", []) }
        guard r.rows == 1, let builtAt = r.int(0, 0), let body = r.text(0, 1) else { return nil }
        return SavedLaneTable(builtAt: builtAt, json: body)
    }

    public func saveLaneTable(_ table: SavedLaneTable) async throws {
        _ = try with {
            try $0.run("save_lane_table", """
                INSERT INTO lane_tables (name, built_at, body) VALUES ('current', $1, $2)
                ON CONFLICT (name) DO UPDATE SET built_at = excluded.built_at, body = excluded.body
                """, [String(table.builtAt), table.json])
        }
    }
}
