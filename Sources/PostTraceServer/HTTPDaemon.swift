import CMicroHTTPD
import Foundation

/// The libmicrohttpd daemon: owns the one `MHD_Daemon*`, starts it with an internal epoll thread pool,
/// and hands every fully read request to `DaemonHooks`.
///
/// Async bridge: on the final access-handler call the worker thread starts the handler in a Swift `Task`
/// and waits for it (a bounded blocking bridge: handlers are short store calls, and the Swift cooperative
/// pool never waits on an MHD worker, so it cannot deadlock). Suspend/resume was tried first and rejected:
/// in libmicrohttpd 0.9.75 a `MHD_resume_connection` that races ahead of the deferred internal suspension
/// leaves the connection marked suspended but never processed (observed as hung requests here, and
/// `MHD_stop_daemon() called while we have suspended connections` aborts). Slow clients still cannot hold a
/// worker: reading and writing are event-driven and the connection timeout closes idle connections.
final class HTTPDaemon: @unchecked Sendable {
    private let daemon: OpaquePointer
    private let core: DaemonCore
    private var quiescedSocket: Int32 = -1
    private var stopped = false
    private let lock = NSLock()
    /// The port actually bound (useful with port 0).
    let port: UInt16

    /// Starts listening; throws `ServerStartError` when the address, TLS or options are refused.
    init(configuration: ServerConfiguration, hooks: DaemonHooks) throws {
        let core = DaemonCore(hooks: hooks, maxBodyBytes: configuration.maxBodyBytes,
                              requestDeadlineSeconds: configuration.requestDeadlineSeconds)
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_TURBO.rawValue
            | MHD_USE_ITC.rawValue  // needed by MHD_quiesce_daemon with a thread pool
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
        let coreRef = Unmanaged.passUnretained(core).toOpaque()
        let tlsKey = configuration.tls.map { strdup($0.keyPEM) } ?? nil
        let tlsCert = configuration.tls.map { strdup($0.certificatePEM) } ?? nil
        defer { free(tlsKey); free(tlsCert) }
        let started: OpaquePointer? = withUnsafePointer(to: &address) { addressPointer in
            var options: [any CVarArg] = [
                CInt(MHD_OPTION.THREAD_POOL_SIZE.rawValue), CUnsignedInt(configuration.threads),
                CInt(MHD_OPTION.CONNECTION_TIMEOUT.rawValue), CUnsignedInt(configuration.connectionTimeoutSeconds),
                CInt(MHD_OPTION.CONNECTION_LIMIT.rawValue), CUnsignedInt(configuration.maxConnections),
                CInt(MHD_OPTION.CONNECTION_MEMORY_LIMIT.rawValue), Int(configuration.connectionMemoryBytes),
                CInt(MHD_OPTION.NOTIFY_COMPLETED.rawValue), unsafeBitCast(mhdRequestCompleted as MHD_RequestCompletedCallback, to: OpaquePointer.self), OpaquePointer(coreRef),
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
        guard let started else { core.slowClients.stop(); throw ServerStartError.cannotListen(host: configuration.host, port: configuration.port) }
        daemon = started
        self.core = core
        let bound = posttrace_mhd_bound_port(started)
        port = bound == 0 ? configuration.port : bound
    }

    /// Requests dispatched to a handler and not yet answered.
    var requestsInFlight: Int { core.inFlight }

    /// Stops accepting new connections; connections already open keep being served.
    func quiesce() {
        lock.lock(); defer { lock.unlock() }
        guard quiescedSocket < 0, !stopped else { return }
        quiescedSocket = MHD_quiesce_daemon(daemon)
    }

    /// Stops accepting, waits up to `grace` for dispatched requests to be answered, then stops every thread.
    func shutdown(grace: Duration) async {
        quiesce()
        let clock = ContinuousClock(), deadline = clock.now + grace
        while core.inFlight > 0, clock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        stop()
    }

    private func stop() {
        lock.lock(); defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        MHD_stop_daemon(daemon)
        core.slowClients.stop()
        if quiescedSocket >= 0 { close(quiescedSocket) }
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
