import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Synchronization

/// `GET /wechat` (the platform's server verification) and `POST /wechat` (followers' messages),
/// compatible with the WeChat Official Account platform in plain-text mode, and in compatible and safe modes
/// (encrypted messages, `encrypt_type=aes`) when given the account's EncodingAESKey and AppID.
/// Mounted only when a token is configured.
public struct WeChatEndpoint: Sendable {
    /// The token entered in the platform's server configuration.
    let token: String
    /// Safe mode's cipher; nil answers encrypted messages with a problem naming the missing settings.
    let cipher: WeChatCipher?
    let store: any TrackingStore
    let lanes: LaneBook
    /// The platform waits 5 seconds for a reply; the lookup gets most of that.
    let lookupBudget: Duration
    let clock: @Sendable () -> Int64
    /// Fires lookup deadlines.
    private static let deadlines = DispatchQueue(label: "posttrace.wechat.deadlines")
    /// Runs lookups (a store call may block its thread until the store answers).
    private static let lookupThreads = HandlerThreads(count: 2, name: "pt-wechat")

    /// An endpoint answering with `store`; `lookupBudget` bounds the lookup so the platform's 5 seconds hold.
    public init(token: String, cipher: WeChatCipher? = nil, store: any TrackingStore, lookupBudget: Duration = .seconds(4),
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }, lanes: LaneBook = LaneBook()) {
        self.token = token; self.cipher = cipher; self.store = store; self.lookupBudget = lookupBudget; self.clock = clock
        self.lanes = lanes
    }

    /// The two routes of the endpoint.
    public var routes: [Route] {
        [Route("GET", "/wechat", name: "wechat.verify", rule: .platformSigned) { self.verify($0) },
         Route("POST", "/wechat", name: "wechat.message", rule: .platformSigned) { await self.receive($0) }]
    }

    /// Echoes `echostr` when the signature is right, 403 otherwise.
    public func verify(_ request: HTTPRequest) -> HTTPResponse {
        if let refused = signatureRefusal(request) { return refused }
        let echo = request.queryValue("echostr") ?? ""
        guard echo.utf8.count <= 256 else { return problem(400, "wechat_echostr_too_long", "echostr is longer than 256 bytes") }
        return HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", body: echo)
    }

    /// Answers a pushed message with an XML text reply (encrypted when the message was).
    public func receive(_ request: HTTPRequest) async -> HTTPResponse {
        if let refused = signatureRefusal(request) { return refused }
        guard request.body.count <= WeChatXML.maximumBytes else {
            return problem(413, "wechat_xml_too_large", "the message body is larger than \(WeChatXML.maximumBytes) bytes")
        }
        let sealed = request.queryValue("encrypt_type")?.lowercased() == "aes"
        // With the account's key the platform encrypts every message (compatible and safe modes alike): a plain one
        // is not from it, and answering it would bypass msg_signature and the AppID check.
        guard sealed || cipher == nil else {
            return problem(403, "wechat_plaintext_refused", "this server runs in safe mode (--wechat-aes-key): messages must be encrypted (encrypt_type=aes)")
        }
        let message: WeChatMessage
        do {
            message = try WeChatMessage(xml: sealed ? try opened(request) : request.body)
        } catch {
            let status = switch error.code {
            case "wechat_signature", "wechat_app_id": 403
            case "wechat_aes_not_configured": 501
            default: 400
            }
            return problem(status, error.code, error.message)
        }
        let text: String
        switch message.type {
        case "text":
            text = await answer(message.content ?? "")
        case "event" where message.event?.lowercased() != "subscribe":
            // Menu clicks, unsubscribes …: the platform only needs to know we got it.
            return HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", body: "success")
        default:
            text = Catalogue.text(.wechatHelp, .zhHans)
        }
        let reply = WeChatReply.text(text, replyingTo: message, now: clock())
        guard sealed, let cipher else { return HTTPResponse(status: 200, contentType: "application/xml; charset=utf-8", body: reply) }
        return HTTPResponse(status: 200, contentType: "application/xml; charset=utf-8",
                            body: cipher.envelope(reply, token: token, timestamp: String(clock()), nonce: Self.nonce()))
    }

    /// The message XML inside a safe-mode envelope, once its `msg_signature` and AppID check out.
    func opened(_ request: HTTPRequest) throws(WeChatXMLError) -> [UInt8] {
        guard let cipher else {
            throw WeChatXMLError(code: "wechat_aes_not_configured",
                                 message: "this message is encrypted (safe mode); start the server with --wechat-aes-key and --wechat-app-id")
        }
        guard let encrypted = try WeChatXML.parse(request.body)["Encrypt"], !encrypted.isEmpty else {
            throw WeChatXMLError(code: "wechat_xml_malformed", message: "an encrypted message needs its Encrypt element")
        }
        guard WeChatSignature.isValidMessage(token: token, timestamp: request.queryValue("timestamp"), nonce: request.queryValue("nonce"),
                                             encrypted: encrypted, signature: request.queryValue("msg_signature")) else {
            throw WeChatXMLError(code: "wechat_signature", message: "msg_signature does not sign this Encrypt value")
        }
        return try cipher.decrypt(encrypted)
    }

    /// Ten random digits for a reply envelope.
    static func nonce() -> String {
        String(LibCrypto.randomUInt64() % 10_000_000_000)
    }

    /// The reply to a text message, within the lookup budget.
    func answer(_ content: String) async -> String {
        let request = WeChatConversation.read(content)
        let numbers = WeChatConversation.wanted(by: request)
        guard !numbers.isEmpty else { return WeChatConversation.reply(to: request, events: [:], now: clock()) }
        let store = self.store, budget = lookupBudget
        // A race that does not wait for the loser: a blocked store call cannot be cancelled, the reply must still go.
        let events: [S10Number: [TrackingEvent]]? = await withCheckedContinuation { continuation in
            let first = FirstAnswer(continuation)
            // The lookup and the deadline on threads of their own: on the shared task pool, blocking work
            // elsewhere in the process could hold both back for longer than the platform waits.
            Task(executorPreference: Self.lookupThreads) { first.give(try? await store.events(for: numbers, consistency: .replicaAllowed)) }
            let (seconds, attoseconds) = budget.components
            Self.deadlines.asyncAfter(deadline: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))) {
                first.give(nil)
            }
        }
        guard let events else { return Catalogue.text(.wechatBusy, request.language) }
        return WeChatConversation.reply(to: request, events: events, now: clock(), lanes: lanes.current)
    }

    /// How far a signed timestamp may be from the server's clock, either way: a captured request cannot be
    /// replayed later than this.
    static let timestampWindow: Int64 = 300

    /// Why a request is not accepted as the platform's: no valid signature (403 `wechat_signature`), or a
    /// timestamp more than five minutes from now (403 `wechat_timestamp`); nil when it is.
    func signatureRefusal(_ request: HTTPRequest) -> HTTPResponse? {
        let timestamp = request.queryValue("timestamp")
        guard WeChatSignature.isValid(token: token, timestamp: timestamp, nonce: request.queryValue("nonce"),
                                      signature: request.queryValue("signature")) else { return forbidden() }
        let now = clock()  // compared as a range: no subtraction that a hostile Int64 could overflow
        guard let seconds = timestamp.flatMap({ Int64($0) }), (now - Self.timestampWindow)...(now + Self.timestampWindow) ~= seconds else {
            return problem(403, "wechat_timestamp", "the signed timestamp is more than \(Self.timestampWindow / 60) minutes from the server's clock")
        }
        return nil
    }

    func forbidden() -> HTTPResponse { problem(403, "wechat_signature", "The WeChat signature does not match.") }

    func problem(_ status: Int, _ code: String, _ detail: String) -> HTTPResponse {
        HTTPResponse(problem: Problem(status: status, slug: code, title: status == 403 ? "Forbidden" : status == 501 ? "WeChat safe mode not configured" : "Bad WeChat message", detail: detail),
                     instance: "/wechat")
    }
}

/// Resumes a continuation once, with whichever answer comes first.
final class FirstAnswer<Value: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<Value?, Never>?>
    init(_ continuation: CheckedContinuation<Value?, Never>) { self.continuation = Mutex(continuation) }
    func give(_ value: Value?) {
        let waiting = continuation.withLock { pending in defer { pending = nil }; return pending }
        waiting?.resume(returning: value)
    }
}
