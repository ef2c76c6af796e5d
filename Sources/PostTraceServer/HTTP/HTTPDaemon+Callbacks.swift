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
final class DaemonCore: Sendable {
    let hooks: DaemonHooks
    let maxBodyBytes: Int
    let slowClients: SlowClientGuard
    /// Where handlers run: never on the shared cooperative pool (see `HandlerThreads`).
    let handlerThreads: HandlerThreads
    /// Requests whose connection is suspended, answered by shutdown if still waiting.
    let suspended = SuspendedRequests()
    /// Requests from their head until libmicrohttpd completes them. An atomic: both worker threads count
    /// every request, and a shared lock here made them wait on each other.
    private let dispatched = Atomic<Int>(0)

    init(hooks: DaemonHooks, maxBodyBytes: Int, requestDeadlineSeconds: Int, handlerThreads: Int) {
        self.hooks = hooks; self.maxBodyBytes = maxBodyBytes
        slowClients = SlowClientGuard(deadlineSeconds: requestDeadlineSeconds)
        self.handlerThreads = HandlerThreads(count: handlerThreads, name: "pt-handler")
    }

    var inFlight: Int { dispatched.load(ordering: .acquiring) }

    func began() { dispatched.add(1, ordering: .relaxed) }
    func ended() { dispatched.subtract(1, ordering: .releasing) }
}

// The C callbacks live outside main.swift as nonisolated functions: top-level code is main-actor isolated.
// They are the I/O layer of `RequestLifecycle`: each applies one transition and performs the action it returns.

/// The access handler: called once after the headers, once per body chunk, once at the end (where the handler
/// starts and the connection may be suspended) and once more after a resume, where the response is queued
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
        pending = PendingRequest(connection: connection, maxBodyBytes: core.maxBodyBytes)
        requestSlot.pointee = Unmanaged.passRetained(pending).toOpaque()
    }
    if pending.awaitsHead { return headArrived(pending, core: core, connection: connection, url: url, method: method) }
    let size = uploadDataSize.pointee
    if size > 0 {
        // A chunk past the limit (a chunked body, or one longer than declared): close rather than read the rest.
        guard case .none = pending.transition({ $0.bodyChunk(count: size) }), let uploadData else { return .NO }
        uploadData.withMemoryRebound(to: UInt8.self, capacity: size) {
            pending.request.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
        }
        uploadDataSize.pointee = 0
        return .YES
    }
    let refusal: (any HTTPProblem)? = pending.targetFlaw.map(BadTarget.init) ?? (pending.badEncoding ? BadEncoding() : nil)
    switch pending.transition({ $0.bodyComplete(refused: refusal != nil) }) {
    case .refuse:
        core.slowClients.requestRead(connection)
        return queue(core.hooks.refuse(pending.request, refusal ?? BadEncoding()), on: connection)
    case .startHandler:
        core.slowClients.requestRead(connection)
        return startHandler(pending, core: core, connection: connection)
    default:
        // Not reading: this is the call after a resume, and the response is ready.
        guard case .queue(let response) = pending.transition({ $0.resumedCall() }) else { return .YES }
        return queue(response, on: connection)
    }
}

/// The first call: reads the head, then refuses the request at once or lets its body be read.
private func headArrived(
    _ pending: PendingRequest, core: DaemonCore, connection: OpaquePointer, url: UnsafePointer<CChar>?, method: UnsafePointer<CChar>?
) -> MHD_Result {
    readHead(into: pending, connection: connection, url: url, method: method)
    // Counted from its head on, so shutdown also waits for requests still being uploaded.
    pending.counted = true
    core.began()
    let declared = pending.request.headers["content-length"].flatMap { Int($0) }
    switch pending.transition({ $0.headRead(declaredLength: declared) }) {
    case .refuse:
        // Refused before reading a byte of the body: the response goes out now and the connection closes.
        return queue(core.hooks.refuse(pending.request, BodyTooLarge(limit: core.maxBodyBytes)), on: connection)
    case .readBody(let reserve):
        if pending.targetFlaw == nil, !pending.badEncoding, reserve > 0 || pending.request.headers["transfer-encoding"] != nil,
           let problem = core.hooks.screen(pending.request), case .refuse = pending.transition({ $0.refused() }) {
            return queue(core.hooks.refuse(pending.request, problem), on: connection)
        }
        if reserve > 0 { pending.request.body.reserveCapacity(reserve) }  // within the limit, checked above
        return .YES
    default:
        return .YES
    }
}

/// Starts the handler and queues its answer when it came before this call returns; otherwise the connection
/// is suspended and the handler's answer resumes it.
private func startHandler(_ pending: PendingRequest, core: DaemonCore, connection: OpaquePointer) -> MHD_Result {
    let request = pending.request, suspended = core.suspended, respond = core.hooks.respond
    // GET handlers are short (a lookup is a few store reads): they run right here until they first suspend,
    // sparing a thread handoff and a suspend/resume; bodies (ingestion, batches) go to the handler threads.
    core.handlerThreads.start(inline: request.method == "GET" || request.method == "HEAD") {
        Task(executorPreference: core.handlerThreads) { pending.answer(await respond(request), listing: suspended) }
    }
    guard let response = pending.settle(listing: suspended) else { return .YES }
    return queue(response, on: connection)
}

/// libmicrohttpd's URI log callback: called once per request with the target as sent, before anything is
/// decoded. The request's state starts here (its return value is the access handler's request slot, and
/// `mhdRequestCompleted` frees it), so flaws that decoding hides are recorded (see `RequestTarget`).
nonisolated func mhdRequestStarted(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    let core = Unmanaged<DaemonCore>.fromOpaque(cls).takeUnretainedValue()
    let pending = PendingRequest(connection: connection, maxBodyBytes: core.maxBodyBytes)
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
