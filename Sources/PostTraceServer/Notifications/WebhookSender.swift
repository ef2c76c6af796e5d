import CCurl
import Foundation

/// Performs one webhook POST and reports what happened; the retry decision is not its business.
public protocol WebhookSender: Sendable {
    /// POSTs `body` with `headers` to `url`, connecting only to `addresses` (the ones the callback host
    /// policy checked; empty resolves the host as usual), waiting at most `timeout` seconds.
    func post(to url: URL, connectingTo addresses: [IPAddress], body: [UInt8], headers: [(String, String)],
              timeout: TimeInterval) async -> DeliveryOutcome
}

/// The production sender, on libcurl: the connection goes to the addresses the policy checked and nowhere
/// else, so a host name that resolves differently a moment later (DNS rebinding) cannot lead the request
/// to an internal address. TLS still verifies the certificate against the host name. No redirects (one
/// could lead past the policy), no proxies from the environment, no cookies, http and https only.
public struct CurlWebhookSender: WebhookSender {
    /// libcurl's global state, set up once before the first handle (it must not race with other threads' setup).
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init() {}

    public func post(to url: URL, connectingTo addresses: [IPAddress], body: [UInt8], headers: [(String, String)],
                     timeout: TimeInterval) async -> DeliveryOutcome {
        // curl_easy_perform blocks for up to `timeout`: a thread of its own keeps it off the task pool.
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Self.perform(url, addresses, body, headers, timeout))
            }
        }
    }

    static func perform(_ url: URL, _ addresses: [IPAddress], _ body: [UInt8], _ headers: [(String, String)],
                        _ timeout: TimeInterval) -> DeliveryOutcome {
        guard initialized, let handle = curl_easy_init() else { return .connectionFailed("HTTP client unavailable") }
        defer { curl_easy_cleanup(handle) }
        var headerList: UnsafeMutablePointer<curl_slist>?
        var resolveList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList); curl_slist_free_all(resolveList) }
        // Without Expect, libcurl would wait for a 100 Continue before sending bodies over 1 KiB.
        for line in headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] { headerList = curl_slist_append(headerList, line) }
        if let pin = resolveEntry(url, addresses) { resolveList = curl_slist_append(resolveList, pin) }
        let response = ResponseHead()
        let context = Unmanaged.passUnretained(response).toOpaque()
        let milliseconds = max(1, Int(timeout * 1000))
        var ok = true
        func set(_ code: CURLcode) { ok = ok && code == CURLE_OK }
        set(posttrace_curl_set_pointer(handle, CURLOPT_URL, url.absoluteString))
        set(posttrace_curl_set_long(handle, CURLOPT_POST, 1))
        if body.isEmpty {
            set(posttrace_curl_set_body(handle, "", 0))
        } else {
            set(body.withUnsafeBytes { posttrace_curl_set_body(handle, $0.baseAddress, $0.count) })
        }
        set(posttrace_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList))
        if resolveList != nil { set(posttrace_curl_set_pointer(handle, CURLOPT_RESOLVE, resolveList)) }
        set(posttrace_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds))
        set(posttrace_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        set(posttrace_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        set(posttrace_curl_set_pointer(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(posttrace_curl_set_pointer(handle, CURLOPT_NOPROXY, "*"))
        set(posttrace_curl_set_callback(handle, CURLOPT_WRITEFUNCTION) { _, size, count, _ in size * count })  // body unread
        set(posttrace_curl_set_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            if let data, let context {
                Unmanaged<ResponseHead>.fromOpaque(context).takeUnretainedValue().read(UnsafeRawBufferPointer(start: data, count: size * count))
            }
            return size * count
        })
        set(posttrace_curl_set_pointer(handle, CURLOPT_HEADERDATA, context))
        guard ok else { return .connectionFailed("HTTP client options refused") }
        let result = withExtendedLifetime(response) { curl_easy_perform(handle) }
        guard result == CURLE_OK else { return outcome(of: result) }
        var status = 0
        guard posttrace_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK, status >= 100 else {
            return .connectionFailed("bad HTTP response")
        }
        return .response(status: status, retryAfter: response.retryAfter)
    }

    /// libcurl's `host:port:address,address` pin for the URL's host; nil for no addresses or no host.
    static func resolveEntry(_ url: URL, _ addresses: [IPAddress]) -> String? {
        guard !addresses.isEmpty, var host = url.host?.lowercased() else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let list = addresses.map { $0.isIPv4 ? $0.description : "[\($0.description)]" }.joined(separator: ",")
        return "\(host.contains(":") ? "[\(host)]" : host):\(port):\(list)"
    }

    /// A failed transfer in the generic words subscribers see; the receiver's details stay out of them.
    static func outcome(of code: CURLcode) -> DeliveryOutcome {
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timedOut
        case CURLE_COULDNT_CONNECT: return .connectionFailed("connection refused")
        case CURLE_COULDNT_RESOLVE_HOST: return .connectionFailed("host not found")
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE: return .connectionFailed("connection lost")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE: return .connectionFailed("TLS failed")
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2: return .connectionFailed("bad HTTP response")
        default: return .connectionFailed("network error \(code.rawValue)")
        }
    }
}

/// The parts of the response head a delivery uses: `Retry-After`, from the last response (after any 1xx).
final class ResponseHead: @unchecked Sendable {
    // @unchecked: written only by libcurl's header callback, on the thread running the transfer, read after it.
    private(set) var retryAfter: String?

    func read(_ line: UnsafeRawBufferPointer) {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("HTTP/") { retryAfter = nil; return }  // a new response head begins
        guard let colon = text.firstIndex(of: ":"), text[..<colon].lowercased() == "retry-after" else { return }
        retryAfter = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
