import Foundation
import PostTraceCore
import PostTraceStore
import S10
import TestSupport

/// The backends every contract test runs against.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case memory, sqlite, postgres
    var description: String { rawValue }

    /// A fresh, empty store of this kind (a temp SQLite file; a fresh schema in the test cluster).
    func open() async throws -> any PostTraceStorage {
        switch self {
        case .memory: return InMemoryStore()
        case .sqlite: return try SQLiteStore(path: TempDir.make().appendingPathComponent("t.db").path)
        case .postgres: return try await PostgresFixture.freshStore()
        }
    }
}

enum TempDir {
    /// A new directory under the system temp dir, removed when the test ends (the `.scratch` trait).
    static func make() -> URL { Scratch.directory("posttrace-store") }
}

enum PostgresFixture {
    /// The URL of the throwaway cluster. Missing means the tests were not started via the script: fail loudly.
    static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["POSTTRACE_TEST_DATABASE_URL"], !url.isEmpty else {
            throw FixtureError(message: "POSTTRACE_TEST_DATABASE_URL is not set: run the tests via "
                + "`bash scripts/pg-test-cluster.sh swift test --skip-build` (or `make test`)")
        }
        return url
    }

    /// A store on a new, empty schema of the test cluster (so tests do not see each other's rows).
    static func freshStore() async throws -> PostgresStore {
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        return try PostgresStore(url: try url(), schema: String(schema), poolSize: 2)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Valid numbers and events for tests.
enum Sample {
    static func number(_ serial: UInt32, _ country: String = "CN", _ indicator: String = "EE") -> S10Number {
        S10Number(serviceIndicator: indicator, serial: serial, countryCode: country)!
    }

    static func time(_ text: String) -> LocalTime { LocalTime(rfc3339: text)! }

    static func event(_ number: S10Number, _ code: EventCode, _ time: String, office: String = "CNPEKA",
                      name: String? = nil, city: String? = nil, reason: String? = nil, source: String? = nil) -> TrackingEvent {
        TrackingEvent(number: number, code: code, time: Sample.time(time), office: Office(code: office, name: name, city: city),
                      reason: reason.map(ReasonCode.init(rawValue:)), source: source)
    }

    /// A plausible journey of `count` events for one item, one hour apart.
    static func journey(_ number: S10Number, start: Int64 = 1_772_500_000, count: Int = 6) -> [TrackingEvent] {
        let codes: [EventCode] = [.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice,
                                  .arrivalAtInwardOffice, .outForDelivery, .finalDelivery]
        return (0..<count).map { i in
            TrackingEvent(number: number, code: codes[i % codes.count],
                          time: LocalTime(epochSeconds: start + Int64(i) * 3600 + 7, utcOffsetSeconds: i < 3 ? 28800 : 3600)!,
                          office: Office(code: i < 3 ? "CNPEKA" : "DEFRAA", name: i % 2 == 0 ? "Office \(i)" : nil),
                          transport: i == 2 ? "CA931" : nil, source: "test-feed")
        }
    }
}
