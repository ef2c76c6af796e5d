import CMicroHTTPD
import Foundation
import Synchronization

/// The libmicrohttpd daemon: owns the one `MHD_Daemon*`, starts it with an internal epoll thread pool,
/// and hands every fully read request to `DaemonHooks`.
///
/// Async bridge: when a request is fully read, its handler starts in a Swift `Task` on the server's own
/// `HandlerThreads` (never the shared cooperative pool) and the connection is
/// suspended (`MHD_suspend_connection`, allowed by `MHD_ALLOW_SUSPEND_RESUME`); the task resumes it when the
/// response is ready and libmicrohttpd calls the access handler again to queue it. The worker thread, which
/// serves thousands of connections, is never parked on a store round trip, and a suspended connection does not
/// time out while its handler runs (libmicrohttpd manual, "Flow control"). libmicrohttpd forbids stopping with
/// suspended connections, so shutdown waits for every handler first.
final class HTTPDaemon: @unchecked Sendable {
    // @unchecked: `daemon` is libmicrohttpd's handle, whose quiesce and stop run only under `state`'s lock.
    private let daemon: OpaquePointer
    private let core: DaemonCore
    /// The listening socket `MHD_quiesce_daemon` handed back (-1 until then), and whether the daemon stopped.
    private let state = Mutex<(quiescedSocket: Int32, stopped: Bool)>((-1, false))
    /// The port actually bound (useful with port 0).
    let port: UInt16

    /// Starts listening; throws `ServerStartError` when the address, TLS or options are refused.
    /// The handler threads, for work the handlers wait on (so that it never waits for the shared pool).
    var handlerExecutor: any TaskExecutor { core.handlerThreads }

    init(configuration: ServerConfiguration, hooks: DaemonHooks) throws {
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_TURBO.rawValue
            | MHD_ALLOW_SUSPEND_RESUME.rawValue  // includes MHD_USE_ITC, which MHD_quiesce_daemon needs too
        if configuration.tls != nil {
            guard MHD_is_feature_supported(.FEATURE_TLS) == .YES else { throw ServerStartError.tlsUnsupported }
            flags |= MHD_USE_TLS.rawValue
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = configuration.port.bigEndian
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else {
            throw ServerStartError.badHost(configuration.host)
        }
        // Made once the configuration is accepted: its threads run until stopped.
        let core = DaemonCore(hooks: hooks, maxBodyBytes: configuration.maxBodyBytes,
                              requestDeadlineSeconds: configuration.requestDeadlineSeconds,
                              handlerThreads: configuration.threads)
        let coreRef = Unmanaged.passUnretained(core).toOpaque()
        let tlsKey = configuration.tls.map { strdup($0.keyPEM) } ?? nil
        let tlsCert = configuration.tls.map { strdup($0.certificatePEM) } ?? nil
        defer { free(tlsKey); free(tlsCert) }
        let started: OpaquePointer? = withUnsafePointer(to: &address) { addressPointer in
            var options: [any CVarArg] = [
                CInt(MHD_OPTION.THREAD_POOL_SIZE.rawValue), CUnsignedInt(configuration.threads),
                CInt(MHD_OPTION.CONNECTION_TIMEOUT.rawValue), CUnsignedInt(configuration.connectionTimeoutSeconds),
                CInt(MHD_OPTION.CONNECTION_LIMIT.rawValue), CUnsignedInt(configuration.maxConnections),
                // 0 is libmicrohttpd's "no limit"; past it a new connection from that address is closed at once.
                CInt(MHD_OPTION.PER_IP_CONNECTION_LIMIT.rawValue), CUnsignedInt(configuration.maxConnectionsPerAddress),
                CInt(MHD_OPTION.CONNECTION_MEMORY_LIMIT.rawValue), Int(configuration.connectionMemoryBytes),
                CInt(MHD_OPTION.NOTIFY_COMPLETED.rawValue), unsafeBitCast(mhdRequestCompleted as MHD_RequestCompletedCallback, to: OpaquePointer.self), OpaquePointer(coreRef),
                CInt(MHD_OPTION.URI_LOG_CALLBACK.rawValue), unsafeBitCast(mhdRequestStarted as URILogCallback, to: OpaquePointer.self), OpaquePointer(coreRef),
                CInt(MHD_OPTION.NOTIFY_CONNECTION.rawValue), unsafeBitCast(mhdConnectionNotified as MHD_NotifyConnectionCallback, to: OpaquePointer.self), OpaquePointer(coreRef),
                CInt(MHD_OPTION.SOCK_ADDR.rawValue), OpaquePointer(addressPointer),
            ]
            if let tlsKey, let tlsCert {
                options += [CInt(MHD_OPTION.HTTPS_MEM_KEY.rawValue), OpaquePointer(tlsKey),
                            CInt(MHD_OPTION.HTTPS_MEM_CERT.rawValue), OpaquePointer(tlsCert)]
            }
            options.append(CInt(MHD_OPTION.END.rawValue))
            return withVaList(options) { list in
                MHD_start_daemon_va(flags, configuration.port, nil, nil, mhdAccessHandler, coreRef, list)
            }
        }
        guard let started else { core.slowClients.stop(); core.handlerThreads.stop(); throw ServerStartError.cannotListen(host: configuration.host, port: configuration.port) }
        daemon = started
        self.core = core
        let bound = posttrace_mhd_bound_port(started)
        port = bound == 0 ? configuration.port : bound
    }

    /// Requests dispatched to a handler and not yet answered.
    var requestsInFlight: Int { core.inFlight }

    /// Stops accepting new connections; connections already open keep being served.
    func quiesce() {
        state.withLock { state in
            guard state.quiescedSocket < 0, !state.stopped else { return }
            state.quiescedSocket = MHD_quiesce_daemon(daemon)
        }
    }

    /// Stops accepting, waits up to `grace` for dispatched requests to be answered, then stops every thread.
    func shutdown(grace: Duration) async {
        quiesce()
        let clock = ContinuousClock(), deadline = clock.now + grace
        while core.inFlight > 0, clock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        stop()
    }

    /// Stops every thread. Handlers still running get a 503 now (their late answers are dropped), and the
    /// daemon stops only once those answers have gone out: a resumed connection stays suspended until
    /// libmicrohttpd's own thread gets to it, and stopping with one still suspended aborts the whole process
    /// (MHD_PANIC). A request counts as in flight until it completes, after its resume was processed, so this
    /// waits for that, bounded; it also runs from `deinit`, for a server dropped without `shutdown`.
    private func stop() {
        // The whole stop under the lock: a concurrent quiesce must not touch a stopped daemon.
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            core.suspended.answerAll(with: HTTPResponse(problem: Problem(
                status: 503, slug: "shutting-down", title: "Shutting down",
                detail: "The server is stopping; retry shortly.", headers: [("Retry-After", "5")])))
            let deadline = ContinuousClock.now + .seconds(10)
            while core.inFlight > 0, ContinuousClock.now < deadline { usleep(10_000) }
            MHD_stop_daemon(daemon)
            core.slowClients.stop()
            core.handlerThreads.stop()
            if state.quiescedSocket >= 0 { close(state.quiescedSocket) }
        }
    }

    deinit { stop() }
}

/// Why the server could not start.
public enum ServerStartError: Error, CustomStringConvertible, Sendable {
    case badHost(String)
    case cannotListen(host: String, port: UInt16)
    case tlsUnsupported
    case tlsFiles(String)

    public var description: String {
        switch self {
        case .badHost(let host): "not an IPv4 address: \(host)"
        case .cannotListen(let host, let port): "cannot listen on \(host):\(port) (in use, or not permitted)"
        case .tlsUnsupported: "this libmicrohttpd build has no TLS support (.FEATURE_TLS); serve without --tls-cert/--tls-key behind a TLS proxy"
        case .tlsFiles(let detail): "cannot read TLS files: \(detail)"
        }
    }
}
