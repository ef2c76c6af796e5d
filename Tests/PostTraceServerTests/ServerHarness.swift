import Foundation
import PostTraceCore
import PostTraceStore
import S10
import TestSupport
@testable import PostTraceServer

/// The API description in the source tree: the file the server bundles and serves.
let openAPIFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/PostTraceServer/openapi.json")

/// A real server on an ephemeral loopback port with a real SQLite store in a fresh temporary file.
///
/// The running test's `Scratch` stops the server (awaiting its shutdown, which closes the store) and then
/// deletes the file when the test ends, so a test only makes one.
struct TestServer {
    let server: PostTraceServer
    let store: any TrackingStore & APIKeyStore
    var port: UInt16 { server.port }

    init(_ adjust: (inout ServerConfiguration) -> Void = { _ in }, extraRoutes: [Route] = [], lanes: LaneBook = LaneBook()) throws {
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = ProcessInfo.processInfo.environment["POSTTRACE_TEST_LOG"] != nil
        config.addressLimit = .off
        config.keyLimit = .off
        config.shutdownGrace = .seconds(5)
        adjust(&config)
        let file = Scratch.databaseFile("posttrace-server")
        store = try SQLiteStore(path: file.path)
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store, extraRoutes: extraRoutes, lanes: lanes)
        self.server = server
        Scratch.atEnd { await server.shutdown() }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> RawResponse {
        try await RawHTTP.exchange(port: port, request: RawHTTP.request("GET", path, headers: headers))
    }

    func post(_ path: String, body: String, type: String = "application/json", headers: [String: String] = [:]) async throws -> RawResponse {
        var all = headers
        all["Content-Type"] = type
        return try await RawHTTP.exchange(port: port, request: RawHTTP.request("POST", path, headers: all, body: Array(body.utf8)))
    }

    /// The results of `POST /v1/trackings/batch` for `numbers` (a 200 is expected).
    func batch(_ numbers: [String], query: String = "") async throws -> [[String: Any]] {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: ["numbers": numbers]), as: UTF8.self)
        let r = try await post("/v1/trackings/batch" + query, body: body)
        #expect(r.status == 200)
        return try #require(try r.json()["results"] as? [[String: Any]])
    }

    /// Stores a simple three-scan journey for `number`.
    func seed(_ number: String) async throws -> S10Number {
        let n = try #require(S10Number(number))
        let t0: Int64 = 1_780_000_000
        let events = [EventCode.posting, .arrivalAtOutwardOffice, .departureFromOutwardOffice].enumerated().map { k, code in
            TrackingEvent(number: n, code: code, time: LocalTime(epochSeconds: t0 + Int64(k) * 3600, utcOffsetSeconds: 28800)!,
                          office: Office(code: "CNPEKA"))
        }
        _ = try await store.insert(events)
        return n
    }

    func key(_ scope: APIKeyRecord.Scope) async throws -> String {
        try await KeyRing(store: store).create(name: "test-\(scope.rawValue)", scope: scope).secret
    }
}

import Testing

/// A one-way flag between a handler and its test; waiting polls, so it needs no continuation bookkeeping.
final class Signal: @unchecked Sendable {
    private let lock = NSLock()
    private var isSet = false
    func set() { lock.lock(); isSet = true; lock.unlock() }
    func wait() async {
        while !(lock.withLock { isSet }) { try? await Task.sleep(for: .milliseconds(5)) }
    }
}

/// A parsed HTTP/1.1 response.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    /// The header names in `Vary`.
    var vary: Set<String> { Set((headers["vary"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }
}

/// A deliberately plain HTTP client over a socket, so tests can send anything, hostile bytes included.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func request(_ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// Opens a connection to the loopback port.
    static func connect(port: UInt16, timeoutSeconds: Int = 30) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure(description: "connect failed: \(errno)") }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Reads one response (until Content-Length is satisfied or the peer closes).
    static func read(_ fd: Int32, bodyExpected: Bool = true) throws -> RawResponse {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let response = parse(data, bodyExpected: bodyExpected) { return response }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 {
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    throw Failure(description: "no complete response within the receive timeout (\(data.count) bytes so far)")
                }
                if let response = parse(data, closed: true) { return response }
                throw Failure(description: "connection closed without a response (\(data.count) bytes)")
            }
            data += buffer[0..<n]
        }
    }

    /// Sends `request` on a new connection and reads the answer (without a body after a HEAD).
    static func exchange(port: UInt16, request: [UInt8], timeoutSeconds: Int = 30) async throws -> RawResponse {
        try await offPool { try blockingExchange(port: port, request: request, timeoutSeconds: timeoutSeconds) }
    }

    /// `exchange` on the calling thread, for code already running on a thread of its own.
    static func blockingExchange(port: UInt16, request: [UInt8], timeoutSeconds: Int = 30) throws -> RawResponse {
        let fd = try connect(port: port, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        _ = send(fd, request)
        return try read(fd, bodyExpected: !request.starts(with: "HEAD ".utf8))
    }

    private static func parse(_ data: [UInt8], closed: Bool = false, bodyExpected: Bool = true) -> RawResponse? {
        guard let end = find(data, [13, 10, 13, 10]) else { return nil }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let parts = head[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(data[(end + 4)...])
        // A 304 has no body whatever its Content-Length says (RFC 9110 §8.6), as for HEAD.
        if !bodyExpected || status == 304 { return RawResponse(status: status, headers: headers, body: body) }
        if let length = headers["content-length"].flatMap(Int.init) {
            return body.count >= length ? RawResponse(status: status, headers: headers, body: Array(body.prefix(length))) : nil
        }
        return closed ? RawResponse(status: status, headers: headers, body: body) : nil
    }

    private static func find(_ data: [UInt8], _ needle: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for i in 0...(data.count - needle.count) where data[i] == needle[0] && Array(data[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
