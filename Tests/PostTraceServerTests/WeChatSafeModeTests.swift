import Foundation
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// Safe mode (encrypted messages), checked against the platform's published sample and, independently,
/// against the openssl command line.
@Suite("WeChat safe mode", .scratch)
struct WeChatSafeModeTests {
    // The platform's published sample (Tencent's WXBizMsgCrypt): token, EncodingAESKey, AppID, and one
    // pushed message with its query parameters.
    static let token = "QDG6eK"
    static let aesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
    static let appID = "wx5823bf96d3bd56c7"
    static let timestamp = "1409659813", nonce = "1372623149"
    static let msgSignature = "477715d11cdb4164915debcba66cb864d751f3e6"
    static let encrypted = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
    static var cipher: WeChatCipher { WeChatCipher(encodingAESKey: aesKey, appID: appID)! }

    @Test("the platform's sample: msg_signature checks out and the message decrypts to its XML")
    func publishedSample() throws {
        #expect(WeChatSignature.isValidMessage(token: Self.token, timestamp: Self.timestamp, nonce: Self.nonce,
                                               encrypted: Self.encrypted, signature: Self.msgSignature))
        #expect(!WeChatSignature.isValidMessage(token: "other", timestamp: Self.timestamp, nonce: Self.nonce,
                                                encrypted: Self.encrypted, signature: Self.msgSignature))
        let xml = try Self.cipher.decrypt(Self.encrypted)
        let message = try WeChatMessage(xml: xml)
        #expect(message.toUser == "wx5823bf96d3bd56c7" && message.fromUser == "mycreate")
        #expect(message.type == "text" && message.content == "hello")
    }

    @Test("a message for another account or under another key is refused with its code")
    func wrongAccount() throws {
        let otherApp = try #require(WeChatCipher(encodingAESKey: Self.aesKey, appID: "wx0000000000000000"))
        #expect(throws: WeChatXMLError(code: "wechat_app_id", message: "the message is for another Official Account (AppID mismatch)")) {
            try otherApp.decrypt(Self.encrypted)
        }
        let otherKey = try #require(WeChatCipher(encodingAESKey: String(repeating: "A", count: 43), appID: Self.appID))
        #expect(throws: WeChatXMLError.self) { try otherKey.decrypt(Self.encrypted) }
        // Keys that are not 43 Base64 characters of 32 bytes are not keys.
        for bad in ["", "short", Self.aesKey + "A", String(Self.aesKey.dropLast()) + "!", String(repeating: "é", count: 43)] {
            #expect(WeChatCipher(encodingAESKey: bad, appID: Self.appID) == nil)
        }
        #expect(WeChatCipher(encodingAESKey: Self.aesKey, appID: "") == nil)
    }

    @Test("encryption matches openssl's AES-256-CBC byte for byte, and decrypts back")
    func againstOpenSSL() async throws {
        let message = Array("<xml><Content><![CDATA[你好 EE123456785CN]]></Content></xml>".utf8)
        let random = Array(0..<16).map(UInt8.init)
        let ours = Self.cipher.encrypt(message, random: random)
        // The same plaintext laid out by hand, padded to 32-byte blocks, encrypted by the openssl tool.
        let length = UInt32(message.count)
        var plain = random + [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        plain += message + Array(Self.appID.utf8)
        let pad = 32 - plain.count % 32
        plain += [UInt8](repeating: UInt8(pad), count: pad)
        let key = Array(Data(base64Encoded: Self.aesKey + "=")!)
        let theirs = try await openssl(["enc", "-aes-256-cbc", "-nopad", "-K", LibCrypto.hex(key), "-iv", LibCrypto.hex(Array(key.prefix(16)))], input: plain)
        #expect(ours == Data(theirs).base64EncodedString())
        #expect(try Self.cipher.decrypt(ours) == message)
        // Fresh random bytes each time: the same message never encrypts the same way twice.
        #expect(Self.cipher.encrypt(message) != Self.cipher.encrypt(message))
    }

    @Test("over HTTP: the sample message gets an encrypted, signed reply the platform can open")
    func overHTTP() async throws {
        let store = InMemoryStore()
        let s = try TestServer(extraRoutes: WeChatEndpoint(token: Self.token, cipher: Self.cipher, store: store, clock: { 1_409_659_813 }).routes)
        let answer = try await s.post(Self.target(), body: Self.envelope(Self.encrypted), type: "text/xml")
        #expect(answer.status == 200)
        let envelope = try WeChatXML.parse(answer.body)
        let sealed = try #require(envelope["Encrypt"])
        #expect(WeChatSignature.isValidMessage(token: Self.token, timestamp: envelope["TimeStamp"], nonce: envelope["Nonce"],
                                               encrypted: sealed, signature: envelope["MsgSignature"]))
        #expect(envelope["Content"] == nil)  // nothing in the clear
        let reply = try WeChatXML.parse(try Self.cipher.decrypt(sealed))
        #expect(reply["ToUserName"] == "mycreate" && reply["FromUserName"] == Self.appID && reply["MsgType"] == "text")
        #expect(reply["Content"]?.isEmpty == false)
    }

    @Test("over HTTP: an encrypted question about a parcel gets its status, encrypted")
    func lookupOverHTTP() async throws {
        let store = InMemoryStore()
        let parcel = try #require(S10Number("EE123456785CN"))
        _ = try await store.insert([TrackingEvent(number: parcel, code: .posting,
                                                  time: LocalTime(epochSeconds: 1_764_000_000, utcOffsetSeconds: 28_800)!, office: Office(code: "CNPEKA"))])
        let s = try TestServer(extraRoutes: WeChatEndpoint(token: Self.token, cipher: Self.cipher, store: store, clock: { 1_409_659_813 }).routes)
        let question = "<xml><ToUserName><![CDATA[gh_post]]></ToUserName><FromUserName><![CDATA[oFollower]]></FromUserName>"
            + "<CreateTime>1764000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[where is EE123456785CN]]></Content></xml>"
        let sealed = Self.cipher.encrypt(Array(question.utf8))
        let answer = try await s.post(Self.target(encrypted: sealed), body: Self.envelope(sealed), type: "text/xml")
        #expect(answer.status == 200)
        let reply = try WeChatXML.parse(try Self.cipher.decrypt(try #require(try WeChatXML.parse(answer.body)["Encrypt"])))
        #expect(reply["ToUserName"] == "oFollower")
        #expect(reply["Content"]?.contains("EE123456785CN") == true)
        let timeline = Timeline(number: parcel, events: try await store.events(for: parcel), language: .en, now: 1_764_000_000)
        #expect(reply["Content"]?.contains(timeline.status.title(in: .en)) == true)
    }

    @Test("hostile envelopes: each gets its status and code, and the endpoint keeps answering")
    func hostile() async throws {
        let store = InMemoryStore()
        let s = try TestServer(extraRoutes: WeChatEndpoint(token: Self.token, cipher: Self.cipher, store: store, clock: { 1_409_659_813 }).routes)
        func post(_ encrypted: String, signature: String? = nil, body: String? = nil) async throws -> RawResponse {
            try await s.post(Self.target(encrypted: encrypted, signature: signature), body: body ?? Self.envelope(encrypted), type: "text/xml")
        }
        // A wrong msg_signature, or none.
        #expect(try await post(Self.encrypted, signature: String(repeating: "0", count: 40)).status == 403)
        #expect(try await s.post(Self.target(withMessageSignature: false), body: Self.envelope(Self.encrypted), type: "text/xml").status == 403)
        // Tampered ciphertext, re-signed so that only decryption can tell: flipping the first byte garbles the length field.
        var bytes = Array(Data(base64Encoded: Self.encrypted)!)
        bytes[0] ^= 0x01
        let tampered = try await post(Data(bytes).base64EncodedString())
        #expect(tampered.status == 400 && tampered.text.contains("wechat_aes"))
        // Not Base64, not whole blocks, empty, missing.
        for junk in ["not base64!", Data([1, 2, 3]).base64EncodedString(), "%00"] {
            let r = try await post(junk)
            #expect(r.status == 400 && r.text.contains("wechat_aes"), "\(junk)")
        }
        #expect(try await post("", body: "<xml><Encrypt></Encrypt></xml>").status == 400)
        #expect(try await post("", body: "<xml><ToUserName>x</ToUserName></xml>").status == 400)
        // Another account's message under the same key.
        let foreign = WeChatCipher(encodingAESKey: Self.aesKey, appID: "wx0000000000000000")!.encrypt(Array("<xml/>".utf8))
        let refused = try await post(foreign)
        #expect(refused.status == 403 && refused.text.contains("wechat_app_id"))
        // An encrypted message to a server without the key says which settings are missing.
        let plain = try TestServer(extraRoutes: WeChatEndpoint(token: Self.token, store: store, clock: { 1_409_659_813 }).routes)
        let unconfigured = try await plain.post(Self.target(), body: Self.envelope(Self.encrypted), type: "text/xml")
        #expect(unconfigured.status == 501 && unconfigured.text.contains("--wechat-aes-key"))
        #expect(try await post(Self.encrypted).status == 200)
    }

    /// `/wechat` with the platform's query: the plain `signature`, timestamp, nonce, `encrypt_type=aes` and `msg_signature`.
    static func target(encrypted: String = encrypted, signature: String? = nil, withMessageSignature: Bool = true) -> String {
        var query = ["signature=\(WeChatSignature.expected(token: token, timestamp: timestamp, nonce: nonce))",
                     "timestamp=\(timestamp)", "nonce=\(nonce)", "openid=oFollower", "encrypt_type=aes"]
        if withMessageSignature {
            query.append("msg_signature=\(signature ?? WeChatSignature.expected(token: token, parts: [timestamp, nonce, encrypted]))")
        }
        return "/wechat?" + query.joined(separator: "&")
    }

    static func envelope(_ encrypted: String) -> String {
        "<xml><ToUserName><![CDATA[\(appID)]]></ToUserName><Encrypt><![CDATA[\(encrypted)]]></Encrypt></xml>"
    }

    /// Runs the openssl command line on `input`, returning its standard output.
    func openssl(_ arguments: [String], input: [UInt8]) async throws -> [UInt8] {
        let run = try await IndependentTool.launch("/usr/bin/openssl", arguments, input: input)
        #expect(run.status == 0)
        return run.output
    }
}
