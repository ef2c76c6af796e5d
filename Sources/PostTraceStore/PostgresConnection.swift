import CPostgres
import Foundation

/// One result set: owns its `PGresult*`, cleared in deinit.
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    var rows: Int { Int(PQntuples(handle)) }
    func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }
    func text(_ row: Int, _ column: Int) -> String? {
        isNull(row, column) ? nil : String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }
    func int(_ row: Int, _ column: Int) -> Int64? { text(row, column).flatMap { Int64($0) } }
}

/// One libpq connection: owns its `PGconn*` and remembers which statements it has prepared.
final class PostgresConnection {
    private let handle: OpaquePointer
    private var prepared: Set<String> = []

    /// Connects with a `postgres://` URL; `searchPath` selects a schema (tests use one each), `applicationName`
    /// names the connection in `pg_stat_activity` unless the URL does.
    init(url: String, searchPath: String?, applicationName: String = "posttrace") throws {
        // libpq processes keywords in order and the expanded URL overrides those before it, so these are
        // defaults a URL may change. A dead host then fails within seconds instead of holding a request thread
        // for the kernel's TCP timeouts (connect: ~2 min; an established connection: ~15 min).
        var keys = Self.defaultParameters.map(\.0) + ["application_name", "dbname"]
        var values = Self.defaultParameters.map(\.1) + [applicationName, url]
        if let searchPath { keys.append("options"); values.append("-c search_path=\(searchPath)") }
        let conn: OpaquePointer? = withCStrings(keys) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
        guard let conn else { throw StoreError(postgres: .connectionException, message: "out of memory") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw StoreError(postgres: .clientUnableToEstablishConnection, message: message)
        }
        // libpq prints server notices on stderr by default ("relation … already exists, skipping" from the
        // migrations' IF NOT EXISTS, at every CLI command). They are informational: errors come with results.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
    }

    deinit { PQfinish(handle) }

    /// Defaults for every connection (libpq's "Parameter Key Words"): give up connecting after 3 s, and have
    /// the kernel probe an idle connection after 10 s, every 3 s, dropping it after 3 unanswered probes; unacknowledged
    /// data for 10 s also drops it.
    static let defaultParameters: [(String, String)] = [
        ("connect_timeout", "3"), ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "3"),
        ("keepalives_count", "3"), ("tcp_user_timeout", "10000"),
    ]

    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether an idle connection still has a server: reads whatever arrived without blocking, so a server that
    /// went away meanwhile (restart, failover, admin shutdown: it closes the socket, often after a FATAL message)
    /// is noticed before a query is sent on the connection, not by the query failing.
    var isAlive: Bool {
        // Twice: a server shutting down sends its FATAL message and then closes; the first read takes the
        // message (libpq hands it to the notice processor and reports success), the second meets the end of the stream.
        for _ in 0..<2 where PQstatus(handle) != CONNECTION_OK || PQconsumeInput(handle) == 0 { return false }
        return PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs SQL without parameters (DDL, BEGIN/COMMIT); never used with values.
    @discardableResult
    func execute(_ sql: String) throws -> PostgresResult {
        try check(PQexec(handle, sql))
    }

    /// Runs a named prepared statement with text parameters, preparing it on first use.
    @discardableResult
    func run(_ name: String, _ sql: String, _ params: [String?]) throws -> PostgresResult {
        if !prepared.contains(name) {
            try check(PQprepare(handle, name, sql, Int32(params.count), nil))
            prepared.insert(name)
        }
        let cParams = params.map { $0.flatMap { strdup($0) } }
        defer { cParams.forEach { free($0) } }
        let pointers = cParams.map { UnsafePointer($0) }
        return try check(pointers.withUnsafeBufferPointer { PQexecPrepared(handle, name, Int32(params.count), $0.baseAddress, nil, nil, 0) })
    }

    /// Streams `data` (COPY text format) into `COPY … FROM STDIN`.
    func copy(_ sql: String, data: [UInt8]) throws {
        _ = try check(PQexec(handle, sql), expecting: PGRES_COPY_IN)
        let rc = data.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { base in base.withMemoryRebound(to: CChar.self, capacity: buf.count) { PQputCopyData(handle, $0, Int32(buf.count)) } } ?? 1
        }
        guard rc == 1, PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        while let result = PQgetResult(handle) {
            _ = try check(result)
        }
    }

    @discardableResult
    private func check(_ result: OpaquePointer?, expecting expected: ExecStatusType? = nil) throws -> PostgresResult {
        guard let result else { throw connectionError() }
        let owned = PostgresResult(result)
        let status = PQresultStatus(result)
        if let expected, status == expected { return owned }
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            // A result without a SQLSTATE comes from libpq itself: the connection broke under the query.
            guard let state = PQresultErrorField(result, 67 /* PG_DIAG_SQLSTATE 'C' */).map({ SQLState(rawValue: String(cString: $0)) }) else {
                throw PQstatus(handle) == CONNECTION_OK
                    ? StoreError(postgres: .internalError, message: String(cString: PQresultErrorMessage(result)))
                    : connectionError()
            }
            throw StoreError(postgres: state, message: String(cString: PQresultErrorMessage(result)))
        }
        return owned
    }

    private func connectionError() -> StoreError {
        StoreError(postgres: .connectionFailure, message: String(cString: PQerrorMessage(handle)))
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
