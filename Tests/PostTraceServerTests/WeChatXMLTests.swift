import Foundation
import S10
import Testing
@testable import PostTraceServer
import TestSupport

@Suite("WeChat XML", .scratch)
struct WeChatXMLTests {
    static let textMessage = """
        <xml>
          <ToUserName><![CDATA[gh_account]]></ToUserName>
          <FromUserName><![CDATA[oUser123]]></FromUserName>
          <CreateTime>1348831860</CreateTime>
          <MsgType><![CDATA[text]]></MsgType>
          <Content><![CDATA[查询 EE123456785CN]]></Content>
          <MsgId>1234567890123456</MsgId>
        </xml>
        """

    func code(_ xml: String) -> String? {
        do { _ = try WeChatXML.parse(Array(xml.utf8)); return nil } catch { return error.code }
    }

    @Test("a platform text message is read field by field")
    func textMessage() throws {
        let message = try WeChatMessage(xml: Array(Self.textMessage.utf8))
        #expect(message.toUser == "gh_account")
        #expect(message.fromUser == "oUser123")
        #expect(message.createTime == 1_348_831_860)
        #expect(message.type == "text")
        #expect(message.content == "查询 EE123456785CN")
    }

    @Test("entities, numeric references, mixed CDATA and an XML declaration are understood")
    func textForms() throws {
        let xml = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><A>a &lt;b&gt; &amp; &#20013;&#x6587; <![CDATA[<raw>&amp;]]></A><B></B><C><Inner><Deep>x</Deep></Inner>kept</C></xml>"
        let fields = try WeChatXML.parse(Array(xml.utf8))
        #expect(fields["A"] == "a <b> & 中文 <raw>&amp;")
        #expect(fields["B"] == "")
        #expect(fields["C"] == "kept", "nested elements are parsed and skipped")
    }

    @Test("entity tricks, DTDs and processing instructions are refused", arguments: [
        "<!DOCTYPE xml [<!ENTITY a \"aaaa\">]><xml><A>&a;</A></xml>",
        "<?xml version=\"1.0\"?><!DOCTYPE foo SYSTEM \"file:///etc/passwd\"><xml><A>&xxe;</A></xml>",
        "<xml><A>&xxe;</A></xml>", "<xml><!-- c --><A>x</A></xml>", "<xml><?php echo 1 ?><A>x</A></xml>",
        "<xml><A>&#0;</A></xml>", "<xml><A>&#x110000;</A></xml>", "<xml><A>&#xD800;</A></xml>",
        "<xml><A><!ENTITY x \"y\"></A></xml>",
    ])
    func forbidden(xml: String) {
        #expect(code(xml) == "wechat_xml_forbidden")
    }

    @Test("malformed XML is an error with a code, never a crash", arguments: [
        "", "   ", "xml", "<xml>", "<xml></xm>", "<root><A>x</A></root>", "<xml><A>x</B></xml>", "<xml><A>x</A>",
        "<xml><A attr=\"1\">x</A></xml>", "<xml><A/></xml>", "<xml><A>x</A></xml>trailing", "<xml><A>x</A></xml><xml></xml>",
        "<xml><A><![CDATA[open</A></xml>", "<xml><A>a & b</A></xml>", "<xml><A>x</A><A>y</A></xml>", "<xml><1A>x</1A></xml>",
        "<xml><A><B><C><D>deep</D></C></B></A></xml>", "<?xml version=\"1.0\"<xml></xml>", "<xml><A>&amp</A></xml>",
        "<", "</xml>", "<xml></xml></xml>", "<xml><></></xml>", "<xml><A\n>x</A></xml>",
    ])
    func malformed(xml: String) {
        #expect(code(xml) == "wechat_xml_malformed")
    }

    @Test("invalid UTF-8 and oversized bodies are refused before parsing")
    func limits() {
        #expect((try? WeChatXML.parse([0x3C, 0x78, 0x6D, 0x6C, 0x3E, 0xFF, 0xFE])) == nil)
        do { _ = try WeChatXML.parse([0xC3, 0x28]); Issue.record("accepted") } catch { #expect(error.code == "wechat_xml_encoding") }
        let big = Array("<xml><A>".utf8) + [UInt8](repeating: 0x61, count: WeChatXML.maximumBytes) + Array("</A></xml>".utf8)
        do { _ = try WeChatXML.parse(big); Issue.record("accepted") } catch { #expect(error.code == "wechat_xml_too_large") }
    }

    @Test("more than 64 fields are refused")
    func tooManyFields() {
        let xml = "<xml>" + (0..<65).map { "<F\($0)>x</F\($0)>" }.joined() + "</xml>"
        #expect(code(xml) == "wechat_xml_malformed")
    }

    @Test("a message without addressing fields is refused")
    func missingFields() {
        #expect(throws: WeChatXMLError.self) { try WeChatMessage(xml: Array("<xml><MsgType>text</MsgType></xml>".utf8)) }
        #expect(throws: WeChatXMLError.self) {
            try WeChatMessage(xml: Array("<xml><ToUserName></ToUserName><FromUserName>u</FromUserName><MsgType>text</MsgType></xml>".utf8))
        }
    }

    @Test("random truncations and byte flips of a valid message never crash")
    func mutations() {
        let bytes = Array(Self.textMessage.utf8)
        var rng = SystemRandomNumberGenerator()
        for cut in 0..<bytes.count { _ = try? WeChatXML.parse(Array(bytes[..<cut])) }
        for _ in 0..<2000 {
            var mutated = bytes
            for _ in 0..<3 { mutated[Int.random(in: 0..<mutated.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            _ = try? WeChatXML.parse(mutated)
        }
        #expect((try? WeChatXML.parse(bytes)) != nil)
    }
}

@Suite("WeChat reply, signature and language", .scratch)
struct WeChatReplyTests {
    let message = try! WeChatMessage(xml: Array(WeChatXMLTests.textMessage.utf8))

    @Test("the reply swaps sender and recipient and round-trips through the parser")
    func replyRoundTrip() throws {
        let xml = WeChatReply.text("状态：运输中 ]]> <b>&", replyingTo: message, now: 1_700_000_000)
        let fields = try WeChatXML.parse(Array(xml.utf8))
        #expect(fields["ToUserName"] == "oUser123")
        #expect(fields["FromUserName"] == "gh_account")
        #expect(fields["MsgType"] == "text")
        #expect(fields["CreateTime"] == "1700000000")
        #expect(fields["Content"] == "状态：运输中 ]]> <b>&")
    }

    @Test("a long reply is cut to the platform limit at a line boundary")
    func fitted() {
        let long = (0..<300).map { "第 \($0) 行：EE123456785CN 运输中" }.joined(separator: "\n")
        let cut = WeChatReply.fitted(long)
        #expect(cut.utf8.count <= WeChatReply.maximumContentBytes)
        #expect(cut.hasSuffix("\n…"))
        #expect(long.hasPrefix(String(cut.dropLast(2))))
        let oneLine = String(repeating: "中", count: 2000)
        #expect(WeChatReply.fitted(oneLine).utf8.count <= WeChatReply.maximumContentBytes)
        #expect(WeChatReply.fitted("short") == "short")
    }

    @Test("the handshake signature matches an independent SHA-1 of the sorted values")
    func signature() {
        // python3 -c 'import hashlib; print(hashlib.sha1("".join(sorted(["tok","1409304348","xxxxxx"])).encode()).hexdigest())'
        #expect(WeChatSignature.expected(token: "tok", timestamp: "1409304348", nonce: "xxxxxx") == "683cedf3732d24caae1c16c8dd5354daba3f851a")
        let good = WeChatSignature.expected(token: "tok", timestamp: "1", nonce: "n")
        #expect(WeChatSignature.isValid(token: "tok", timestamp: "1", nonce: "n", signature: good))
        #expect(WeChatSignature.isValid(token: "tok", timestamp: "1", nonce: "n", signature: good.uppercased()))
        #expect(!WeChatSignature.isValid(token: "tok2", timestamp: "1", nonce: "n", signature: good))
        #expect(!WeChatSignature.isValid(token: "tok", timestamp: "2", nonce: "n", signature: good))
        #expect(!WeChatSignature.isValid(token: "tok", timestamp: nil, nonce: "n", signature: good))
        #expect(!WeChatSignature.isValid(token: "", timestamp: "1", nonce: "n", signature: good))
        #expect(!WeChatSignature.isValid(token: "tok", timestamp: "1", nonce: "n", signature: String(good.dropLast())))
    }

    @Test("replies are Chinese by default and English for English messages", arguments: [
        ("EE123456785CN", "zh-Hans"), ("查询 EE123456785CN", "zh-Hans"), ("where is my parcel EE123456785CN", "en"),
        ("EE123456785CN please", "en"), ("EE123456785CN，谢谢", "zh-Hans"), ("hello", "en"), ("", "zh-Hans"), ("123 ?", "zh-Hans"),
        ("Where is it? 在哪里", "zh-Hans"), ("ok", "zh-Hans"),
    ])
    func language(text: String, expected: String) {
        var ranges: [Range<String.Index>] = []
        if let r = text.range(of: "EE123456785CN") { ranges.append(r) }
        #expect(Language.ofWeChatMessage(text, ignoring: ranges).rawValue == expected)
    }
}
