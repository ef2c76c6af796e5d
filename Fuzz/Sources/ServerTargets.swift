import Foundation
import MessageCheck
@testable import PostTraceServer
import S10

let serverTargets: [FuzzTarget] = [
    FuzzTarget(name: "wechat-xml", run: fuzzWeChatXML),
    FuzzTarget(name: "wechat-aes", run: fuzzWeChatAES),
    FuzzTarget(name: "headers", run: { fuzzHeaders(text($0)) }),
    FuzzTarget(name: "json-body", run: fuzzJSONBody),
]

let weChatCodes: Set<String> = ["wechat_xml_malformed", "wechat_xml_forbidden", "wechat_xml_encoding", "wechat_xml_too_large"]

/// WeChat's XML: malformed input is a coded error; a message that reads gets a reply that reads back with
/// the addressing swapped, whatever characters the message held.
func fuzzWeChatXML(_ bytes: [UInt8]) {
    let message: WeChatMessage
    do throws(WeChatXMLError) { message = try WeChatMessage(xml: bytes) } catch {
        return invariant(weChatCodes.contains(error.code), "unexpected WeChat XML error \(error.code)")
    }
    let reply = WeChatReply.text(message.content ?? "", replyingTo: message, now: 1_700_000_000)
    do throws(WeChatXMLError) {
        let fields = try WeChatXML.parse(Array(reply.utf8))
        invariant(fields["ToUserName"] == XMLText.legal(message.fromUser), "reply addressed wrongly for \(text(bytes).debugDescription)")
        invariant(fields["FromUserName"] == XMLText.legal(message.toUser), "reply sent from the wrong account")
        invariant(fields["MsgType"] == "text", "reply is not text")
        invariant(fields["Content"].map { $0.utf8.count <= WeChatReply.maximumContentBytes } ?? false, "reply content missing or too long")
    } catch {
        invariant(false, "our reply to \(text(bytes).debugDescription) is not readable XML (\(error.code)): \(reply)")
    }
}

let weChatCipher = WeChatCipher(encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", appID: "wx5823bf96d3bd56c7")!

/// WeChat safe mode: decrypt(encrypt(x)) == x; anything else offered as `Encrypt` is refused with a code.
func fuzzWeChatAES(_ bytes: [UInt8]) {
    let random = Array((bytes + [UInt8](repeating: 7, count: 16)).prefix(16))
    let sealed = weChatCipher.encrypt(bytes, random: random)
    do throws(WeChatXMLError) {
        let opened = try weChatCipher.decrypt(sealed)
        invariant(opened == bytes, "AES round trip changed \(bytes.count) bytes")
    } catch {
        invariant(false, "our own ciphertext is refused: \(error.code)")
    }
    do throws(WeChatXMLError) { _ = try weChatCipher.decrypt(text(bytes)) } catch {
        invariant(["wechat_aes", "wechat_app_id"].contains(error.code), "unexpected AES error \(error.code)")
    }
}

/// The request-header readers: the language negotiated is English or one the header names, gzip is accepted
/// only when named (or `*`), and the media type is what precedes the first `;`, trimmed and lower-cased,
/// the same in every route that reads it.
func fuzzHeaders(_ field: String) {
    let lower = field.lowercased()
    let language = Language.negotiate(acceptLanguage: field)
    let primary = String(language.rawValue.prefix(2)).lowercased()
    invariant(language == .en || lower.contains(primary), "\(language) negotiated from \(field.debugDescription)")
    if let tagged = Language(tag: field) { invariant(Language(tag: tagged.rawValue) == tagged, "\(tagged) does not name itself") }
    if HTTPCompression.acceptsGzip(field) {
        invariant(lower.contains("gzip") || field.contains("*"), "gzip accepted from \(field.debugDescription)")
    }
    let expected = String(field.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])
        .trimmingCharacters(in: .whitespaces).lowercased()
    let request = HTTPRequest(method: "POST", path: "/v1/check-message", headers: ["content-type": field], body: Array("{}".utf8))
    invariant(request.mediaType == expected, "Content-Type \(field.debugDescription) read as \(request.mediaType.debugDescription)")
    let answer = MessageCheckAPI.check(request, checker: .shipped)
    invariant((answer.status == 415) == (expected != "application/json"),
              "check-message answers \(answer.status) to Content-Type \(field.debugDescription)")
}

/// JSON request bodies (batch, subscriptions): either a typed value or a problem with a 4xx status and a slug.
func fuzzJSONBody(_ bytes: [UInt8]) {
    func problem(_ error: any Error) {
        guard let problem = error as? Problem else { return invariant(false, "not a problem: \(error)") }
        invariant(problem.status == 400 || problem.status == 422, "JSON body answered \(problem.status)")
        invariant(isMachineCode(problem.slug), "problem slug \(problem.slug.debugDescription)")
    }
    do {
        let batch = try JSONBody.decode(BatchRequest.self, from: bytes)
        for number in batch.numbers.prefix(100) { _ = NumberInput.read(number) }
    } catch { problem(error) }
    do { _ = try JSONBody.decode(SubscriptionRoutes.CreateBody.self, from: bytes) } catch { problem(error) }
}
