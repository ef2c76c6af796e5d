import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import PostTraceServer

/// A throwaway HTTP/1.0 listener on a loopback port serving page routes, so Chromium can load
/// them before the libmicrohttpd server is on main. Not production code: one connection at a time.
final class PageTestListener: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32
    private let routes: [Route]

    init(routes: [Route]) throws {
        self.routes = routes
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        socketFD = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { close(socketFD) }

    /// Stops accepting; the accept loop ends when the socket is shut down.
    func stop() { shutdown(socketFD, Int32(SHUT_RDWR)) }

    private func acceptLoop() {
        while true {
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { return }
            serve(client)
            close(client)
        }
    }

    private func serve(_ client: Int32) {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 8192)
        while !data.contains(13) || String(decoding: data, as: UTF8.self).range(of: "\r\n\r\n") == nil {
            let n = read(client, &buffer, buffer.count)
            guard n > 0 else { return }
            data += buffer[0..<n]
        }
        let head = String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = head[0].split(separator: " ")
        guard parts.count >= 2 else { return }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let target = String(parts[1])
        let pathPart = String(target.split(separator: "?", maxSplits: 1).first ?? "")
        let queryPart = target.contains("?") ? String(target.split(separator: "?", maxSplits: 1)[1]) : ""
        let query = queryPart.split(separator: "&").map { pair -> (name: String, value: String) in
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
        var request = HTTPRequest(method: String(parts[0]), path: pathPart.removingPercentEncoding ?? pathPart, query: query, headers: headers)
        let response = respond(to: &request)
        var out = "HTTP/1.0 \(response.status) X\r\nContent-Length: \(response.body.count)\r\nConnection: close\r\n"
        for h in response.headers { out += "\(h.name): \(h.value)\r\n" }
        let bytes = Array((out + "\r\n").utf8) + response.body
        _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    }

    private func respond(to request: inout HTTPRequest) -> HTTPResponse {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
        for route in routes where route.method == request.method {
            let pattern = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == segments.count else { continue }
            var params: [String: String] = [:]
            let matches = zip(pattern, segments).allSatisfy { p, s in
                if p.hasPrefix(":") { params[String(p.dropFirst())] = String(s); return true }
                return p == s
            }
            guard matches else { continue }
            request.pathParameters = params
            let box = ResponseBox()
            let semaphore = DispatchSemaphore(value: 0)
            let req = request
            Task { box.set(await route.handler(req)); semaphore.signal() }
            semaphore.wait()
            return box.get()
        }
        return HTTPResponse(status: 404, contentType: "text/plain", body: "no route\n")
    }
}

private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = HTTPResponse(status: 500)
    func set(_ v: HTTPResponse) { lock.lock(); value = v; lock.unlock() }
    func get() -> HTTPResponse { lock.lock(); defer { lock.unlock() }; return value }
}
