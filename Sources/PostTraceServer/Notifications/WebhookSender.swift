import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Performs one webhook POST and reports what happened; the retry decision is not its business.
public protocol WebhookSender: Sendable {
    /// POSTs `body` with `headers` to `url`, waiting at most `timeout` seconds.
    func post(to url: URL, body: [UInt8], headers: [(String, String)], timeout: TimeInterval) async -> DeliveryOutcome
}

/// The production sender: URLSession, no cookies, no caches, and redirects not followed
/// (a redirect could lead the request past the callback host policy).
public final class URLSessionWebhookSender: NSObject, WebhookSender, URLSessionTaskDelegate, @unchecked Sendable {
    // @unchecked: `session` is set once in init and URLSession is thread-safe.
    private var session: URLSession!

    /// A sender with its own ephemeral URLSession.
    public override init() {
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    public func post(to url: URL, body: [UInt8], headers: [(String, String)], timeout: TimeInterval) async -> DeliveryOutcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = self.session!
        // libcurl-backed URLSession does not always enforce the request time-out; a timer makes it exact.
        return await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let task = session.dataTask(with: request) { _, response, error in
                once.resume(URLSessionWebhookSender.outcome(response, error))
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                once.resume(.timedOut)
                task.cancel()
            }
            task.resume()
        }
    }

    static func outcome(_ response: URLResponse?, _ error: (any Error)?) -> DeliveryOutcome {
        if let http = response as? HTTPURLResponse {
            return .response(status: http.statusCode, retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
        }
        if let error = error as? URLError, error.code == .timedOut { return .timedOut }
        // Generic wording: the receiver's details stay in our logs, not in the subscriber-visible error.
        if let error = error as? URLError { return .connectionFailed(URLSessionWebhookSender.describe(error.code)) }
        return .connectionFailed(error.map { "\(type(of: $0))" } ?? "no response")
    }

    static func describe(_ code: URLError.Code) -> String {
        switch code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "host not found"
        case .networkConnectionLost: return "connection lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot: return "TLS failed"
        case .badServerResponse: return "bad HTTP response"
        default: return "network error \(code.rawValue)"
        }
    }

    public func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                           newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// Resumes a continuation with whichever answer comes first: the response or the time-out.
private final class ResumeOnce: @unchecked Sendable {
    // @unchecked: `continuation` is only touched while holding `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<DeliveryOutcome, Never>?
    init(_ continuation: CheckedContinuation<DeliveryOutcome, Never>) { self.continuation = continuation }
    func resume(_ outcome: DeliveryOutcome) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(returning: outcome)
    }
}
