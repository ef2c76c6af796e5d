import Foundation
import PostTraceCore
@testable import PostTraceStore
import Testing
import TestSupport

@Suite("Migrations and store locations", .scratch)
struct MigrationAndLocationTests {
    @Test("SQLite: applied once, in order, recorded; opening again applies nothing")
    func sqliteTwice() async throws {
        let path = TempDir.make().appendingPathComponent("m.db").path
        let first = try SQLiteStore(path: path)
        #expect(first.migrationsApplied == Migrations.all.map(\.name))
        await first.close()
        let second = try SQLiteStore(path: path)
        #expect(second.migrationsApplied.isEmpty)
        await second.close()
        let db = try SQLiteConnection(path: path, readOnly: true)
        defer { db.finishStatements() }
        let stmt = try db.statement("SELECT name FROM schema_migrations ORDER BY rowid")
        var names: [String] = []
        while try stmt.step() { names.append(stmt.text(0) ?? "") }
        #expect(names == Migrations.all.map(\.name))
    }

    @Test("PostgreSQL: applied once, recorded; opening again applies nothing")
    func postgresTwice() async throws {
        let url = try PostgresFixture.url()
        let schema = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let first = try PostgresStore(url: url, schema: String(schema), poolSize: 1)
        #expect(first.migrationsApplied == Migrations.all.map(\.name))
        await first.close()
        let second = try PostgresStore(url: url, schema: String(schema), poolSize: 1)
        #expect(second.migrationsApplied.isEmpty)
        await second.close()
    }

    @Test("migration names are unique and every migration has SQL for both backends")
    func registryShape() {
        let names = Migrations.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Migrations.all.allSatisfy { !$0.sqlite.isEmpty && !$0.postgres.isEmpty })
    }

    @Test("--db values: files, postgres URLs, the environment, and clear refusals")
    func locations() throws {
        #expect(try StoreLocation("posttrace.db") == .sqlite(path: "posttrace.db"))
        #expect(try StoreLocation("/var/lib/x.sqlite3") == .sqlite(path: "/var/lib/x.sqlite3"))
        #expect(try StoreLocation("postgres://u@h/db") == .postgres(url: "postgres://u@h/db"))
        #expect(try StoreLocation("postgresql://u@h:5433/db") == .postgres(url: "postgresql://u@h:5433/db"))
        for bad in ["", "mysql://h/db", "http://x", "dir/"] {
            #expect(throws: StoreLocationError.self) { try StoreLocation(bad) }
        }
        #expect(try StoreLocation.resolve(option: nil, environment: [:]) == .sqlite(path: "posttrace.db"))
        #expect(try StoreLocation.resolve(option: nil, environment: ["POSTTRACE_DATABASE_URL": "postgres://e/db"]) == .postgres(url: "postgres://e/db"))
        #expect(try StoreLocation.resolve(option: "a.db", environment: ["POSTTRACE_DATABASE_URL": "postgres://e/db"]) == .sqlite(path: "a.db"))
        #expect(StoreLocation.postgres(url: "postgres://user:secret@h/db").description == "postgres://user:***@h/db")
    }

    @Test("a PostgreSQL error's description carries no data")
    func postgresErrorIsGeneric() async throws {
        let url = try PostgresFixture.url()
        #expect(throws: StoreError.self) { _ = try PostgresStore(url: url + "_missing_db") }
        do { _ = try PostgresStore(url: url + "_missing_db") } catch let error as StoreError {
            #expect(error.category == .unavailable && error.code == .postgres(.clientUnableToEstablishConnection))
            #expect(error.description == "store unavailable: SQLSTATE 08001")
            #expect(error.backendMessage?.contains("_missing_db") == true)
        }
    }

    @Test("PostgreSQL: large batches go through COPY with the same semantics")
    func postgresCopyPath() async throws {
        let store = try await PostgresFixture.freshStore()
        let numbers = (0..<200).map { Sample.number(80000000 + UInt32($0)) }
        let events = numbers.flatMap { Sample.journey($0, count: 3) }
        #expect(events.count >= PostgresStore.copyThreshold)
        #expect(try await store.insert(events + events.prefix(10)) == InsertResult(accepted: 600, duplicates: 10))
        var richer = events[0]
        richer.office.name = "A much longer office name"
        richer.reason = ReasonCode(rawValue: "R9")
        let again = Array(events.dropFirst()) + [richer]
        #expect(try await store.insert(again) == InsertResult(accepted: 0, duplicates: 600))
        let stored = try await store.events(for: numbers[0])
        #expect(stored.first?.office.name == "A much longer office name" && stored.first?.reason?.rawValue == "R9")
        let counts = try await store.counts()
        #expect(counts.items == 200 && counts.events == 600)
        await store.close()
    }

    @Test("PostgreSQL: COPY rows keep tabs, backslashes, line breaks, negative times and large numbers intact")
    func postgresCopyEscapes() async throws {
        let store = try await PostgresFixture.freshStore()
        let n = Sample.number(99999999, "US", "RR")
        var events: [TrackingEvent] = []
        for i in 0..<(PostgresStore.copyThreshold + 4) {
            var e = TrackingEvent(number: n, code: .posting,
                                  time: LocalTime(epochSeconds: -86_400 * 365 * 100 + Int64(i) * 61, utcOffsetSeconds: i % 2 == 0 ? -34_200 : 0)!,
                                  office: Office(code: "USNYCA", name: "Tab\tBack\\slash\nLine\r\(i)", city: i % 3 == 0 ? nil : "New\\York"),
                                  source: "feed ✉ \\N")
            e.receivedAt = i % 2 == 0 ? Int64.max : nil
            e.transport = i % 5 == 0 ? "\\" : nil
            events.append(e)
        }
        #expect(try await store.insert(events) == InsertResult(accepted: events.count, duplicates: 0))
        #expect(try await store.events(for: n) == events)
        await store.close()
    }
}
