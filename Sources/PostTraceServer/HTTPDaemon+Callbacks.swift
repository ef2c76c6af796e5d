import CMicroHTTPD
import Foundation
import Synchronization

/// What the daemon asks of the application.
struct DaemonHooks: Sendable {
    /// Answers a fully read request.
    var respond: @Sendable (HTTPRequest) async -> HTTPResponse
    /// Answers at once, without reading the body, when a request is refused early (declared body too large).
    var refuse: @Sendable (HTTPRequest, any HTTPProblem) -> HTTPResponse
    /// Judges a request that announces a body on its head alone: a problem refuses it before the body is read.
    var screen: @Sendable (HTTPRequest) -> (any HTTPProblem)? = { _ in nil }
}

/// State shared by every callback of one daemon; passed to C as an unretained pointer the daemon keeps alive.
final class DaemonCore: @unchecked Sendable {
    let hooks: DaemonHooks
    let maxBodyBytes: Int
    let slowClients: SlowClientGuard
    /// Where handlers run: never on the shared cooperative pool (see `HandlerThreads`).
    let handlerThreads: HandlerThreads
    /// Requests from their head until libmicrohttpd completes them. An atomic: both worker threads count
    /// every request, and a shared lock here made them wait on each other.
    private let dispatched = Atomic<Int>(0)

    init(hooks: DaemonHooks, maxBodyBytes: Int, requestDeadlineSeconds: Int, handlerThreads: Int) {
        self.hooks = hooks; self.maxBodyBytes = maxBodyBytes
        slowClients = SlowClientGuard(deadlineSeconds: requestDeadlineSeconds)
        self.handlerThreads = HandlerThreads(count: handlerThreads, name: "pt-handler")
    }

    /// Answers on their way from handlers back to libmicrohttpd.
    let handoffs = Handoffs()

    var inFlight: Int { dispatched.load(ordering: .acquiring) }

    func began() { dispatched.add(1, ordering: .relaxed) }
    func ended() { dispatched.subtract(1, ordering: .releasing) }
}

/// One request while libmicrohttpd reads it and a handler answers it.
final class PendingRequest: @unchecked Sendable {
    // @unchecked: `handoff` and `response` are only touched under `withLock`; the rest only on the
    // libmicrohttpd thread that owns the connection.
    enum Phase { case head, reading, handling, answered }
    var request: HTTPRequest
    var phase = Phase.head
    /// True when a header, the path or a query parameter is not valid UTF-8.
    var badEncoding = false
    /// What is wrong with the request target as sent, seen before decoding (see `RequestTarget`).
    var targetFlaw: RequestTarget.Flaw?
    /// Whether the request is counted in flight (from its head until libmicrohttpd completes it).
    var counted = false
    /// Where the handler's answer is on its way back (see `Handoffs`).
    var handoff = Handoffs.State.idle
    /// The answer for a resumed connection, queued on the access handler's next call.
    var response: HTTPResponse?
    private let lock = NSLock()

    init(request: HTTPRequest) { self.request = request }

    func withLock<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }
    func takeResponse() -> HTTPResponse? { withLock { let r = response; response = nil; return r } }
}

/// A connection pointer carried into the handler's task; libmicrohttpd keeps it valid while suspended.
struct SuspendedConnection: @unchecked Sendable { let raw: OpaquePointer }

// The C callbacks live outside main.swift as nonisolated functions: top-level code is main-actor isolated.

/// The access handler: called once after the headers, once per body chunk, once at the end (where the handler
/// starts and the connection is suspended) and once more after the resume, where the response is queued
/// (queuing on the first call would lose keep-alive).
nonisolated func mhdAccessHandler(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?, _ url: UnsafePointer<CChar>?,
    _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?, _ uploadData: UnsafePointer<CChar>?,
    _ uploadDataSize: UnsafeMutablePointer<Int>?, _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let requestSlot else { return .NO }
    let core = Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue()
    let pending: PendingRequest
    if let slot = requestSlot.pointee {
        pending = Unmanaged<PendingRequest>.fromOpaque(slot).takeUnretainedValue()
    } else {
        // Only when libmicrohttpd skipped `mhdRequestStarted`; the target's flaws are then unknown.
        pending = PendingRequest(request: HTTPRequest(method: "GET", path: "/"))
        requestSlot.pointee = Unmanaged.passRetained(pending).toOpaque()
    }
    if pending.phase == .head {
        readHead(into: pending, connection: connection, url: url, method: method)
        pending.phase = .reading
        // Counted from its head on, so shutdown also waits for requests still being uploaded.
        pending.counted = true
        core.began()
        if let declared = pending.request.headers["content-length"], let length = Int(declared), length > core.maxBodyBytes {
            // Refused before reading a byte of the body: the response goes out now and the connection closes.
            pending.phase = .answered
            return queue(core.hooks.refuse(pending.request, BodyTooLarge(limit: core.maxBodyBytes)), on: connection)
        }
        let declared = Int(pending.request.headers["content-length"] ?? "") ?? 0
        if pending.targetFlaw == nil, !pending.badEncoding, declared > 0 || pending.request.headers["transfer-encoding"] != nil,
           let problem = core.hooks.screen(pending.request) {
            pending.phase = .answered
            return queue(core.hooks.refuse(pending.request, problem), on: connection)
        }
        if declared > 0 { pending.request.body.reserveCapacity(declared) }  // within the limit, checked above
        return .YES
    }
    if uploadDataSize.pointee > 0 {
        let size = uploadDataSize.pointee
        guard pending.phase == .reading, pending.request.body.count + size <= core.maxBodyBytes, let uploadData else {
            return .NO  // a chunked body over the limit: close rather than read the rest
        }
        uploadData.withMemoryRebound(to: UInt8.self, capacity: size) {
            pending.request.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
        }
        uploadDataSize.pointee = 0
        return .YES
    }
    switch pending.phase {
    case .reading:
        pending.phase = .handling
        core.slowClients.requestRead(connection)
        let request = pending.request
        if let refusal: any HTTPProblem = pending.targetFlaw.map(BadTarget.init) ?? (pending.badEncoding ? BadEncoding() : nil) {
            pending.phase = .answered
            return queue(core.hooks.refuse(request, refusal), on: connection)
        }
        let handoffs = core.handoffs, respond = core.hooks.respond
        handoffs.started(pending)
        // GET handlers are short (a lookup is a few store reads): they run right here until they first suspend,
        // sparing a thread handoff and a suspend/resume; bodies (ingestion, batches) go to the handler threads.
        core.handlerThreads.start(inline: request.method == "GET" || request.method == "HEAD") {
            Task(executorPreference: core.handlerThreads) { handoffs.answer(pending, with: await respond(request)) }
        }
        guard let response = handoffs.settle(pending, on: connection) else { return .YES }
        pending.phase = .answered
        return queue(response, on: connection)
    case .handling:
        // Called again after the resume: the response is ready.
        guard let response = pending.takeResponse() else { return .YES }
        pending.phase = .answered
        return queue(response, on: connection)
    case .head, .answered:
        return .YES
    }
}

/// libmicrohttpd's URI log callback: called once per request with the target as sent, before anything is
/// decoded. The request's state starts here (its return value is the access handler's request slot, and
/// `mhdRequestCompleted` frees it), so flaws that decoding hides are recorded (see `RequestTarget`).
nonisolated func mhdRequestStarted(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    let pending = PendingRequest(request: HTTPRequest(method: "GET", path: "/"))
    if let uri {
        pending.targetFlaw = uri.withMemoryRebound(to: UInt8.self, capacity: strlen(uri)) {
            RequestTarget.flaw(of: UnsafeBufferPointer(start: $0, count: strlen(uri)))
        }
    }
    return Unmanaged.passRetained(pending).toOpaque()
}

/// Releases the request state when libmicrohttpd is done with a request (answered, timed out or aborted).
nonisolated func mhdRequestCompleted(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ requestSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ reason: MHD_RequestTerminationCode
) {
    guard let cls, let requestSlot, let slot = requestSlot.pointee else { return }
    if let connection { Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue().slowClients.requestDone(connection) }
    let pending = Unmanaged<PendingRequest>.fromOpaque(slot).takeRetainedValue()
    requestSlot.pointee = nil
    if pending.counted { Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue().ended() }
}

/// Collects one header or query argument into the pending request.
nonisolated func mhdCollectValue(
    _ cls: UnsafeMutableRawPointer?, _ kind: MHD_ValueKind, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?
) -> MHD_Result {
    guard let cls, let key else { return .YES }
    let pending = Unmanaged<PendingRequest>.fromOpaque(cls).takeUnretainedValue()
    if kind == .HEADER_KIND {
        // Header values may carry obs-text (Latin-1) legitimately: read them leniently.
        let text = value.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: strlen($0)), as: UTF8.self) } ?? ""
        pending.request.headers[String(decoding: UnsafeRawBufferPointer(start: key, count: strlen(key)), as: UTF8.self).lowercased()] = text
        return .YES
    }
    guard let name = String(validatingCString: key), let text = (value.map { String(validatingCString: $0) } ?? "") else {
        pending.badEncoding = true  // a query parameter that is not UTF-8 after percent-decoding
        return .YES
    }
    pending.request.query.append((name, text))
    return .YES
}

private func readHead(into pending: PendingRequest, connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?) {
    let path = url.flatMap { String(validatingCString: $0) }
    pending.request = HTTPRequest(
        method: method.flatMap { String(validatingCString: $0) } ?? "GET", path: path ?? "/", remoteAddress: clientAddress(connection))
    if path == nil { pending.badEncoding = true }
    let context = Unmanaged.passUnretained(pending).toOpaque()
    MHD_get_connection_values(connection, .HEADER_KIND, mhdCollectValue, context)
    MHD_get_connection_values(connection, .GET_ARGUMENT_KIND, mhdCollectValue, context)
}

private func clientAddress(_ connection: OpaquePointer) -> String {
    guard let address = posttrace_mhd_client_address(connection) else { return "unknown" }
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    if Int32(address.pointee.sa_family) == AF_INET6 {
        address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { var a = $0.pointee.sin6_addr; _ = inet_ntop(AF_INET6, &a, &text, socklen_t(text.count)) }
    } else {
        address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { var a = $0.pointee.sin_addr; _ = inet_ntop(AF_INET, &a, &text, socklen_t(text.count)) }
    }
    return text.withUnsafeBufferPointer { String(validatingCString: $0.baseAddress!) } ?? "unknown"
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    // MUST_COPY: libmicrohttpd copies the bytes and never writes through the pointer, so a read-only view
    // will do (a mutable one would first copy the body, which the response still shares).
    let mhdResponse = response.body.withUnsafeBytes {
        MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for (name, value) in response.headers { _ = MHD_add_response_header(mhdResponse, name, value) }
    return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
}

/// The C type of `MHD_OPTION_URI_LOG_CALLBACK`'s function, which microhttpd.h declares only in prose.
typealias URILogCallback = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?) -> UnsafeMutableRawPointer?
