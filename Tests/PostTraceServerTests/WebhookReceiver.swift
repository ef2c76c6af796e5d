import Foundation
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// A tiny HTTP/1.1 server on a loopback port that records every request and answers as scripted:
/// the real receiving end of webhooks in tests. One request per connection (`Connection: close`).
final class WebhookReceiver: @unchecked Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        /// Header fields by lower-case name.
        let headers: [String: String]
        let body: [UInt8]
    }

    /// Status, extra headers and a delay before answering, decided per request (0-based index).
    typealias Script = @Sendable (_ index: Int, _ request: Request) -> (status: Int, headers: [(String, String)], delay: Double)

    private let lock = NSLock()
    private var recorded: [Request] = []
    private let listener: Int32
    private let script: Script
    private var thread: Thread?
    /// The port it listens on (127.0.0.1).
    let port: Int

    init(port requested: Int = 0, script: @escaping Script = { _, _ in (200, [], 0) }) throws {
        self.script = script
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(requested).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: actual.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        self.thread = thread
        thread.start()
    }

    /// The URL of a path on this receiver.
    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, in arrival order.
    var requests: [Request] { lock.withLock { recorded } }

    /// Signalled when the accept loop has returned.
    private let acceptLoopEnded = DispatchSemaphore(value: 0)
    private var stopped = false

    /// Stops listening; connections in flight finish. The descriptor is closed only after the accept loop
    /// has ended: closed earlier, its number could go to the next receiver's socket, and this loop would
    /// then accept (and answer) that receiver's connections.
    func stop() {
        let first: Bool = lock.withLock { defer { stopped = true }; return !stopped }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptLoopEnded.wait()
        close(listener)
    }

    /// Waits until `condition` holds for the recorded requests, or `seconds` pass.
    func wait(seconds: Double, until condition: ([Request]) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition(requests) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(requests)
    }

    private func acceptLoop() {
        defer { acceptLoopEnded.signal() }
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            if lock.withLock({ stopped }) { close(client); return }
            Thread { [self] in serve(client) }.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        guard let request = readRequest(client) else { return }
        let index: Int = lock.withLock { recorded.append(request); return recorded.count - 1 }
        let answer = script(index, request)
        if answer.delay > 0 { Thread.sleep(forTimeInterval: answer.delay) }
        var head = "HTTP/1.1 \(answer.status) X\r\nContent-Length: 2\r\nConnection: close\r\n"
        for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\nok").utf8)
        _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func readRequest(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headEnd: Int?
        var contentLength = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            data += buffer[0..<n]
            if headEnd == nil, let r = find([13, 10, 13, 10], in: data) {
                headEnd = r + 4
                let head = String(decoding: data[0..<r], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let end = headEnd, data.count >= end + contentLength { break }
        }
        let end = headEnd!
        let lines = String(decoding: data[0..<(end - 4)], as: UTF8.self).split(separator: "\r\n")
        let start = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: start.count > 0 ? String(start[0]) : "", path: start.count > 1 ? String(start[1]) : "",
                       headers: headers, body: Array(data[end..<(end + contentLength)]))
    }

    private func find(_ pattern: [UInt8], in data: [UInt8]) -> Int? {
        guard data.count >= pattern.count else { return nil }
        for i in 0...(data.count - pattern.count) where data[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
        return nil
    }
}

/// HMAC-SHA256 computed independently of the code under test, by Python's `hmac` module.
enum IndependentHMAC {
    static func hex(key: String, message: [UInt8]) throws -> String {
        let out = try IndependentTool.run("/usr/bin/python3", ["-c", "import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())", key],
                                          input: message)
        return String(decoding: out.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Another program as a check on ours (python3, the openssl tool): `input` on its stdin, its stdout back.
enum IndependentTool {
    static func run(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> (output: [UInt8], status: Int32) {
        let run = try ChildProcess.run(executable, arguments, input: input)
        return (run.stdout, run.status)
    }

    /// `run` for async tests, waiting on a thread of its own rather than a cooperative one.
    static func launch(_ executable: String, _ arguments: [String], input: [UInt8]) async throws -> (output: [UInt8], status: Int32) {
        try await offPool { try run(executable, arguments, input: input) }
    }
}
