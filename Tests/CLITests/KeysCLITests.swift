import Foundation
import Testing

@Suite("posttrace keys")
struct KeysCLITests {
    @Test("create prints the id and the secret once, with a warning on stderr")
    func create() throws {
        let run = try CLI.run(["keys", "create", "--name", "shop", "--scope", "ingest", "--db", "memory"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("scope:  ingest"))
        let secret = run.stdout.split(separator: "\n").first { $0.hasPrefix("secret: ") }?.dropFirst(8)
        #expect(secret?.hasPrefix("pt_") == true && secret?.count == 67)
        #expect(run.stderr.contains("shown only now"))
    }

    @Test("usage mistakes exit 64; revoking an unknown key exits 1")
    func mistakes() throws {
        #expect(try CLI.run(["keys"]).status == 64)
        #expect(try CLI.run(["keys", "mint"]).status == 64)
        #expect(try CLI.run(["keys", "create", "--name", "x", "--scope", "root", "--db", "memory"]).status == 64)
        #expect(try CLI.run(["keys", "create", "--scope", "read", "--db", "memory"]).status == 64)
        #expect(try CLI.run(["keys", "revoke", "--db", "memory"]).status == 64)
        let unknown = try CLI.run(["keys", "revoke", "k_nope", "--db", "memory"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no active key"))
        let list = try CLI.run(["keys", "list", "--json", "--db", "memory"])
        #expect(list.status == 0 && list.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }
}
