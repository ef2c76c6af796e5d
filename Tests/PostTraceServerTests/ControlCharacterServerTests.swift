import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PostTraceCore
import PostTraceStore
import S10
import Testing
@testable import PostTraceServer
import TestSupport

/// Control characters at the HTTP boundary and in every XML the server writes.
@Suite("Control characters: ingestion and XML", .scratch)
struct ControlCharacterServerTests {
    @Test("POST /v1/events rejects each line holding a control character and keeps the rest", arguments: NotificationBackend.allCases)
    func ingestion(_ backend: NotificationBackend) async throws {
        let store = try backend.open()
        var config = ServerConfiguration()
        config.port = 0
        config.accessLog = false
        let server = try PostTraceServer(configuration: config, store: store, keyStore: store)
        Scratch.atEnd { await server.shutdown() }
        let key = try await KeyRing(store: store).create(name: "feed", scope: .ingest).secret
        let lines = [
            #"{"number":"EE123456785CN","code":"EMA","time":"2026-03-01T09:10:00+08:00","office":"CNPEKA","office_name":"Beijing"}"#,
            #"{"number":"EE123456785CN","code":"EMB","time":"2026-03-01T10:10:00+08:00","office":"CNPEKA","office_name":"Bei\u0000jing"}"#,
            #"{"number":"EE123456785CN","code":"EMC","time":"2026-03-01T11:10:00+08:00","office":"CNPEKA","city":"x\u0001"}"#,
            #"{"number":"EE123456785CN","code":"EMD","time":"2026-03-01T12:10:00+08:00","office":"CNPEKA","city":"tab\tok"}"#,
        ]
        for (type, body) in [("application/x-ndjson", lines.joined(separator: "\n")), ("application/json", "[" + lines.joined(separator: ",") + "]")] {
            let r = try await RawHTTP.exchange(port: server.port, request: RawHTTP.request(
                "POST", "/v1/events", headers: ["Authorization": "Bearer \(key)", "Content-Type": type], body: Array(body.utf8)))
            #expect(r.status == 200, "\(type): \(r.text)")
            let rejected = try #require(try r.json()["rejected"] as? [[String: Any]])
            #expect(rejected.map { $0["index"] as? Int } == [1, 2])
            #expect(rejected.allSatisfy { $0["code"] as? String == "control_character" })
        }
        let kept = try await store.events(for: try #require(S10Number("EE123456785CN")))
        #expect(kept.map(\.code.rawValue).sorted() == ["EMA", "EMD"])
        #expect(kept.first { $0.code.rawValue == "EMA" }?.office.name == "Beijing")
    }

    @Test("the Atom feed stays well-formed XML when the store holds text XML forbids")
    func atomFeed() throws {
        let number = try #require(S10Number("EE123456785CN"))
        let time = try #require(LocalTime(epochSeconds: 1_780_000_000, utcOffsetSeconds: 0))
        let event = TrackingEvent(number: number, code: .posting, time: time,
                                  office: Office(code: "CNPEKA", name: "A\u{0}B\u{1}C\u{1F}D\u{FFFE}E\u{FFFF}F\u{EFBF}", city: "中\u{7}文"))
        let feed = AtomFeed.render(Timeline(number: number, events: [event], language: .en, now: 1_780_000_100), base: "", now: 1_780_000_100)
        let parser = XMLParser(data: Data(feed))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        let text = String(decoding: feed, as: UTF8.self)
        #expect(text.contains("A\u{FFFD}B\u{FFFD}C\u{FFFD}D\u{FFFD}E\u{FFFD}F\u{EFBF}"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) })
    }

    @Test("a WeChat reply stays well-formed XML whatever its text holds")
    func weChatReply() throws {
        let message = try WeChatMessage(xml: Array("<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>".utf8))
        let reply = WeChatReply.text("status\u{0}: \u{1}]]>delivered\u{FFFF}", replyingTo: message, now: 2)
        let parser = XMLParser(data: Data(reply.utf8))
        #expect(parser.parse(), "\(reply)")
    }

    @Test("control characters cannot push a reply past the platform's content limit (the fuzzer's find)")
    func weChatReplyLimitAfterReplacement() throws {
        // Each C0 character (one byte) becomes U+FFFD (three bytes): the text is cut after that, not before.
        let message = try WeChatMessage(xml: Array("<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>".utf8))
        for text in [String(repeating: "\u{1}", count: 1_500), String(repeating: "ab\u{0}\n", count: 600), "]]>" + String(repeating: "\u{2}]]>", count: 500)] {
            #expect(text.utf8.count <= 2_400)
            let fields = try WeChatXML.parse(Array(WeChatReply.text(text, replyingTo: message, now: 2).utf8))
            let content = try #require(fields["Content"])
            #expect(content.utf8.count <= WeChatReply.maximumContentBytes, "\(content.utf8.count) bytes")
            #expect(content.hasSuffix("…") && !content.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        }
    }

    @Test("]]> followed by a combining mark cannot end a reply's CDATA early (the fuzzer's find)")
    func weChatReplyCombiningMark() throws {
        // `>` + U+074A is one Swift Character, so a character search for `]]>` missed it and the section ended there.
        let hostile = "a]]>\u{74A}<MsgType>news</MsgType>]]>\u{301}z"
        let message = try WeChatMessage(xml: Array("<xml><ToUserName>123]]>\u{74A}gt</ToUserName><FromUserName>o]]>\u{301}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>".utf8))
        let reply = WeChatReply.text(hostile, replyingTo: message, now: 2)
        let fields = try WeChatXML.parse(Array(reply.utf8))
        #expect(fields["Content"] == hostile && fields["MsgType"] == "text", "\(reply)")
        #expect(fields["FromUserName"] == message.toUser && fields["ToUserName"] == message.fromUser, "\(reply)")
        #expect(XMLParser(data: Data(reply.utf8)).parse(), "\(reply)")
    }
}
