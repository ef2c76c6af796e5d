import Foundation

/// A message pushed by the WeChat Official Account platform (only the fields PostTrace uses).
public struct WeChatMessage: Sendable, Hashable {
    /// The Official Account's id (the reply's sender).
    public var toUser: String
    /// The follower's OpenID (the reply's recipient).
    public var fromUser: String
    public var createTime: Int64
    /// `text`, `image`, `voice`, `event` …
    public var type: String
    /// The text of a `text` message.
    public var content: String?
    /// The event name of an `event` message (`subscribe` …).
    public var event: String?

    /// Reads the platform's XML; refuses bodies without the addressing fields.
    public init(xml bytes: [UInt8]) throws(WeChatXMLError) {
        let fields = try WeChatXML.parse(bytes)
        guard let to = fields["ToUserName"], let from = fields["FromUserName"], let type = fields["MsgType"],
              !to.isEmpty, !from.isEmpty, to.utf8.count <= 128, from.utf8.count <= 128
        else { throw WeChatXMLError(code: "wechat_xml_malformed", message: "ToUserName, FromUserName and MsgType are required") }
        self.toUser = to; self.fromUser = from; self.type = type.lowercased()
        self.createTime = fields["CreateTime"].flatMap { Int64($0) } ?? 0
        self.content = fields["Content"]
        self.event = fields["Event"]
    }
}

/// Builds the platform's passive text reply.
public enum WeChatReply {
    /// The platform truncates or rejects passive replies longer than this many bytes.
    public static let maximumContentBytes = 2048

    /// `<xml>` text reply to `message`, sent from the account to the follower.
    public static func text(_ content: String, replyingTo message: WeChatMessage, now: Int64) -> String {
        """
        <xml><ToUserName>\(cdata(message.fromUser))</ToUserName><FromUserName>\(cdata(message.toUser))</FromUserName>\
        <CreateTime>\(now)</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>\(cdata(fitted(XMLText.legal(content))))</Content></xml>
        """
    }

    /// CDATA cannot contain `]]>`; split it across two sections so any text survives. Matched on UTF-8 bytes:
    /// a String search compares characters, and `>` followed by a combining mark (`]]>\u{74A}`) is another
    /// character, so a user's message could end the section early and add elements to our reply.
    static func cdata(_ text: String) -> String {
        let bytes = Array(XMLText.legal(text).utf8)
        var out = Array("<![CDATA[".utf8)
        out.reserveCapacity(bytes.count + 12)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "]"), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "]"), bytes[i + 2] == UInt8(ascii: ">") {
                out += "]]]]><![CDATA[>".utf8
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out + "]]>".utf8, as: UTF8.self)
    }

    /// Cuts `content` to the platform limit at a line (else character) boundary, marking the cut.
    static func fitted(_ content: String) -> String {
        guard content.utf8.count > maximumContentBytes else { return content }
        let budget = maximumContentBytes - "\n…".utf8.count
        var out = "", used = 0
        for line in content.split(separator: "\n", omittingEmptySubsequences: false) {
            let cost = line.utf8.count + (out.isEmpty ? 0 : 1)
            guard used + cost <= budget else { break }
            out += (out.isEmpty ? "" : "\n") + line; used += cost
        }
        if out.isEmpty {
            for ch in content {
                guard used + ch.utf8.count <= budget else { break }
                out.append(ch); used += ch.utf8.count
            }
        }
        return out + "\n…"
    }
}

/// Text made legal in XML 1.0: characters outside its `Char` production (C0 controls other than tab, LF and
/// CR; U+FFFE, U+FFFF) become U+FFFD, which CDATA cannot escape.
enum XMLText {
    static func legal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isLegal($0) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isLegal($0) ? $0 : "\u{FFFD}" }))
    }

    static func isLegal(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xFFFD, 0x10000...: true
        default: false
        }
    }
}
