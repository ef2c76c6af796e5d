import Foundation
import PostTraceServer
import PostTraceStore

enum KeysCommand {
    static let command = Command(
        name: "keys",
        summary: "Create, list and revoke API keys",
        help: """
            Usage: posttrace keys create --name NAME --scope read|ingest|subscribe|admin [--db …]
                   posttrace keys list [--db …] [--json]     (with when each key was last used, to the minute)
                   posttrace keys revoke ID [--db …]

            The secret of a new key is printed once; only its SHA-256 is stored. Send it as
            'Authorization: Bearer <secret>'. Scopes: read (lookups), ingest (read and POST /v1/events),
            subscribe (read, and creating webhook subscriptions and test deliveries), admin (everything, and
            every key's subscriptions). Revoking a key stops deliveries to its subscriptions.
            --db: posttrace.db (SQLite, the default) or postgres://…; env POSTTRACE_DB or POSTTRACE_DATABASE_URL.

            Exit status: 0 done, 1 no such active key (revoke), 64 usage, 74 cannot open the store.
            """,
        run: run)

    static func run(_ args: [String]) async throws -> Int32 {
        let a = try Arguments(args, options: ["db", "name", "scope"], flags: ["json"])
        guard let action = a.positionals.first else { throw UsageError(message: "say create, list or revoke") }
        guard let store = try Storage.open(a.value("db", env: "POSTTRACE_DB"), command: "keys") else { return ExitCode.ioError }
        let keyRing = KeyRing(store: store)
        let status = try await perform(action, a, keyRing)
        await store.close()
        return status
    }

    private static func perform(_ action: String, _ a: Arguments, _ keyRing: KeyRing) async throws -> Int32 {
        switch action {
        case "create":
            guard a.positionals.count == 1 else { throw UsageError(message: "unexpected argument '\(a.positionals[1])'") }
            guard let name = a.value("name"), !name.isEmpty, name.count <= 100 else { throw UsageError(message: "--name is required (1–100 characters)") }
            guard let scopeText = a.value("scope"), let scope = APIKeyRecord.Scope(rawValue: scopeText) else {
                throw UsageError(message: "--scope must be read, ingest, subscribe or admin")
            }
            let created = try await keyRing.create(name: name, scope: scope)
            print("id:     \(created.record.id)\nname:   \(name)\nscope:  \(scope.rawValue)\nsecret: \(created.secret)")
            printError("posttrace keys: the secret is shown only now; store it safely")
        case "list":
            let keys = try await keyRing.list()
            if a.has("json") {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                // Never print the hash either: it identifies the secret.
                let shown = keys.map { ["id": $0.id, "name": $0.name, "scope": $0.scope.rawValue, "created_at": String($0.createdAt),
                                        "revoked_at": $0.revokedAt.map(String.init) ?? "", "last_used_at": $0.lastUsedAt.map(String.init) ?? ""] }
                print(String(decoding: try encoder.encode(shown), as: UTF8.self))
            } else {
                for key in keys {
                    // When it was last used, to find keys nobody uses any more (and revoke them).
                    let used = key.lastUsedAt.map { "used " + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval($0))) }
                    print([key.id, key.scope.rawValue, key.revokedAt == nil ? "active" : "revoked", used ?? "never used", key.name]
                        .joined(separator: "\t"))
                }
            }
        case "revoke":
            guard a.positionals.count == 2 else { throw UsageError(message: "say which key: posttrace keys revoke ID") }
            guard try await keyRing.revoke(id: a.positionals[1]) else {
                printError("posttrace keys: no active key with id '\(a.positionals[1])'")
                return ExitCode.negative
            }
            print("revoked \(a.positionals[1])")
        default:
            throw UsageError(message: "unknown action '\(action)': say create, list or revoke")
        }
        return ExitCode.ok
    }
}
