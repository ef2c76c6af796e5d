import Foundation
import Synchronization
import PostTraceStore
import Testing
import TestSupport

@Suite("Read replicas and connection URLs", .scratch)
struct ReadReplicaTests {
    @Test("URLs lose their passwords, whatever their shape", arguments: [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("postgres://u@h:5432/db", "postgres://u@h:5432/db"),
        ("postgresql://u:p%40ss@h1:5432,h2:5433/db?target_session_attrs=read-write", "postgresql://u:***@h1:5432,h2:5433/db?target_session_attrs=read-write"),
        ("postgresql://h/db?user=u&password=secret&sslmode=require", "postgresql://h/db?user=u&password=***&sslmode=require"),
        ("postgresql://h/db?PassWord=x&sslpassword=y", "postgresql://h/db?PassWord=***&sslpassword=***"),
        ("postgresql://u:a:b@c@h/db?x=@", "postgresql://u:***@h/db?x=@"),
        ("postgresql://h/db?password", "postgresql://h/db?password"),
        ("mysql://root:hunter2@h/db", "mysql://root:***@h/db"),
        ("", ""),
    ])
    func redacted(_ pair: (String, String)) {
        #expect(PostgresURL.redacted(pair.0) == pair.1)
        #expect(!PostgresURL.redacted(pair.0).contains("secret") && !PostgresURL.redacted(pair.0).contains("hunter2"))
    }

    @Test("a refused --db value is named without its password")
    func refusedLocation() {
        #expect(throws: StoreLocationError.self) { try StoreLocation("mysql://root:hunter2@db/posttrace") }
        do { _ = try StoreLocation("mysql://root:hunter2@db/posttrace") } catch {
            #expect(!error.description.contains("hunter2") && error.description.contains("root:***@db"))
        }
        #expect(StoreLocation.postgres(url: "postgresql://h/db?password=hunter2").description == "postgresql://h/db?password=***")
    }

    @Test("an SQLite store has no replicas")
    func sqliteRefusesReplicas() throws {
        let path = TempDir.make().appendingPathComponent("r.db").path
        #expect(throws: StoreError.self) { _ = try StoreLocation.sqlite(path: path).open(readURLs: ["postgresql://h/db"]) }
        #expect(InMemoryStore().replicaStatus().isEmpty)
    }

    @Test("PostgreSQL: reads allowed on replicas go to a usable one, an unreachable one is set aside, the primary answers the rest")
    func routing() async throws {
        let url = try PostgresFixture.url()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        // Nothing listens on port 1; the test cluster's primary stands in for a replica (it reports no lag).
        let dead = "postgresql://reader:hunter2@127.0.0.1:1/posttrace_test?connect_timeout=1"
        let heard = Mutex<[ReplicaStatus]>([])
        let store = try PostgresStore(url: url, schema: String(schema), poolSize: 2, readURLs: [dead, url], maxReplicaLag: 5,
                                      replicaChanged: { status in heard.withLock { $0.append(status) } })
        // At start the operator hears of each replica: the unreachable one set aside, the other in use.
        #expect(heard.withLock { $0.map(\.usable) } == [false, true])
        #expect(heard.withLock { $0.first?.reason?.contains("unreachable") == true && $0.first?.url.contains("hunter2") == false })
        let number = Sample.number(42)
        _ = try await store.insert([Sample.event(number, .posting, "2026-11-20T10:00:00+08:00")])
        let status = store.replicaStatus()
        #expect(status.count == 2)
        #expect(status[0].url == "postgresql://reader:***@127.0.0.1:1/posttrace_test?connect_timeout=1")
        #expect(!status[0].usable && status[0].reason?.contains("unreachable") == true && status[0].lagSeconds == nil)
        #expect(status[1].usable && status[1].lagSeconds == 0 && status[1].reason?.contains("not a standby") == true)
        for _ in 0..<4 {
            #expect(try await store.events(for: number, consistency: .replicaAllowed).count == 1)
            #expect(try await store.existing([number, Sample.number(43)], consistency: .replicaAllowed) == [number])
            #expect(try await store.knownNeighbours(of: Sample.number(43), consistency: .replicaAllowed).allSatisfy { $0 == number })
        }
        #expect(try await store.events(for: [number], consistency: .primary)[number]?.count == 1)
        await store.close()
        await #expect(throws: StoreError.self) { _ = try await store.events(for: number, consistency: .replicaAllowed) }
    }

    @Test("PostgreSQL: with only unreachable replicas every read goes to the primary")
    func onlyDeadReplicas() async throws {
        let url = try PostgresFixture.url()
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let store = try PostgresStore(url: url, schema: String(schema), poolSize: 1,
                                      readURLs: ["postgresql://127.0.0.1:1/x?connect_timeout=1"], maxReplicaLag: 0.5)
        let number = Sample.number(7)
        _ = try await store.insert([Sample.event(number, .posting, "2026-11-20T10:00:00+08:00")])
        #expect(try await store.events(for: number, consistency: .replicaAllowed).count == 1)
        #expect(store.replicaStatus().map(\.usable) == [false])
        await store.close()
    }
}
